#include "prompt/pinentry_notice.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>

#include "core/error.hpp"
#include "prompt/assuan_client.hpp"
#include "prompt/pinentry_dialog.hpp"
#include "prompt/pinentry_process.hpp"

namespace kyso {
namespace {

using Clock = PinentryProcess::Clock;

// Bounds, not waits: the destructor ends the notice long before either in practice.
constexpr std::chrono::seconds kSetupTime{30};
constexpr std::chrono::minutes kLongestNotice{30};

}  // namespace

PinentryNotice::PinentryNotice(std::string program, std::vector<std::string> options,
                               DialogTexts texts) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw Error(ErrorCode::PromptFailed, "cannot create the notice's wake-up pipe");
    }
    wakeRead_ = FileDescriptor(fds[0]);
    wakeWrite_ = FileDescriptor(fds[1]);
    worker_ = std::thread([this, program = std::move(program), options = std::move(options),
                           texts = std::move(texts)] { show(program, options, texts); });
}

PinentryNotice::~PinentryNotice() {
    // Closing the write end makes the read end readable (POLLHUP): the worker stops waiting.
    wakeWrite_.reset();
    if (worker_.joinable()) {
        worker_.join();
    }
}

void PinentryNotice::show(const std::string& program, const std::vector<std::string>& options,
                          const DialogTexts& texts) noexcept {
    try {
        PinentryProcess process(program);
        AssuanClient client(process, Clock::now() + kSetupTime, wakeRead_.get());
        if (!setUpDialog(client, options, texts, 0)) {
            return;  // closed before it was shown; ~PinentryProcess ends the program
        }
        client.setDeadline(Clock::now() + kLongestNotice);
        bool closedByUs = client.transact("MESSAGE").outcome == AssuanClient::Outcome::Stopped;
        // Dismissed by the user: a normal goodbye. Closed by us: the pinentry is inside the
        // dialog and reads no commands, so BYE is a courtesy and the signals do the work.
        client.bye(!closedByUs);
        process.finish(std::chrono::milliseconds(closedByUs ? 200 : 1000));
    } catch (const std::exception&) {
        // A notice that cannot be shown must not stop the PIN pad login it accompanies.
    }
}

}  // namespace kyso
