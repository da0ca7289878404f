// The description's budget (one SETDESC line, prompt/dialog_text.hpp): who asks, the
// certificate, the host's warnings, the additions and the consent line always stay whole;
// page-supplied text gives way, visibly.
#include <catch2/catch.hpp>
#include <string>

#include "prompt/assuan.hpp"
#include "prompt/dialog_text.hpp"
#include "prompt/utf8_text.hpp"

using namespace kyso;

namespace {

const std::string kGrinning = "\xF0\x9F\x98\x80";  // U+1F600, 4 bytes of UTF-8
const std::string kCjkExtB = "\xF0\xA0\x80\x80";   // U+20000, 4 bytes

std::string times(const std::string& piece, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += piece;
    }
    return out;
}

// A valid origin of exactly 255 characters: labels of 63 letters.
std::string longestOrigin() {
    std::string host =
        std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + ".";
    const std::size_t rest = 255 - std::string("https://").size() - host.size();
    host += std::string(rest - 3, 'd') + ".vn";
    return "https://" + host;
}

DialogContext hostileContext(OperationKind operation, Language lang) {
    DialogContext c;
    c.origin = longestOrigin();
    c.lang = lang;
    c.operation = operation;
    c.siteDescription = times(kGrinning, 100) + times(kCjkExtB, 100);  // 200 chars, 800 bytes
    c.certificate = CertificateSummary{"Nguyễn Thị Lấp Lánh Ánh",
                                       "Kyso Test CA phục vụ các cơ quan Nhà nước G2",
                                       "2027-12-31T23:59:59+07:00"};
    if (operation == OperationKind::SignPdf) {
        c.documents = {times(kGrinning, 200) + ".pdf"};
    } else if (operation == OperationKind::SignPdfBatch) {
        c.documents.assign(100, times(kCjkExtB, 80));
    }
    return c;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

bool fits(const std::string& description) {
    return assuan::escape(description).size() <= kDescriptionBudget &&
           assuan::commandLine("SETDESC", description) ==
               "SETDESC " + assuan::escape(description);  // sent as is, nothing cut
}

struct Variant {
    const char* name;
    DialogTexts texts;
    std::string consentLine;
};

std::vector<Variant> everyDialog(const DialogContext& c) {
    const bool vi = c.lang == Language::Vi;
    DialogContext noPin = c;
    noPin.withoutPin = true;
    PinRequest perSignature;
    perSignature.contextSpecific = true;
    return {
        {"confirm", confirmTexts(c),
         vi ? "Chỉ đồng ý nếu bạn đang dùng trang này."
            : "Allow only if you are using this site now."},
        {"no-PIN consent", confirmTexts(noPin), vi ? "không cần mã PIN" : "needs no PIN"},
        {"PIN", pinTexts(c, {}, false),
         vi ? "Nhập mã PIN nghĩa là bạn đồng ý." : "Entering your PIN means you agree."},
        {"PIN per signature", pinTexts(c, perSignature, false),
         vi ? "Nhập mã PIN nghĩa là bạn đồng ý." : "Entering your PIN means you agree."},
        {"PIN pad", pinPadTexts(c),
         vi ? "Hãy nhập mã PIN trên bàn phím của thiết bị."
            : "Enter your PIN on the device's keypad."},
    };
}

}  // namespace

TEST_CASE(
    "a 255-character origin and 200 four-byte characters of page text leave who, which "
    "certificate and the consent line whole",
    "[prompt][text][budget]") {
    for (Language lang : {Language::Vi, Language::En}) {
        for (OperationKind op :
             {OperationKind::ListCertificates, OperationKind::SignHash, OperationKind::Authenticate,
              OperationKind::SignPdf, OperationKind::SignPdfBatch}) {
            const DialogContext c = hostileContext(op, lang);
            for (const auto& variant : everyDialog(c)) {
                CAPTURE(static_cast<int>(lang), static_cast<int>(op), variant.name);
                const auto& description = variant.texts.description;
                INFO(description);
                CHECK(fits(description));
                CHECK(has(description, longestOrigin()));
                CHECK(has(description, "Nguyễn Thị Lấp Lánh Ánh"));
                CHECK(has(description, "Kyso Test CA phục vụ các cơ quan Nhà nước G2"));
                CHECK(has(description, lang == Language::Vi ? "31/12/2027" : "2027-12-31"));
                CHECK(has(description, variant.consentLine));
                // The page's text gave way, and says how much of it is not shown.
                CHECK_FALSE(has(description, c.siteDescription));
                CHECK(has(description, lang == Language::Vi ? "ký tự)" : "characters left out)"));
            }
        }
    }
}

TEST_CASE("page text that fits is shown whole, without a count", "[prompt][text][budget]") {
    DialogContext c = hostileContext(OperationKind::SignHash, Language::En);
    c.origin = "https://dichvucong.gov.vn";
    c.siteDescription = times(kGrinning, 150);  // 600 bytes: fits next to a short origin
    const auto description = pinTexts(c, {}, false).description;
    CHECK(has(description, c.siteDescription));
    CHECK_FALSE(has(description, "left out"));
    CHECK(fits(description));
}

TEST_CASE("the description is cut by what is left out, never more than needed",
          "[prompt][text][budget]") {
    const DialogContext c = hostileContext(OperationKind::SignHash, Language::En);
    const auto description = pinTexts(c, {}, false).description;
    // As many of the site's characters as fit: one more would not.
    const auto escaped = assuan::escape(description).size();
    CHECK(escaped <= kDescriptionBudget);
    CHECK(escaped + 4 + 1 > kDescriptionBudget);  // +4 bytes for a character, +1 for the count
}

TEST_CASE(
    "fills up to the limit are shown whole; ones that cannot be are reported before any "
    "dialog",
    "[prompt][text][budget]") {
    DialogContext c = hostileContext(OperationKind::SignPdf, Language::Vi);
    c.origin = "https://dichvucong.gov.vn";
    // 480 bytes in all (the protocol's limit), well over 200 characters in one value.
    const std::string number = "SoKyHieu: " + std::string(300, '1') + "/QĐ-UBND";
    const std::string date = "NgayKy: " + times("ngày ", 20);
    c.additions = {number, date};
    REQUIRE(number.size() + date.size() + 6 <= 480);
    CHECK(requiredTextFits(c));
    for (const auto& variant : everyDialog(c)) {
        CAPTURE(variant.name);
        CHECK(has(variant.texts.description, number));
        CHECK(has(variant.texts.description, date));
        CHECK(fits(variant.texts.description));
    }
    // Next to the longest origin the same values cannot all be shown: refused, not cut.
    c.origin = longestOrigin();
    CHECK_FALSE(requiredTextFits(c));
    CHECK_THROWS(pinTexts(c, {}, false));
}

TEST_CASE("the host's warnings are never cut, even in the worst case", "[prompt][text][budget]") {
    DialogContext c = hostileContext(OperationKind::SignPdfBatch, Language::Vi);
    // Names as long as the certificate allows, in 4-byte characters.
    c.certificate = CertificateSummary{times(kCjkExtB, 64), times(kGrinning, 64), "2027-12-31"};
    const std::string warning =
        "Cảnh báo: tài liệu có mã lệnh (JavaScript) hoặc hành động tự chạy khi mở; chỉ ký nếu "
        "bạn tin nguồn của tài liệu.";
    c.warnings = {warning};
    CHECK(requiredTextFits(c));
    for (const auto& variant : everyDialog(c)) {
        CAPTURE(variant.name);
        CHECK(fits(variant.texts.description));
        CHECK(has(variant.texts.description, warning));
        CHECK(has(variant.texts.description, longestOrigin()));
        CHECK(has(variant.texts.description, variant.consentLine));
        CHECK(has(variant.texts.description, "31/12/2027"));
        // The holder shown up to 29 four-byte characters, then "…".
        CHECK(has(variant.texts.description, times(kCjkExtB, 29) + "…"));
    }
}

TEST_CASE("a token that needs no PIN says so, and OK is the operation's own button",
          "[prompt][text][no-login]") {
    DialogContext c = hostileContext(OperationKind::SignHash, Language::Vi);
    c.origin = "https://dichvucong.gov.vn";
    c.siteDescription = "Hồ sơ 42";
    c.withoutPin = true;
    auto texts = confirmTexts(c);
    CHECK(has(texts.description, "Thiết bị này không cần mã PIN: bấm “Ký” nghĩa là bạn đồng ý."));
    CHECK(has(texts.description, "https://dichvucong.gov.vn"));
    CHECK(has(texts.description, "Hồ sơ 42"));
    CHECK(has(texts.description, "Nguyễn Thị Lấp Lánh Ánh"));
    CHECK(texts.okLabel == "Ký");
    CHECK(texts.cancelLabel == "Hủy");
    c.lang = Language::En;
    c.operation = OperationKind::Authenticate;
    texts = confirmTexts(c);
    CHECK(has(texts.description, "This token needs no PIN: pressing “Log in” means you agree."));
    CHECK(texts.okLabel == "Log in");
    // Without the flag the consent is the ordinary one.
    c.withoutPin = false;
    CHECK_FALSE(has(confirmTexts(c).description, "needs no PIN"));
}

TEST_CASE("utf8 prefix and byte limits keep whole characters", "[prompt][utf8]") {
    const std::string text = "a" + kGrinning + "b";
    CHECK(utf8::prefix(text, 2) == "a" + kGrinning);
    CHECK(utf8::prefix(text, 9) == text);
    CHECK(utf8::limitBytes(text, 6) == text);
    CHECK(utf8::limitBytes(text, 5) == "a…");     // the emoji does not fit beside the ellipsis
    const std::string longer = text + kGrinning;  // 10 bytes
    CHECK(utf8::limitBytes(longer, 8) == "a" + kGrinning + "…");
}
