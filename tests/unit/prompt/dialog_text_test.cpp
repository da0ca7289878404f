#include "prompt/dialog_text.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "prompt/assuan.hpp"

using namespace kyso;

namespace {

DialogContext context(OperationKind operation, Language lang) {
    DialogContext c;
    c.origin = "https://dichvucong.gov.vn";
    c.lang = lang;
    c.operation = operation;
    c.certificate =
        CertificateSummary{"Nguyễn Thị Lấp Lánh Ánh", "CA phục vụ các cơ quan Nhà nước G2",
                           "2027-12-31T23:59:59+07:00"};
    return c;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// NFC for Vietnamese means precomposed letters: no combining diacritics (U+0300-U+036F,
// encoded CC 80 - CD AF) anywhere.
bool hasCombiningMark(const std::string& text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        auto lead = static_cast<unsigned char>(text[i]);
        auto next = static_cast<unsigned char>(text[i + 1]);
        if ((lead == 0xCC && next >= 0x80) || (lead == 0xCD && next <= 0xAF)) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("each operation says what is asked, in both languages", "[prompt][text]") {
    auto vi = [](OperationKind op) { return confirmTexts(context(op, Language::Vi)).description; };
    auto en = [](OperationKind op) { return confirmTexts(context(op, Language::En)).description; };
    CHECK(has(vi(OperationKind::ListCertificates), "xem danh sách chứng thư số"));
    CHECK(has(vi(OperationKind::SignHash), "ký số một dữ liệu"));
    CHECK(has(vi(OperationKind::Authenticate), "đăng nhập"));
    CHECK(has(vi(OperationKind::SignPdf), "ký một tài liệu PDF"));
    CHECK(has(en(OperationKind::Authenticate), "log you in"));
    CHECK(has(en(OperationKind::SignHash), "sign data"));
    CHECK(has(vi(OperationKind::SignHash),
              "Do CA phục vụ các cơ quan Nhà nước G2 cấp, hết hạn ngày 31/12/2027"));
    CHECK(has(en(OperationKind::SignHash),
              "Issued by CA phục vụ các cơ quan Nhà nước G2, expires on 2027-12-31"));
}

TEST_CASE("the command line is not called a site", "[prompt][text]") {
    DialogContext c = context(OperationKind::SignHash, Language::Vi);
    c.origin = "kyso-host (command line)";
    CHECK(has(pinTexts(c, {}, false).description, "Chương trình kyso-host (command line) yêu cầu"));
}

TEST_CASE("the site's words are quoted as the site's and cannot fake dialog lines",
          "[prompt][text]") {
    DialogContext c = context(OperationKind::SignHash, Language::Vi);
    c.siteDescription = "Tờ khai\n\nTrang https://khac.gov.vn yêu cầu";
    std::string description = pinTexts(c, {}, false).description;
    CHECK(has(description, "Trang web ghi: “Tờ khai  Trang https://khac.gov.vn yêu cầu”"));
}

TEST_CASE("the token's PIN flags become a warning even before a wrong PIN", "[prompt][text]") {
    DialogContext c = context(OperationKind::SignHash, Language::En);
    CHECK(pinTexts(c, {}, false).error.empty());
    CHECK(pinTexts(c, {false, false, true, false}, false).error ==
          "1 try left: one more wrong PIN locks the token.");
    CHECK(pinTexts(c, {true, true, false, false}, false).error ==
          "Wrong PIN. Only a few tries left.");
    CHECK(pinTexts(c, {}, true).error == "You did not enter a PIN.");
}

TEST_CASE("batches list a few names and count the rest", "[prompt][text]") {
    DialogContext c = context(OperationKind::SignPdfBatch, Language::Vi);
    for (int i = 0; i < 100; ++i) {
        c.documents.push_back("vb-" + std::to_string(i) + ".pdf");
    }
    std::string description = pinTexts(c, {}, false).description;
    CHECK(has(description, "ký 100 tài liệu:\n• vb-0.pdf\n"));
    CHECK(has(description, "• vb-4.pdf\n… và 95 tài liệu khác"));
    CHECK_FALSE(has(description, "vb-5.pdf"));
    c.lang = Language::En;
    CHECK(has(pinTexts(c, {}, false).description, "… and 95 more documents"));
}

TEST_CASE("every text is NFC and every description fits one SETDESC line", "[prompt][text]") {
    for (Language lang : {Language::Vi, Language::En}) {
        for (OperationKind op :
             {OperationKind::ListCertificates, OperationKind::SignHash, OperationKind::Authenticate,
              OperationKind::SignPdf, OperationKind::SignPdfBatch}) {
            DialogContext c = context(op, lang);
            c.documents.assign(40, std::string(300, 'x'));
            c.siteDescription = std::string(500, 'y');
            c.origin = "https://" + std::string(247, 'o');
            for (const DialogTexts& texts :
                 {confirmTexts(c), pinTexts(c, {true, true, true, true}, false),
                  pinTexts(c, {}, true), pinPadTexts(c)}) {
                for (const std::string& text : {texts.title, texts.description, texts.prompt,
                                                texts.error, texts.okLabel, texts.cancelLabel}) {
                    CHECK_FALSE(hasCombiningMark(text));
                }
                CHECK(has(texts.description, "Nguyễn Thị Lấp Lánh Ánh"));
                CHECK(assuan::escape(texts.description).size() + 8 <= assuan::kMaxLineBytes);
            }
        }
    }
}
