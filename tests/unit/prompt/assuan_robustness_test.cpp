#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>

#include "core/error.hpp"
#include "prompt/prompter.hpp"
#include "scripted_pinentry.hpp"

// Pinentries that misbehave in ways the scripted fixture does not: small /bin/sh programs,
// real processes speaking (or failing to speak) Assuan over real pipes.
using namespace kyso;

namespace {

// A pinentry whose every command gets OK, except GETPIN and CONFIRM, which run `dialog`.
class ShellPinentry {
  public:
    explicit ShellPinentry(const std::string& dialog,
                           const std::string& greeting = "echo 'OK hi'") {
        path_ = dir_.path() + "/pinentry";
        std::ofstream(path_) << "#!/bin/sh\n"
                             << greeting << "\n"
                             << "while read -r cmd rest; do\n"
                             << "  case \"$cmd\" in\n"
                             << "    GETPIN|CONFIRM) " << dialog << " ;;\n"
                             << "    BYE) echo 'OK closing connection'; exit 0 ;;\n"
                             << "    *) echo OK ;;\n"
                             << "  esac\n"
                             << "done\n";
        ::chmod(path_.c_str(), 0755);
        ::unsetenv("KYSO_PINENTRY");
    }
    std::unique_ptr<Prompter> prompter(int timeoutSeconds = 5) const {
        return makePinentryPrompter({path_, timeoutSeconds});
    }

  private:
    kyso::test::TempDir dir_;
    std::string path_;
};

DialogContext someContext() {
    DialogContext context;
    context.origin = "https://thuedientu.gdt.gov.vn";
    return context;
}

ErrorCode codeOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("no kyso::Error was thrown");
    return ErrorCode::Internal;
}

}  // namespace

TEST_CASE("status, comment and INQUIRE lines are handled on the way to the answer",
          "[prompt][assuan]") {
    // INQUIRE must be answered with CAN; the script refuses to go on otherwise.
    ShellPinentry pinentry(
        "echo 'S PROGRESS 1'; echo '# thinking'; echo 'INQUIRE QUALITY x'; read -r answer; "
        "if [ \"$answer\" = CAN ]; then echo 'D 12%2534'; echo 'D 56'; echo OK; "
        "else echo 'ERR 1 no CAN'; fi");
    auto pin = pinentry.prompter()->askPin(someContext(), PinRequest{});
    REQUIRE(pin);
    CHECK(std::string(pin->c_str()) == "12%3456");
}

TEST_CASE("pinentry's own timeout gives TIMEOUT, other errors PROMPT_FAILED", "[prompt][assuan]") {
    CHECK(codeOf([] {
              ShellPinentry("echo 'ERR 83886142 Timeout <Pinentry>'")
                  .prompter()
                  ->askPin(someContext(), PinRequest{});
          }) == ErrorCode::Timeout);
    CHECK(codeOf([] {
              ShellPinentry("echo 'ERR 83918950 Inappropriate ioctl for device <Pinentry>'")
                  .prompter()
                  ->confirm(someContext());
          }) == ErrorCode::PromptFailed);
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("garbage from the program gives PROMPT_FAILED", "[prompt][assuan]") {
    for (std::string dialog : {"echo 'HELLO?'", "echo 'ERR nonsense'", "echo 'D %zz'; echo OK",
                               "printf '%05000d\\n' 0"}) {
        CAPTURE(dialog);
        ShellPinentry pinentry(dialog);
        CHECK(codeOf([&] { pinentry.prompter()->askPin(someContext(), PinRequest{}); }) ==
              ErrorCode::PromptFailed);
    }
    ShellPinentry rude("echo OK", "echo Welcome!");
    CHECK(codeOf([&] { rude.prompter()->confirm(someContext()); }) == ErrorCode::PromptFailed);
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("a PIN longer than any token takes is refused, not buffered without end",
          "[prompt][assuan]") {
    // 10 D lines of 900 bytes: each line is legal, the whole is not a PIN.
    ShellPinentry pinentry(
        "i=0; while [ $i -lt 10 ]; do printf 'D %0900d\\n' 7; i=$((i+1)); done; echo OK");
    CHECK(codeOf([&] { pinentry.prompter()->askPin(someContext(), PinRequest{}); }) ==
          ErrorCode::PromptFailed);
}

TEST_CASE("a program that never greets is killed at the deadline", "[prompt][assuan]") {
    ShellPinentry silent("echo OK", "exec sleep 60");
    auto start = std::chrono::steady_clock::now();
    CHECK(codeOf([&] { silent.prompter(1)->confirm(someContext()); }) == ErrorCode::Timeout);
    CHECK(std::chrono::steady_clock::now() - start <
          std::chrono::seconds(1 + kPinentryDeadlineMarginSeconds + 2));
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("a program that stops reading gives PROMPT_FAILED, not a SIGPIPE death",
          "[prompt][assuan]") {
    // stdin is closed before the greeting, so the host's first command hits a broken pipe.
    ShellPinentry deaf("echo OK", "exec 0<&-; echo 'OK hi'; exec sleep 5");
    auto start = std::chrono::steady_clock::now();
    CHECK(codeOf([&] { deaf.prompter()->confirm(someContext()); }) == ErrorCode::PromptFailed);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    CHECK(kyso::test::childProcesses().empty());
}
