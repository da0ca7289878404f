// A PDF/A-2b letter exported by LibreOffice (tests/pdf-inputs/make-vietnamese-doc.sh --pdfa):
// the archival form offices are asked for. Signed visibly, it must validate in all four
// tools, keep its PDF/A identification (the XMP metadata is not touched) and its Vietnamese
// text.

#include <algorithm>
#include <catch2/catch.hpp>

#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

TEST_CASE("a LibreOffice PDF/A-2b letter signed visibly", "[pdf][office]") {
    TempDir dir;
    const CommandResult made =
        run(std::string(KYSO_SOURCE_DIR) + "/tests/pdf-inputs/make-vietnamese-doc.sh " +
            dir.path().string() + " --pdfa");
    // A missing LibreOffice is a failure, never a skip: scripts/test.sh installs it.
    INFO("apt-get install -y libreoffice-writer-nogui if soffice is missing");
    INFO(made.output);
    REQUIRE(made.status == 0);
    const fs::path letter = dir / "cong-van-pdfa.pdf";
    const std::string original = text(readFile(letter));
    REQUIRE(original.find("<pdfaid:part>2</pdfaid:part>") != std::string::npos);
    REQUIRE(original.find("<pdfaid:conformance>B</pdfaid:conformance>") != std::string::npos);
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    ::tzset();

    pdf::PdfSignOptions options;
    options.signingTime = 1795436182;
    options.reason = "Phê duyệt";
    options.location = "Hà Nội";
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.page = 1;
    visible.box = {pdf::PageCorner::BottomRight, 40, 60, 220, 70};
    visible.lines = pdf::signatureTextLines("Nguyễn Thị Lấp Lánh Ánh", "UBND tỉnh Kyso",
                                            options.signingTime, options.reason, options.location);
    options.visible = visible;
    const pdf::PdfSignResult result = signFile(letter, dir / "signed.pdf", options);

    std::string raw;
    const auto sigs = pdfsig(dir / "signed.pdf", &raw);
    INFO(raw);
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].trusted);
    CHECK(sigs[0].totalDocument);
    const auto mu = mutoolVerify(dir / "signed.pdf", &raw);
    INFO(raw);
    REQUIRE(mu.size() == 1);
    CHECK(mu[0].unchanged);
    CHECK(qpdfCheck(dir / "signed.pdf", &raw));
    CHECK(opensslVerify(dir / "signed.pdf", result, &raw));

    // The input bytes come first, unchanged: the XMP metadata (and its PDF/A claim) with them.
    const Bytes signedBytes = readFile(dir / "signed.pdf");
    const Bytes input = readFile(letter);
    REQUIRE(signedBytes.size() > input.size());
    CHECK(std::equal(input.begin(), input.end(), signedBytes.begin()));
    // The catalog may be rewritten (new AcroForm): it must still lead to the same XMP.
    CHECK(text(result.update).find("pdfaid") == std::string::npos);
    const CommandResult meta = run("pdfinfo -meta " + (dir / "signed.pdf").string());
    INFO(meta.output);
    CHECK(meta.output.find("<pdfaid:part>2</pdfaid:part>") != std::string::npos);

    const std::string page = pageText(dir / "signed.pdf", 1);
    CHECK(page.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") != std::string::npos);
    CHECK(page.find("Độc lập - Tự do - Hạnh phúc") != std::string::npos);
    CHECK(page.find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
    CHECK(page.find("Phê duyệt") != std::string::npos);
}
