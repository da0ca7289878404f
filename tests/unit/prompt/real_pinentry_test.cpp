#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "prompt/prompter.hpp"
#include "scripted_pinentry.hpp"

// Debian's real pinentry-tty and pinentry-curses, driven through a pseudo-terminal the test
// holds: the host finds the terminal through GPG_TTY (as gpg-agent does), the pinentry draws
// the dialog on it, and the test reads the screen and types like a user would.
using namespace kyso;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kPinentryTty = "/usr/bin/pinentry-tty";
constexpr const char* kPinentryCurses = "/usr/bin/pinentry-curses";

// The master side of a new pseudo-terminal, and GPG_TTY pointing at its slave while it lives.
class PseudoTerminal {
  public:
    PseudoTerminal() {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master_ >= 0 && ::grantpt(master_) == 0 && ::unlockpt(master_) == 0) {
            const char* slave = ::ptsname(master_);
            slaveName_ = slave == nullptr ? "" : slave;
        }
        if (!slaveName_.empty()) {
            // Keep one slave descriptor open so the terminal does not hang up between dialogs.
            slave_ = ::open(slaveName_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
            winsize size{};
            size.ws_row = 40;
            size.ws_col = 120;  // room for the whole dialog, as on a real terminal
            ::ioctl(slave_, TIOCSWINSZ, &size);
        }
        ::setenv("GPG_TTY", slaveName_.c_str(), 1);
    }
    ~PseudoTerminal() {
        ::unsetenv("GPG_TTY");
        if (slave_ >= 0) {
            ::close(slave_);
        }
        if (master_ >= 0) {
            ::close(master_);
        }
    }
    PseudoTerminal(const PseudoTerminal&) = delete;
    PseudoTerminal& operator=(const PseudoTerminal&) = delete;

    bool ready() const { return master_ >= 0 && slave_ >= 0; }

    // Everything shown on the terminal so far, reading until `text` appears or `limit` passes.
    std::string readUntil(const std::string& text,
                          std::chrono::milliseconds limit = std::chrono::seconds(5)) {
        auto deadline = Clock::now() + limit;
        while (screen_.find(text) == std::string::npos && Clock::now() < deadline) {
            pollfd readable{master_, POLLIN, 0};
            if (::poll(&readable, 1, 100) == 1) {
                char chunk[512];
                ssize_t got = ::read(master_, chunk, sizeof chunk);
                if (got > 0) {
                    screen_.append(chunk, static_cast<std::size_t>(got));
                }
            }
        }
        return screen_;
    }

    // Forgets what was read, so the next readUntil() waits for the next dialog.
    void clear() { screen_.clear(); }

    void type(const std::string& keys) {
        REQUIRE(::write(master_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size()));
    }

  private:
    int master_ = -1;
    int slave_ = -1;
    std::string slaveName_;
    std::string screen_;
};

DialogContext context() {
    DialogContext c;
    c.origin = "https://dichvucong.gov.vn";
    c.operation = OperationKind::SignHash;
    c.siteDescription = "Tờ khai thuế 01/GTGT";
    c.certificate =
        CertificateSummary{"Nguyễn Thị Lấp Lánh Ánh", "CA phục vụ các cơ quan Nhà nước G2",
                           "2027-12-31T23:59:59+07:00"};
    return c;
}

}  // namespace

TEST_CASE("Debian's pinentry-tty shows the dialog and returns what the user typed",
          "[prompt][real]") {
    INFO("needs Debian's pinentry-tty package (apt-get install pinentry-tty)");
    REQUIRE(::access(kPinentryTty, X_OK) == 0);
    ::unsetenv("KYSO_PINENTRY");
    PseudoTerminal terminal;
    REQUIRE(terminal.ready());
    auto prompter = makePinentryPrompter({kPinentryTty, 10});

    PinRequest finalTry{true, false, true, false};
    auto answer =
        std::async(std::launch::async, [&] { return prompter->askPin(context(), finalTry); });
    std::string screen = terminal.readUntil("Mã PIN:");
    CHECK(screen.find("Trang https://dichvucong.gov.vn yêu cầu") != std::string::npos);
    CHECK(screen.find("Trang web ghi: “Tờ khai thuế 01/GTGT”") != std::string::npos);
    CHECK(screen.find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
    CHECK(screen.find("Mã PIN không đúng.") != std::string::npos);
    CHECK(screen.find("nhập sai nữa token sẽ bị khóa") != std::string::npos);
    terminal.type("12%ab ü\r");
    REQUIRE(answer.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    auto pin = answer.get();
    REQUIRE(pin);
    CHECK(std::string(pin->c_str(), pin->size()) == "12%ab ü");
    screen = terminal.readUntil("(nothing)", std::chrono::milliseconds(300));
    CHECK(screen.find("12%ab") == std::string::npos);  // typed without echo
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("Debian's pinentry-tty honours SETTIMEOUT: TIMEOUT, from pinentry itself",
          "[prompt][real]") {
    REQUIRE(::access(kPinentryTty, X_OK) == 0);
    ::unsetenv("KYSO_PINENTRY");
    PseudoTerminal terminal;
    REQUIRE(terminal.ready());
    auto prompter = makePinentryPrompter({kPinentryTty, 1});
    auto start = Clock::now();
    ErrorCode code = ErrorCode::Internal;
    try {
        prompter->askPin(context(), PinRequest{});
    } catch (const Error& e) {
        code = e.code();
    }
    CHECK(code == ErrorCode::Timeout);
    // Well before the host's own deadline (1 s + margin): pinentry reported it.
    CHECK(Clock::now() - start < std::chrono::milliseconds(1000 * kPinentryDeadlineMarginSeconds));
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("Debian's pinentry-curses draws the dialog on the terminal and returns the PIN",
          "[prompt][real]") {
    INFO("needs Debian's pinentry-curses package (apt-get install pinentry-curses)");
    REQUIRE(::access(kPinentryCurses, X_OK) == 0);
    ::unsetenv("KYSO_PINENTRY");
    std::string oldTerm = std::getenv("TERM") == nullptr ? "" : std::getenv("TERM");
    ::setenv("TERM", "xterm", 1);  // sent as OPTION ttytype: curses needs to know the terminal
    PseudoTerminal terminal;
    REQUIRE(terminal.ready());
    auto prompter = makePinentryPrompter({kPinentryCurses, 10});
    auto answer =
        std::async(std::launch::async, [&] { return prompter->askPin(context(), PinRequest{}); });
    std::string screen = terminal.readUntil("<Hủy>");
    CHECK(screen.find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
    CHECK(screen.find("Mã PIN:") != std::string::npos);
    CHECK(screen.find("<Ký>") != std::string::npos);
    terminal.type("9876\r");
    REQUIRE(answer.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    auto pin = answer.get();
    oldTerm.empty() ? ::unsetenv("TERM") : ::setenv("TERM", oldTerm.c_str(), 1);
    REQUIRE(pin);
    CHECK(std::string(pin->c_str(), pin->size()) == "9876");
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("Debian's pinentry-tty asks for consent with our buttons", "[prompt][real]") {
    REQUIRE(::access(kPinentryTty, X_OK) == 0);
    ::unsetenv("KYSO_PINENTRY");
    PseudoTerminal terminal;
    REQUIRE(terminal.ready());
    auto prompter = makePinentryPrompter({kPinentryTty, 10});
    DialogContext listing = context();
    listing.operation = OperationKind::ListCertificates;
    for (auto [key, expected] : {std::pair{"n", true}, std::pair{"t", false}}) {
        CAPTURE(key);
        auto answer = std::async(std::launch::async, [&] { return prompter->confirm(listing); });
        // pinentry-tty offers each button under its first ASCII letter: Đồ[n]g ý, [T]ừ chối.
        std::string screen = terminal.readUntil("[nt]? ");
        CHECK(screen.find("xem danh sách chứng thư số") != std::string::npos);
        CHECK(screen.find("Chỉ đồng ý nếu bạn đang dùng trang này.") != std::string::npos);
        terminal.type(key);
        REQUIRE(answer.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
        CHECK(answer.get() == expected);
        terminal.clear();
    }
    CHECK(kyso::test::childProcesses().empty());
}
