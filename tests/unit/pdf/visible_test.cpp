// Visible signatures: Vietnamese text in an embedded font subset and a transparent PNG, placed
// on plain and rotated pages, checked by rendering (pdftoppm) and extraction (pdftotext).

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "core/error.hpp"
#include "pdf/flate.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

constexpr std::time_t kSigningTime = 1795436182;  // 2026-11-23T12:16:22Z

void vietnamTime() {
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    ::tzset();
}

pdf::PdfSignOptions visibleOptions(bool withImage) {
    vietnamTime();
    pdf::PdfSignOptions options;
    options.signerName = "Nguyễn Thị Lấp Lánh Ánh";
    options.reason = "Phê duyệt";
    options.location = "Hà Nội";
    options.signingTime = kSigningTime;
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.page = 1;
    visible.box = {pdf::PageCorner::BottomRight, 36, 36, 220, 70};
    visible.lines = pdf::signatureTextLines(options.signerName, "Văn phòng UBND tỉnh Kyso",
                                            kSigningTime, options.reason, options.location);
    if (withImage) {
        visible.pngImage = makeSignaturePng(120, 60);
    }
    options.visible = visible;
    return options;
}

// The displayed page size in points (pdftoppm at 72 dpi renders one pixel per point).
struct Shown {
    int width, height;
};

void checkVisible(const fs::path& input, const fs::path& output, Shown page,
                  const pdf::SignatureBox& box) {
    const std::string text = pageText(output, 1);
    INFO(text);
    CHECK(text.find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
    CHECK(text.find("Thời gian ký: 2026-11-23T19:16:22+07:00") != std::string::npos);
    CHECK(text.find("Văn phòng UBND tỉnh Kyso") != std::string::npos);
    const int x = page.width - static_cast<int>(box.offsetX + box.width);
    const int y = page.height - static_cast<int>(box.offsetY + box.height);
    const int w = static_cast<int>(box.width);
    const int h = static_cast<int>(box.height);
    // The box was blank before (so the check can fail) and has ink now.
    CHECK(nonWhitePixels(input, 1, x, y, w, h) == 0);
    CHECK(nonWhitePixels(output, 1, x, y, w, h) > 200);
    CHECK(nonWhitePixelsMupdf(input, 1, x, y, w, h) == 0);
    CHECK(nonWhitePixelsMupdf(output, 1, x, y, w, h) > 200);
}

}  // namespace

TEST_CASE("a visible signature with Vietnamese text and a transparent PNG", "[pdf][visible]") {
    const std::string name =
        GENERATE(as<std::string>{}, "simple.pdf", "objstm.pdf", "linearized.pdf", "rotated.pdf");
    SECTION(name) {
        TempDir dir;
        const fs::path input = inputPdf(name);
        const fs::path output = dir / "signed.pdf";
        const pdf::PdfSignOptions options = visibleOptions(true);
        const pdf::PdfSignResult result = signFile(input, output, options);
        const auto sigs = pdfsig(output);
        REQUIRE(sigs.size() == 1);
        CHECK(sigs[0].valid);
        CHECK(sigs[0].totalDocument);
        CHECK(qpdfCheck(output));
        const auto mu = mutoolVerify(output);
        REQUIRE(mu.size() == 1);
        CHECK(mu[0].unchanged);
        CHECK(opensslVerify(output, result));
        // rotated.pdf: CropBox 592 x 772 turned by 90 degrees.
        const Shown shown = name == "rotated.pdf" ? Shown{772, 592} : Shown{595, 842};
        checkVisible(input, output, shown, options.visible->box);
        // Embedded as a subset, with a ToUnicode map; well under 60 KB with the reserve.
        const std::string update = text(result.update);
        CHECK(update.find("/CIDFontType2") != std::string::npos);
        CHECK(update.find("/ToUnicode") != std::string::npos);
        CHECK(update.find("/SMask") != std::string::npos);
        CHECK(result.update.size() < 60000);

        SECTION("and a second, invisible, signature keeps the first one valid") {
            pdf::PdfSignOptions second = options;
            second.visible.reset();
            const fs::path twice = dir / "twice.pdf";
            signFile(output, twice, second, "person-ec384");
            const auto both = pdfsig(twice);
            REQUIRE(both.size() == 2);
            CHECK(both[0].valid);
            CHECK_FALSE(both[0].totalDocument);
            CHECK(both[1].valid);
            CHECK(both[1].totalDocument);
            const auto muBoth = mutoolVerify(twice);
            REQUIRE(muBoth.size() == 2);
            CHECK(muBoth[0].laterEditsOnly);
            CHECK(muBoth[1].unchanged);
            CHECK(pageText(twice, 1).find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
        }
    }
}

TEST_CASE("text only, and decomposed Vietnamese is composed (NFC)", "[pdf][visible]") {
    TempDir dir;
    pdf::PdfSignOptions options = visibleOptions(false);
    // "Lấp Lánh Ánh" with the accents as combining marks (NFD).
    options.visible->lines = {"Ky\xCC\x81 bo\xCC\x9B\xCC\x89i: Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3",
                              "L\x61\xCC\x82\xCC\x81p L\x61\xCC\x81nh \x41\xCC\x81nh"};
    const fs::path output = dir / "signed.pdf";
    const pdf::PdfSignResult result = signFile(inputPdf("simple.pdf"), output, options);
    const std::string text = pageText(output, 1);
    INFO(text);
    CHECK(text.find("Ký bởi: Nguyễn Thị") != std::string::npos);
    CHECK(text.find("Lấp Lánh Ánh") != std::string::npos);
    CHECK(kyso::pdftest::text(result.update).find("/SMask") == std::string::npos);
    CHECK(pdfsig(output).at(0).valid);
}

TEST_CASE("an image-only signature in an existing field of a form", "[pdf][visible]") {
    TempDir dir;
    pdf::PdfSignOptions options = visibleOptions(true);
    options.visible->lines.clear();
    options.fieldName = "ChuKyLanhDao";
    const fs::path output = dir / "signed.pdf";
    const pdf::PdfSignResult result = signFile(inputPdf("form.pdf"), output, options);
    const auto sigs = pdfsig(output);
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].totalDocument);
    CHECK(text(result.update).find("/CIDFontType2") == std::string::npos);
    // The field's /Rect [350 80 545 150] on an upright 595 x 842 page.
    CHECK(nonWhitePixels(inputPdf("form.pdf"), 1, 350, 842 - 150, 195, 70) == 0);
    CHECK(nonWhitePixels(output, 1, 350, 842 - 150, 195, 70) > 100);
}

TEST_CASE("bad appearance requests are refused", "[pdf][visible]") {
    const Bytes in = readFile(inputPdf("simple.pdf"));
    pdf::PdfSignOptions options = visibleOptions(false);
    SECTION("not a PNG") {
        options.visible->pngImage =
            Bytes{'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                  0,   0,   0,   0,   0,   0,   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }
    SECTION("a PNG with a broken body") {
        Bytes png = makeSignaturePng(40, 20);
        png.resize(png.size() - 30);
        options.visible->pngImage = png;
    }
    SECTION("a PNG whose image data is corrupt but whose CRCs are right") {
        Bytes png = makeSignaturePng(40, 20);
        // IDAT starts at 33: length(4) type(4) data...; flip a byte in the zlib stream and fix
        // the CRC so that only the inflater can notice.
        const std::size_t length = (std::size_t{png[33]} << 24) | (std::size_t{png[34]} << 16) |
                                   (std::size_t{png[35]} << 8) | png[36];
        png[41 + length / 2] ^= 0x5A;
        std::uint32_t crc = 0xFFFFFFFFu;
        for (std::size_t i = 37; i < 41 + length; ++i) {
            crc ^= png[i];
            for (int k = 0; k < 8; ++k) {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
            }
        }
        crc ^= 0xFFFFFFFFu;
        for (int k = 0; k < 4; ++k) {
            png[41 + length + static_cast<std::size_t>(k)] =
                static_cast<std::uint8_t>(crc >> (24 - 8 * k));
        }
        options.visible->pngImage = png;
    }
    SECTION("a page that does not exist") {
        options.visible->page = 3;
    }
    SECTION("invalid UTF-8") {
        options.visible->lines = {"\xC3\x28"};
    }
    try {
        pdf::prepareSignature(pdf::InputView::of(in), options);
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidRequest);
    }
}

TEST_CASE("a PNG that inflates far beyond its declared size is refused before libpng reads it",
          "[pdf][visible]") {
    const Bytes in = readFile(inputPdf("simple.pdf"));
    pdf::PdfSignOptions options = visibleOptions(false);

    Bytes raw(20u << 20, 0);  // 20 MiB of zeros, declared as 8 x 8
    Bytes png = makeSignaturePng(8, 8);
    Bytes bomb(png.begin(), png.begin() + 33);
    const Bytes deflated = pdf::flateEncode(raw);
    Bytes idat = {'I', 'D', 'A', 'T'};
    idat.insert(idat.end(), deflated.begin(), deflated.end());
    for (int s = 24; s >= 0; s -= 8) {
        bomb.push_back(static_cast<std::uint8_t>(deflated.size() >> s));
    }
    bomb.insert(bomb.end(), idat.begin(), idat.end());
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::uint8_t b : idat) {
        crc ^= b;
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    crc ^= 0xFFFFFFFFu;
    for (int s = 24; s >= 0; s -= 8) {
        bomb.push_back(static_cast<std::uint8_t>(crc >> s));
    }
    bomb.insert(bomb.end(), png.end() - 12, png.end());  // IEND
    options.visible->pngImage = bomb;
    const auto start = std::chrono::steady_clock::now();
    // libpng would inflate all of it after the declared rows (to check the checksum).
    try {
        pdf::prepareSignature(pdf::InputView::of(in), options);
        FAIL("an over-long PNG was accepted");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidRequest);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    // The same image with exactly the data its size needs is fine.
    options.visible->pngImage = makeSignaturePng(8, 8);
    CHECK(pdf::prepareSignature(pdf::InputView::of(in), options).update.size() < 60000);
}

TEST_CASE("a nested signature field with a separate widget, signed by its full name",
          "[pdf][visible]") {
    TempDir dir;
    pdf::PdfSignOptions options = visibleOptions(true);
    options.fieldName = "VanThu.ChuKy";
    const fs::path output = dir / "signed.pdf";
    const pdf::PdfSignResult result = signFile(inputPdf("form.pdf"), output, options);
    CHECK(result.fieldName == "VanThu.ChuKy");
    const std::string update = text(result.update);
    CHECK(update.find("\n14 0 obj\n") != std::string::npos);  // the field, with /V
    CHECK(update.find("\n15 0 obj\n") != std::string::npos);  // its widget, with /AP
    CHECK(update.find("\n9 0 obj\n") != std::string::npos);   // the AcroForm gets /SigFlags 3
    for (int unchanged : {3, 10, 12, 13}) {
        CHECK(update.find("\n" + std::to_string(unchanged) + " 0 obj\n") == std::string::npos);
    }
    std::string raw;
    const auto sigs = pdfsig(output, &raw);
    INFO(raw);
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].totalDocument);
    CHECK(qpdfCheck(output));
    CHECK(pageText(output, 1).find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
    // The widget's /Rect [350 170 545 240] on the upright 595 x 842 page.
    CHECK(nonWhitePixels(inputPdf("form.pdf"), 1, 350, 842 - 240, 195, 70) == 0);
    CHECK(nonWhitePixels(output, 1, 350, 842 - 240, 195, 70) > 200);
    const auto mu = mutoolVerify(output);
    REQUIRE(mu.size() == 1);
    CHECK(mu[0].unchanged);
    CHECK(opensslVerify(output, result));
}
