#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "core/error.hpp"
#include "prompt/assuan.hpp"
#include "prompt/prompter.hpp"
#include "scripted_pinentry.hpp"

using namespace kyso;
using kyso::test::ScriptedPinentry;
using Clock = std::chrono::steady_clock;

namespace {

const char* const kHolder = "Nguyễn Thị Lấp Lánh Ánh";
const char* const kOrigin = "https://dichvucong.gov.vn";

DialogContext signingContext(Language lang = Language::Vi) {
    DialogContext context;
    context.origin = kOrigin;
    context.lang = lang;
    context.operation = OperationKind::SignPdf;
    context.documents = {"hop-dong.pdf"};
    context.siteDescription = "Hợp đồng số 12/2026";
    context.certificate = CertificateSummary{kHolder, "CA phục vụ các cơ quan Nhà nước G2",
                                             "2027-12-31T23:59:59+07:00"};
    return context;
}

std::unique_ptr<Prompter> scriptedPrompter(int timeoutSeconds = 5) {
    return makePinentryPrompter({kyso::test::scriptedPinentryPath(), timeoutSeconds});
}

std::string pinOf(const std::optional<SecureString>& pin) {
    REQUIRE(pin.has_value());
    return std::string(pin->c_str(), pin->size());
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

bool contains(const nlohmann::json& dialog, const char* field, const std::string& text) {
    return dialog.contains(field) && dialog[field].is_string() &&
           dialog[field].get<std::string>().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("the PIN comes back byte for byte, UTF-8 and percent signs included", "[prompt]") {
    for (std::string pin : {"1234", "Mật%25khẩu ü 100%", "%", "a%0Ab"}) {
        CAPTURE(pin);
        ScriptedPinentry fixture({"pin:" + pin});
        auto prompter = scriptedPrompter();
        CHECK(pinOf(prompter->askPin(signingContext(), PinRequest{})) == pin);
        CHECK(kyso::test::childProcesses().empty());
    }
}

TEST_CASE("cancelling the PIN dialog gives nullopt", "[prompt]") {
    ScriptedPinentry fixture({"cancel"});
    CHECK_FALSE(scriptedPrompter()->askPin(signingContext(), PinRequest{}).has_value());
    CHECK(fixture.dialogs().size() == 1);
}

TEST_CASE("confirm: OK allows, 'not OK' and cancel refuse", "[prompt]") {
    ScriptedPinentry fixture({"ok", "notok", "cancel"});
    auto prompter = scriptedPrompter();
    DialogContext context = signingContext();
    context.operation = OperationKind::ListCertificates;
    CHECK(prompter->confirm(context));
    CHECK_FALSE(prompter->confirm(context));
    CHECK_FALSE(prompter->confirm(context));
    CHECK(fixture.dialogs().size() == 3);
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("the dialog names the site, the document and the certificate, in Vietnamese",
          "[prompt]") {
    ScriptedPinentry fixture({"pin:1234"});
    scriptedPrompter(7)->askPin(signingContext(), PinRequest{});
    auto dialogs = fixture.dialogs();
    REQUIRE(dialogs.size() == 1);
    const auto& dialog = dialogs[0];
    CHECK(contains(dialog, "title", "kyso — Ký số"));
    CHECK(contains(dialog, "desc", std::string("Trang ") + kOrigin + " yêu cầu"));
    CHECK(contains(dialog, "desc", "ký tài liệu “hop-dong.pdf”"));
    CHECK(contains(dialog, "desc", "Trang web ghi: “Hợp đồng số 12/2026”"));
    CHECK(contains(dialog, "desc", kHolder));
    CHECK(contains(dialog, "desc", "CA phục vụ các cơ quan Nhà nước G2"));
    CHECK(contains(dialog, "desc", "31/12/2027"));
    CHECK(contains(dialog, "prompt", "Mã PIN:"));
    CHECK(contains(dialog, "ok", "Ký"));
    CHECK(contains(dialog, "cancel", "Hủy"));
    CHECK(dialog["timeout"] == 7);
    CHECK(dialog["keyinfo"] == "--clear");  // desktop pinentries must not offer to cache it
    CHECK((dialog["error"].is_null() || dialog["error"] == ""));
}

TEST_CASE("Language::En gives the English texts", "[prompt]") {
    ScriptedPinentry fixture({"ok"});
    DialogContext context = signingContext(Language::En);
    context.operation = OperationKind::ListCertificates;
    context.certificate.reset();
    scriptedPrompter()->confirm(context);
    auto dialogs = fixture.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(contains(dialogs[0], "desc", std::string("The site ") + kOrigin + " asks to"));
    CHECK(contains(dialogs[0], "desc", "see the certificates"));
    CHECK(contains(dialogs[0], "ok", "Allow"));
    CHECK_FALSE(contains(dialogs[0], "desc", "yêu cầu"));
}

TEST_CASE("a retry says the PIN was wrong and what the token says about tries", "[prompt]") {
    ScriptedPinentry fixture({"pin:1", "pin:2", "pin:3"});
    auto prompter = scriptedPrompter();
    PinRequest finalTry{true, true, true, false};
    PinRequest countLow{true, true, false, false};
    PinRequest perSignature{false, false, false, true};
    prompter->askPin(signingContext(), finalTry);
    prompter->askPin(signingContext(), countLow);
    prompter->askPin(signingContext(), perSignature);
    auto dialogs = fixture.dialogs();
    REQUIRE(dialogs.size() == 3);
    CHECK(contains(dialogs[0], "error", "Mã PIN không đúng."));
    CHECK(contains(dialogs[0], "error", "1 lần thử, nhập sai nữa token sẽ bị khóa"));
    CHECK(contains(dialogs[1], "error", "Mã PIN không đúng."));
    CHECK(contains(dialogs[1], "error", "Số lần thử còn lại ít"));
    CHECK(contains(dialogs[2], "desc", "Chữ ký này cần nhập lại mã PIN."));
}

TEST_CASE("an empty PIN is never returned: the dialog asks again", "[prompt]") {
    ScriptedPinentry fixture({"pin:", "pin:4321"});
    CHECK(pinOf(scriptedPrompter()->askPin(signingContext(), PinRequest{})) == "4321");
    auto dialogs = fixture.dialogs();
    REQUIRE(dialogs.size() == 2);
    CHECK(contains(dialogs[1], "error", "Bạn chưa nhập mã PIN."));
}

TEST_CASE("a huge document list is shortened to fit Assuan's line limit", "[prompt]") {
    ScriptedPinentry fixture({"pin:1234"});
    DialogContext context = signingContext();
    context.operation = OperationKind::SignPdfBatch;
    context.documents.clear();
    for (int i = 0; i < 100; ++i) {
        context.documents.push_back("Quyết định số " + std::to_string(i) +
                                    " về việc bổ nhiệm cán bộ phòng Tài chính - Kế hoạch.pdf");
    }
    CHECK(pinOf(scriptedPrompter()->askPin(context, PinRequest{})) == "1234");
    auto dialogs = fixture.dialogs();
    REQUIRE(dialogs.size() == 1);
    std::string desc = dialogs[0]["desc"];
    CHECK(desc.find("ký 100 tài liệu:") != std::string::npos);
    CHECK(desc.find("Quyết định số 0 ") != std::string::npos);
    CHECK(desc.find("tài liệu khác") != std::string::npos);
    CHECK(desc.find(kHolder) != std::string::npos);  // the certificate is never pushed out
    CHECK(assuan::commandLine("SETDESC", desc).size() <= assuan::kMaxLineBytes);
}

TEST_CASE("a pinentry that hangs is killed and gives TIMEOUT in time", "[prompt]") {
    ScriptedPinentry fixture({"hang"});
    auto prompter = scriptedPrompter(1);
    auto start = Clock::now();
    CHECK(codeOf([&] { prompter->askPin(signingContext(), PinRequest{}); }) == ErrorCode::Timeout);
    auto elapsed = Clock::now() - start;
    CHECK(elapsed >= std::chrono::seconds(1));
    CHECK(elapsed < std::chrono::seconds(1 + kPinentryDeadlineMarginSeconds + 2));
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("a pinentry that exits without answering gives PROMPT_FAILED", "[prompt]") {
    ScriptedPinentry fixture({"exit"});
    CHECK(codeOf([&] { scriptedPrompter()->confirm(signingContext()); }) ==
          ErrorCode::PromptFailed);
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("a missing pinentry program gives PROMPT_FAILED", "[prompt]") {
    for (std::string program :
         {"/nonexistent/pinentry", "kyso-no-such-pinentry", "/etc/hostname"}) {
        CAPTURE(program);
        ::unsetenv("KYSO_PINENTRY");
        auto prompter = makePinentryPrompter({program, 5});
        CHECK(codeOf([&] { prompter->askPin(signingContext(), PinRequest{}); }) ==
              ErrorCode::PromptFailed);
    }
}

TEST_CASE("the PIN pad notice shows without blocking and is gone when destroyed", "[prompt]") {
    ScriptedPinentry fixture({"hang"});
    auto prompter = scriptedPrompter();
    auto start = Clock::now();
    auto notice = prompter->pinPadNotice(signingContext());
    CHECK(Clock::now() - start < std::chrono::milliseconds(200));
    REQUIRE(kyso::test::eventually([&] { return fixture.dialogs().size() == 1; },
                                   std::chrono::seconds(5)));
    auto dialog = fixture.dialogs()[0];
    CHECK(contains(dialog, "desc", "Hãy nhập mã PIN trên bàn phím của thiết bị."));
    CHECK(contains(dialog, "desc", kOrigin));
    auto running = kyso::test::childProcesses();
    for (int pid : running) {
        std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
        std::string text((std::istreambuf_iterator<char>(cmdline)), {});
        UNSCOPED_INFO("child " << pid << ": " << text);
    }
    CHECK(running.size() == 1);
    start = Clock::now();
    notice.reset();
    CHECK(Clock::now() - start < std::chrono::seconds(2));
    CHECK(kyso::test::childProcesses().empty());
    int noticePid = dialog["pid"].get<int>();
    CHECK(::kill(noticePid, 0) != 0);  // not even a zombie: reaped
}

TEST_CASE("a notice destroyed at once still leaves no process behind", "[prompt]") {
    ScriptedPinentry fixture({"hang"});
    auto prompter = scriptedPrompter();
    for (int i = 0; i < 3; ++i) {
        prompter->pinPadNotice(signingContext()).reset();
    }
    CHECK(kyso::test::childProcesses().empty());
}

TEST_CASE("a notice the user dismisses ends its process by itself", "[prompt]") {
    ScriptedPinentry fixture({"ok"});
    auto notice = scriptedPrompter()->pinPadNotice(signingContext());
    REQUIRE(kyso::test::eventually([&] { return fixture.dialogs().size() == 1; },
                                   std::chrono::seconds(5)));
    CHECK(kyso::test::eventually([] { return kyso::test::childProcesses().empty(); },
                                 std::chrono::seconds(5)));
}

TEST_CASE("pinentry's own timeout gives TIMEOUT", "[prompt]") {
    ScriptedPinentry fixture({"timeout", "timeout"});
    auto prompter = scriptedPrompter();
    CHECK(codeOf([&] { prompter->askPin(signingContext(), PinRequest{}); }) == ErrorCode::Timeout);
    CHECK(codeOf([&] { prompter->confirm(signingContext()); }) == ErrorCode::Timeout);
}

TEST_CASE("a slow user is waited for, within the timeout", "[prompt]") {
    ScriptedPinentry fixture({"sleep:1500", "pin:2468"});
    CHECK(pinOf(scriptedPrompter(2)->askPin(signingContext(), PinRequest{})) == "2468");
}

TEST_CASE("the pinentry inherits none of the host's other descriptors", "[prompt]") {
    kyso::test::TempDir dir;
    std::string marker = dir.path() + "/host-only";
    int leaked = ::open(marker.c_str(), O_CREAT | O_WRONLY, 0600);  // no O_CLOEXEC on purpose
    REQUIRE(leaked >= 0);
    ScriptedPinentry fixture({"hang"});
    auto notice = scriptedPrompter()->pinPadNotice(signingContext());
    REQUIRE(kyso::test::eventually([&] { return fixture.dialogs().size() == 1; },
                                   std::chrono::seconds(5)));
    std::string fdDir = "/proc/" + std::to_string(fixture.dialogs()[0]["pid"].get<int>()) + "/fd";
    int inspected = 0;
    DIR* fds = ::opendir(fdDir.c_str());
    REQUIRE(fds != nullptr);
    while (dirent* entry = ::readdir(fds)) {
        char target[4096] = {};
        std::string link = fdDir + "/" + entry->d_name;
        if (::readlink(link.c_str(), target, sizeof target - 1) > 0) {
            ++inspected;
            CHECK(std::string(target) != marker);
        }
    }
    ::closedir(fds);
    ::close(leaked);
    CHECK(inspected >= 3);  // stdin, stdout, stderr at least: the listing worked
}
