// The dialog's warning about scripts and actions (commands/active_content_warning.*), how the
// PIN dialog shows it (prompt/dialog_text.cpp), and the refuseActiveContent switch's merge.
#include "commands/active_content_warning.hpp"

#include <catch2/catch.hpp>

#include "policy/config.hpp"
#include "prompt/dialog_text.hpp"

using namespace kyso;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("active content warning: one document names every kind, in both languages",
          "[app][active]") {
    CHECK(activeContentWarning(std::vector<std::string>{}, Language::Vi).empty());
    const std::vector<std::string> all = {"JavaScript", "Launch", "SubmitForm",
                                          "ImportData", "XFA",    "Unchecked"};
    const auto vi = activeContentWarning(all, Language::Vi);
    REQUIRE(vi.size() == 1);
    CHECK(has(vi[0],
              "Tài liệu có chứa mã lệnh hoặc hành động tự động: JavaScript, mở chương "
              "trình (Launch), gửi dữ liệu biểu mẫu đi (SubmitForm), nạp dữ liệu từ tệp "
              "khác (ImportData), biểu mẫu XFA"));
    const auto en = activeContentWarning(std::vector<std::string>{"Launch"}, Language::En);
    REQUIRE(en.size() == 1);
    CHECK(has(en[0], "The document contains scripts or actions: starting a program (Launch)."));
}

TEST_CASE("active content warning: a batch counts the documents and lists three names, cleaned",
          "[app][active]") {
    std::vector<DocumentActiveContent> documents = {
        {"sach.pdf", {}},
        {"a.pdf", {"Launch"}},
        {"b\nGiả mạo dòng.pdf", {"JavaScript"}},
        {std::string(300, 'x') + ".pdf", {"JavaScript"}},
        {"d.pdf", {"SubmitForm"}}};
    const auto lines = activeContentWarning(documents, Language::Vi);
    REQUIRE(lines.size() == 1);
    const std::string& line = lines[0];
    CHECK(has(line,
              "⚠ 4 tài liệu có chứa mã lệnh hoặc hành động tự động (JavaScript, mở "
              "chương trình (Launch), gửi dữ liệu biểu mẫu đi (SubmitForm)): a.pdf, b Giả "
              "mạo dòng.pdf, "));
    CHECK(has(line, "…, …."));  // the long name cut, the fourth document counted, not named
    CHECK_FALSE(has(line, "d.pdf"));
    CHECK_FALSE(has(line, "sach.pdf"));
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.size() < 400);
    CHECK(activeContentWarning(std::vector<DocumentActiveContent>{{"sach.pdf", {}}}, Language::En)
              .empty());
}

TEST_CASE("the PIN dialog shows the host's warnings whole, after what is asked", "[app][active]") {
    DialogContext context;
    context.origin = "https://dichvucong.gov.vn";
    context.operation = OperationKind::SignPdf;
    context.documents = {"to-trinh.pdf"};
    context.warnings = activeContentWarning(std::vector<std::string>{"JavaScript"}, Language::Vi);
    context.certificate = CertificateSummary{"Nguyễn Văn A", "CA G2", "2027-12-31T23:59:59+07:00"};
    const std::string description = pinTexts(context, {}, false).description;
    INFO(description);
    const auto warning = description.find(context.warnings[0]);
    REQUIRE(warning != std::string::npos);
    CHECK(description.find("to-trinh.pdf") < warning);
    CHECK(warning < description.find("Nguyễn Văn A"));
}

TEST_CASE("refuseActiveContent: true in either file refuses, a false cannot undo it",
          "[app][active]") {
    Config config;
    CHECK_FALSE(config.refuseActiveContent);
    applyConfigJson(config, R"({"refuseActiveContent": true})", true);
    applyConfigJson(config, R"({"refuseActiveContent": false})", false);
    CHECK(config.refuseActiveContent);

    Config user;
    applyConfigJson(user, R"({"refuseActiveContent": true})", false);
    applyConfigJson(user, R"({"refuseActiveContent": false})", true);
    CHECK(user.refuseActiveContent);
    CHECK_THROWS(applyConfigJson(user, R"({"refuseActiveContent": "yes"})", false));
}
