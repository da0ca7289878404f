// The clerk's step of Nghị định 30/2020 (docs/pdf-signing.md, "The clerk's step"): a draft with
// empty number and date fields, three leaders' signatures, then the organisation's signature
// whose revision fills the fields (or stamps the text where there are none); and the copy mark
// of attachments and electronic copies. Every file is checked by pdfsig, mutool, qpdf, openssl,
// pdftotext and pdftoppm.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sstream>

#include "core/error.hpp"
#include "pdf/form_draft.hpp"
#include "pdf/input_view.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

constexpr std::time_t kSigningTime = 1795436182;  // 2026-11-23T12:16:22Z
const std::string kNumber = "125/QĐ-UBND";
const std::string kDate = "Hà Nội, ngày 23 tháng 11 năm 2026";

void vietnamTime() {
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    ::tzset();
}

pdf::SignatureBox rectBox(double x, double y, double w, double h) {
    return {pdf::PageCorner::BottomLeft, x, y, w, h};
}

// The number field left, the date field right, as in the header of an official document.
pdf::DraftOptions draftOptions() {
    pdf::DraftOptions options;
    pdf::DraftField number;
    number.name = "SoKyHieu";
    number.box = rectBox(60, 760, 180, 22);
    number.align = pdf::TextAlign::Center;
    pdf::DraftField date;
    date.name = "NgayBanHanh";
    date.box = rectBox(290, 760, 270, 22);
    date.align = pdf::TextAlign::Right;
    options.fields = {number, date};
    return options;
}

pdf::DraftResult draftFile(const fs::path& input, const fs::path& output,
                           const pdf::DraftOptions& options) {
    const Bytes in = readFile(input);
    pdf::DraftResult result = pdf::prepareDraft(pdf::InputView::of(in), options);
    writeFile(output, in, result.update);
    return result;
}

pdf::PdfSignOptions leader(int n) {
    vietnamTime();
    pdf::PdfSignOptions options;
    options.signerName = "Lãnh đạo " + std::to_string(n);
    options.reason = "Phê duyệt";
    options.signingTime = kSigningTime + n * 60;
    options.reserveBytes = 8192;
    return options;
}

// The organisation's signature with the number and date.
pdf::PdfSignOptions clerk() {
    pdf::PdfSignOptions options = leader(9);
    options.signerName = "Sở Thông tin và Truyền thông tỉnh Kyso";
    options.reason = "Phát hành";
    options.fill = {{"SoKyHieu", kNumber, std::nullopt, 0, pdf::TextAlign::Left},
                    {"NgayBanHanh", kDate, std::nullopt, 0, pdf::TextAlign::Left}};
    return options;
}

// Pixel rectangle (top-left origin; pdftoppm and "pdftotext -cropbox" measure from the CropBox) of
// a user-space box on an unrotated A4 page.
struct Pixels {
    int x, y, w, h;
};
Pixels onA4(const pdf::SignatureBox& box) {
    return {static_cast<int>(box.offsetX), static_cast<int>(842 - box.offsetY - box.height),
            static_cast<int>(box.width), static_cast<int>(box.height)};
}

std::string pageTextIn(const fs::path& pdf, int x, int y, int w, int h) {
    std::ostringstream command;
    command << "pdftotext -q -cropbox -enc UTF-8 -f 1 -l 1 -x " << x << " -y " << y << " -W " << w
            << " -H " << h << " '" << pdf.string() << "' -";
    return run(command.str()).output;
}

}  // namespace

TEST_CASE("draft, three leaders, then the clerk fills the number and date and signs",
          "[pdf][clerk]") {
    const std::string name = GENERATE(as<std::string>{}, "simple.pdf", "objstm.pdf");
    SECTION(name) {
        TempDir dir;
        const fs::path input = inputPdf(name);
        const fs::path draft = dir / "draft.pdf";
        const pdf::DraftResult drafted = draftFile(input, draft, draftOptions());
        CHECK(drafted.fieldNames == std::vector<std::string>{"SoKyHieu", "NgayBanHanh"});

        // The draft: every input byte kept, one update of the input's cross-reference kind.
        const Bytes in = readFile(input);
        const Bytes out = readFile(draft);
        REQUIRE(out.size() == in.size() + drafted.update.size());
        CHECK(std::memcmp(out.data(), in.data(), in.size()) == 0);
        const std::string update = text(drafted.update);
        const bool streams = name == "objstm.pdf";
        CHECK((update.find("/Type /XRef") != std::string::npos) == streams);
        CHECK((update.find("\nxref\n") != std::string::npos) == !streams);
        CHECK(update.find("/Prev ") != std::string::npos);
        CHECK(update.find("/FT /Tx /T (SoKyHieu) /Ff 1") != std::string::npos);
        CHECK(update.find("/DA (/KysoSerif 13 Tf 0 g) /Q 1") != std::string::npos);
        CHECK(update.find("/DA (/KysoSerif 13 Tf 0 g) /Q 2") != std::string::npos);
        CHECK(update.find("/KysoSerif ") != std::string::npos);  // in /DR /Font
        CHECK(qpdfCheck(draft));
        const auto options = draftOptions();
        const Pixels numberBox = onA4(options.fields[0].box);
        const Pixels dateBox = onA4(options.fields[1].box);
        CHECK(nonWhitePixels(draft, 1, numberBox.x, numberBox.y, numberBox.w, numberBox.h) == 0);

        // Three leaders sign, each keeping the earlier signatures valid.
        fs::path current = draft;
        pdf::PdfSignResult last;
        const char* signers[] = {"person-rsa2048", "person-rsa3072", "person-ec384"};
        for (int i = 0; i < 3; ++i) {
            const fs::path next = dir / ("leader" + std::to_string(i + 1) + ".pdf");
            last = signFile(current, next, leader(i + 1), signers[i]);
            current = next;
        }
        checkSignatures(current, 3, last);
        CHECK(nonWhitePixels(current, 1, dateBox.x, dateBox.y, dateBox.w, dateBox.h) == 0);
        CHECK(pageText(current, 1).find(kNumber) == std::string::npos);

        // The clerk: number and date in the revision of the organisation's signature.
        const fs::path issued = dir / "issued.pdf";
        const pdf::PdfSignResult clerkResult = signFile(current, issued, clerk(), "org-ec256");
        CHECK(clerkResult.stamped == std::vector<bool>{false, false});
        const std::string clerkUpdate = text(clerkResult.update);
        CHECK(clerkUpdate.find("/V <FEFF") != std::string::npos);  // UTF-16BE: "QĐ"
        CHECK(clerkUpdate.find("/Tx BMC") != std::string::npos);
        CHECK(clerkUpdate.find("/Subtype /Stamp") == std::string::npos);
        checkSignatures(issued, 4, clerkResult);

        const std::string shown = pageText(issued, 1);
        INFO(shown);
        CHECK(shown.find(kNumber) != std::string::npos);
        CHECK(shown.find(kDate) != std::string::npos);
        CHECK(nonWhitePixels(issued, 1, numberBox.x, numberBox.y, numberBox.w, numberBox.h) > 50);
        CHECK(nonWhitePixels(issued, 1, dateBox.x, dateBox.y, dateBox.w, dateBox.h) > 100);
        CHECK(nonWhitePixelsMupdf(issued, 1, dateBox.x, dateBox.y, dateBox.w, dateBox.h) > 100);
        // Right-aligned date: the right half of its box has ink, the left fifth none.
        CHECK(nonWhitePixels(issued, 1, dateBox.x, dateBox.y, dateBox.w / 5, dateBox.h) == 0);
    }
}

TEST_CASE("no such field: the clerk's text is stamped where the fill says", "[pdf][clerk]") {
    vietnamTime();
    TempDir dir;
    const fs::path leaderSigned = dir / "leader.pdf";
    pdf::PdfSignOptions first = leader(1);
    first.visible = pdf::VisibleSignature{};
    first.visible->box = {pdf::PageCorner::BottomRight, 36, 36, 200, 60};
    first.visible->lines = {"Người ký: Lãnh đạo 1"};
    signFile(inputPdf("simple.pdf"), leaderSigned, first, "person-rsa2048");

    pdf::PdfSignOptions options = clerk();
    options.fill[0].stamp = pdf::FieldFill::Stamp{1, rectBox(60, 760, 180, 22)};
    options.fill[1].stamp = pdf::FieldFill::Stamp{1, rectBox(290, 760, 270, 22)};
    options.fill[1].align = pdf::TextAlign::Right;
    // The organisation's seal beside the leader's signature, on the same page: one rewrite of
    // the page carries the widget and both stamps.
    options.visible = pdf::VisibleSignature{};
    options.visible->box = {pdf::PageCorner::BottomRight, 250, 36, 120, 60};
    options.visible->pngImage = makeSignaturePng(120, 60);
    const fs::path issued = dir / "issued.pdf";
    const pdf::PdfSignResult result = signFile(leaderSigned, issued, options, "org-ec256");
    CHECK(result.stamped == std::vector<bool>{true, true});
    const std::string update = text(result.update);
    CHECK(update.find("/Subtype /Stamp") != std::string::npos);
    CHECK(update.find("/F 708") != std::string::npos);
    // A stamp is an annotation: a revision-comparing validator puts the leader's signature at
    // "annotations" (permitted without DocMDP or with P=3; pyHanko calls it unsafe), not at
    // form filling as a field's value would be.
    checkSignatures(issued, 2, result, pdf::ChangeClass::Annotations);
    const auto reports = pdf::diffSignedRevisions(pdf::MappedFile(issued.string()).view());
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].changeClass == pdf::ChangeClass::Annotations);
    const std::string shown = pageText(issued, 1);
    INFO(shown);
    CHECK(shown.find(kNumber) != std::string::npos);
    CHECK(shown.find(kDate) != std::string::npos);
    const Pixels numberBox = onA4(rectBox(60, 760, 180, 22));
    CHECK(nonWhitePixels(leaderSigned, 1, numberBox.x, numberBox.y, numberBox.w, numberBox.h) == 0);
    CHECK(nonWhitePixels(issued, 1, numberBox.x, numberBox.y, numberBox.w, numberBox.h) > 50);
    CHECK(nonWhitePixelsMupdf(issued, 1, numberBox.x, numberBox.y, numberBox.w, numberBox.h) > 50);
}

TEST_CASE("a draft on a rotated page and in an existing form", "[pdf][clerk]") {
    vietnamTime();
    TempDir dir;
    SECTION("rotated: the value reads upright in the displayed bottom left") {
        pdf::DraftOptions options;
        pdf::DraftField number;
        number.name = "SoKyHieu";
        number.box = {pdf::PageCorner::BottomLeft, 40, 40, 200, 24};
        options.fields = {number};
        const fs::path draft = dir / "draft.pdf";
        draftFile(inputPdf("rotated.pdf"), draft, options);
        CHECK(text(readFile(draft)).find("/MK << /R 90 >>") != std::string::npos);
        const fs::path issued = dir / "issued.pdf";
        pdf::PdfSignOptions sign = clerk();
        sign.fill.resize(1);
        const auto result = signFile(draft, issued, sign, "org-ec256");
        checkSignatures(issued, 1, result);
        CHECK(pageText(issued, 1).find(kNumber) != std::string::npos);
        // Displayed page: 772 x 592 points; the field is 40 points in from the bottom left.
        CHECK(nonWhitePixels(draft, 1, 40, 528, 200, 24) == 0);
        CHECK(nonWhitePixels(issued, 1, 40, 528, 200, 24) > 50);
        // pdftotext's crop misses words that touch its edges: 8 points of margin.
        CHECK(pageTextIn(issued, 32, 520, 216, 40).find(kNumber) != std::string::npos);
        CHECK(pageTextIn(issued, 300, 520, 216, 40).find(kNumber) == std::string::npos);
    }
    SECTION("form.pdf: indirect AcroForm with fields, the draft adds its own") {
        const fs::path draft = dir / "draft.pdf";
        draftFile(inputPdf("form.pdf"), draft, draftOptions());
        CHECK(qpdfCheck(draft));
        const fs::path leaderSigned = dir / "leader.pdf";
        pdf::PdfSignOptions lead = leader(1);
        lead.fieldName = "ChuKyLanhDao";
        signFile(draft, leaderSigned, lead, "person-rsa2048");
        const fs::path issued = dir / "issued.pdf";
        pdf::PdfSignOptions sign = clerk();
        sign.fieldName = "VanThu.ChuKy";
        const auto result = signFile(leaderSigned, issued, sign, "org-ec256");
        checkSignatures(issued, 2, result);
        CHECK(pageText(issued, 1).find(kDate) != std::string::npos);
    }
}

TEST_CASE("what the clerk's step refuses", "[pdf][clerk]") {
    vietnamTime();
    TempDir dir;
    const fs::path draft = dir / "draft.pdf";
    draftFile(inputPdf("simple.pdf"), draft, draftOptions());
    const Bytes drafted = readFile(draft);
    const auto input = pdf::InputView::of(drafted);
    const auto refused = [&](const pdf::PdfSignOptions& options) {
        try {
            pdf::prepareSignature(input, options);
        } catch (const Error& e) {
            return e.code() == ErrorCode::InvalidRequest;
        }
        return false;
    };
    pdf::PdfSignOptions options = clerk();
    SECTION("no such field and no placement") {
        options.fill[0].field = "SoVanBan";
        CHECK(refused(options));
    }
    SECTION("the same field twice") {
        options.fill[1].field = "SoKyHieu";
        CHECK(refused(options));
    }
    SECTION("a field that is not a text field") {
        const Bytes form = readFile(inputPdf("form.pdf"));
        options.fill = {{"ChuKyLanhDao", "x", std::nullopt, 0, pdf::TextAlign::Left}};
        CHECK_THROWS_AS(pdf::prepareSignature(pdf::InputView::of(form), options), Error);
    }
    SECTION("a field that already has a value") {
        const fs::path issued = dir / "issued.pdf";
        signFile(draft, issued, clerk(), "org-ec256");
        const Bytes again = readFile(issued);
        pdf::PdfSignOptions second = clerk();
        second.fill.resize(1);
        CHECK_THROWS_WITH(pdf::prepareSignature(pdf::InputView::of(again), second),
                          Catch::Contains("already has a value"));
    }
    SECTION("a text field made elsewhere that already has a value (form.pdf's SoVanBan)") {
        const Bytes form = readFile(inputPdf("form.pdf"));
        options.fill = {{"SoVanBan", kNumber, std::nullopt, 0, pdf::TextAlign::Left}};
        CHECK_THROWS_WITH(pdf::prepareSignature(pdf::InputView::of(form), options),
                          Catch::Contains("already has a value"));
    }
    SECTION("too many fills") {
        options.fill.resize(pdf::kMaxFills + 1);
        CHECK(refused(options));
    }
    SECTION("a draft field whose name is taken, or has a '.'") {
        CHECK_THROWS_WITH(pdf::prepareDraft(input, draftOptions()),
                          Catch::Contains("already has a field"));
        pdf::DraftOptions dotted = draftOptions();
        dotted.fields[0].name = "A.B";
        CHECK_THROWS_AS(
            pdf::prepareDraft(pdf::InputView::of(readFile(inputPdf("simple.pdf"))), dotted), Error);
    }
}

TEST_CASE("the copy mark: top right of page 1, 10 pt, with the signing time", "[pdf][clerk]") {
    vietnamTime();
    const std::string name = GENERATE(as<std::string>{}, "simple.pdf", "rotated.pdf");
    SECTION(name) {
        TempDir dir;
        pdf::PdfSignOptions options = leader(0);
        options.signerName = "Văn phòng UBND tỉnh Kyso";
        options.copyMark = pdf::CopyMark{};
        options.copyMark->lines = {"SAO Y", "Văn phòng UBND tỉnh Kyso"};
        const fs::path copy = dir / "copy.pdf";
        const auto result = signFile(inputPdf(name), copy, options, "org-ec256");
        checkSignatures(copy, 1, result);
        const std::string update = text(result.update);
        CHECK(update.find("/F1 10 Tf") != std::string::npos);  // not shrunk
        CHECK(update.find("/Im1") == std::string::npos);       // no image

        // The displayed page: A4 595 x 842, or rotated.pdf's 772 x 592.
        const bool rotated = name == "rotated.pdf";
        const int width = rotated ? 772 : 595;
        const int height = rotated ? 592 : 842;
        const std::string topRight = pageTextIn(copy, width / 2, 0, width / 2, 80);
        INFO(topRight);
        CHECK(topRight.find("SAO Y") != std::string::npos);
        CHECK(topRight.find("Văn phòng UBND tỉnh Kyso") != std::string::npos);
        CHECK(topRight.find("2026-11-23T19:16:22+07:00") != std::string::npos);
        CHECK(pageTextIn(copy, 0, 80, width, height - 80).find("SAO Y") == std::string::npos);
        // The right part of the mark (rotated.pdf has its own text a little further left).
        CHECK(nonWhitePixels(copy, 1, width - 90, 20, 70, 40) > 100);
        CHECK(nonWhitePixels(inputPdf(name), 1, width - 90, 20, 70, 40) == 0);
    }
}

TEST_CASE("a copy mark and a visible box exclude each other", "[pdf][clerk]") {
    pdf::PdfSignOptions options = leader(0);
    options.copyMark = pdf::CopyMark{};
    options.copyMark->lines = {"SAO Y"};
    options.visible = pdf::VisibleSignature{};
    const Bytes in = readFile(inputPdf("simple.pdf"));
    CHECK_THROWS_AS(pdf::prepareSignature(pdf::InputView::of(in), options), Error);
}

TEST_CASE("a copy mark longer than the page is cut to the page, its text shrunk", "[pdf][clerk]") {
    vietnamTime();
    TempDir dir;
    pdf::PdfSignOptions options = leader(0);
    options.copyMark = pdf::CopyMark{};
    options.copyMark->lines = {"SAO Y", std::string(300, 'M')};
    const fs::path copy = dir / "copy.pdf";
    const auto result = signFile(inputPdf("simple.pdf"), copy, options, "org-ec256");
    checkSignatures(copy, 1, result);
    // The widget's /Rect keeps the 20-point margins of the 595-point wide page.
    const std::string update = text(result.update);
    const std::size_t rect = update.find("/Rect [");
    REQUIRE(rect != std::string::npos);
    std::istringstream numbers(update.substr(rect + 7));
    double llx = 0, lly = 0, urx = 0, ury = 0;
    numbers >> llx >> lly >> urx >> ury;
    CHECK(llx == Approx(20));
    CHECK(urx == Approx(575));
    CHECK(ury == Approx(822));
    CHECK(update.find("/F1 10 Tf") == std::string::npos);  // shrunk to fit
    CHECK(pageText(copy, 1).find("SAO Y") != std::string::npos);
}

TEST_CASE("a nested text field whose widget is a separate kid", "[pdf][clerk]") {
    vietnamTime();
    TempDir dir;
    // VanThu.SoKyHieu: the terminal field (7) holds /V, its widget (8) gets the appearance.
    const Bytes input = buildPdf(
        {"<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>",
         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [8 0 R] "
         "/Contents 4 0 R >>",
         "<< /Length 0 >>\nstream\n\nendstream", "<< /Fields [6 0 R] /DA (/Helv 0 Tf 0 g) >>",
         "<< /T (VanThu) /Kids [7 0 R] >>",
         "<< /FT /Tx /T (SoKyHieu) /Parent 6 0 R /Q 1 /DA (/Helv 12 Tf 0 g) /Kids [8 0 R] >>",
         "<< /Type /Annot /Subtype /Widget /Parent 7 0 R /Rect [60 760 240 782] /P 3 0 R /F 4 "
         ">>"},
        "/Root 1 0 R");
    const fs::path in = dir / "nested.pdf";
    writeFile(in, input);
    pdf::PdfSignOptions options = clerk();
    options.fill = {{"VanThu.SoKyHieu", kNumber, std::nullopt, 0, pdf::TextAlign::Left}};
    const fs::path issued = dir / "issued.pdf";
    const auto result = signFile(in, issued, options, "org-ec256");
    CHECK(result.stamped == std::vector<bool>{false});
    const std::string update = text(result.update);
    const std::size_t field = update.find("\n7 0 obj\n");
    const std::size_t widget = update.find("\n8 0 obj\n");
    REQUIRE(field != std::string::npos);
    REQUIRE(widget != std::string::npos);
    const std::string fieldBody = update.substr(field, update.find("endobj", field) - field);
    const std::string widgetBody = update.substr(widget, update.find("endobj", widget) - widget);
    CHECK(fieldBody.find("/V <FEFF") != std::string::npos);
    CHECK(fieldBody.find("/AP") == std::string::npos);
    CHECK(widgetBody.find("/AP << /N ") != std::string::npos);
    checkSignatures(issued, 1, result);
    CHECK(pageText(issued, 1).find(kNumber) != std::string::npos);
    CHECK(nonWhitePixels(issued, 1, 60, 60, 180, 22) > 50);
    CHECK(nonWhitePixels(in, 1, 60, 60, 180, 22) == 0);
}
