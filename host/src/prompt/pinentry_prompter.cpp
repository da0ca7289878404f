#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "prompt/assuan_client.hpp"
#include "prompt/dialog_text.hpp"
#include "prompt/pinentry_dialog.hpp"
#include "prompt/pinentry_notice.hpp"
#include "prompt/pinentry_process.hpp"
#include "prompt/prompter.hpp"

namespace kyso {
namespace {

using Clock = PinentryProcess::Clock;

// Pressing OK on an empty field is a slip, not a PIN: ask again (the token never sees an
// empty PIN, which would cost a try), but not forever.
constexpr int kEmptyAnswersAllowed = 3;

class PinentryPrompter final : public Prompter {
  public:
    explicit PinentryPrompter(const PinentrySettings& settings)
        : program_(findPinentry(settings.program)),
          timeoutSeconds_(std::clamp(settings.timeoutSeconds, 1, 3600)) {}

    bool confirm(const DialogContext& context) override {
        return runDialog(confirmTexts(context), "CONFIRM", nullptr) == DialogOutcome::Accepted;
    }

    std::optional<SecureString> askPin(const DialogContext& context,
                                       const PinRequest& request) override {
        bool emptyBefore = false;
        for (int attempt = 0; attempt < kEmptyAnswersAllowed; ++attempt) {
            SecureString pin;
            auto outcome = runDialog(pinTexts(context, request, emptyBefore), "GETPIN", &pin);
            if (outcome != DialogOutcome::Accepted) {
                return std::nullopt;
            }
            if (!pin.empty()) {
                return std::optional<SecureString>(std::move(pin));
            }
            emptyBefore = true;
        }
        return std::nullopt;
    }

    std::unique_ptr<Notice> pinPadNotice(const DialogContext& context) override {
        return std::make_unique<PinentryNotice>(program_, pinentryOptions(), pinPadTexts(context));
    }

  private:
    // One pinentry process for one dialog: a fresh process every time means no state (and no
    // PIN) survives from one dialog to the next.
    DialogOutcome runDialog(const DialogTexts& texts, std::string_view command,
                            SecureString* answer) {
        PinentryProcess process(program_);
        // One deadline for the whole conversation: the user's time plus a margin for the
        // program to start and to report its own timeout first.
        AssuanClient client(
            process,
            Clock::now() + std::chrono::seconds(timeoutSeconds_ + kPinentryDeadlineMarginSeconds));
        setUpDialog(client, pinentryOptions(), texts, timeoutSeconds_);
        auto reply = client.transact(command, answer);
        client.bye(true);
        process.finish(std::chrono::milliseconds(1000));
        return interpretAnswer(reply);
    }

    std::string program_;
    int timeoutSeconds_;
};

}  // namespace

std::unique_ptr<Prompter> makePinentryPrompter(const PinentrySettings& settings) {
    return std::make_unique<PinentryPrompter>(settings);
}

}  // namespace kyso
