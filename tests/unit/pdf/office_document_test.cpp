// A document as government offices make them: a Vietnamese letter written by LibreOffice
// (tests/pdf-inputs/make-vietnamese-doc.sh), signed by the head of department (visible), then
// by the clerk with the organisation's EC key (visible, other corner), as in Nghị định 30.

#include <catch2/catch.hpp>

#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

TEST_CASE("a LibreOffice letter signed by two signers in sequence", "[pdf][office]") {
    TempDir dir;
    const CommandResult made =
        run(std::string(KYSO_SOURCE_DIR) + "/tests/pdf-inputs/make-vietnamese-doc.sh " +
            dir.path().string());
    // A missing LibreOffice is a failure, never a skip: scripts/test.sh installs it.
    INFO("apt-get install -y libreoffice-writer-nogui if soffice is missing");
    INFO(made.output);
    REQUIRE(made.status == 0);
    const fs::path letter = dir / "cong-van.pdf";
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    ::tzset();

    pdf::PdfSignOptions head;
    head.signingTime = 1795436182;
    head.reason = "Phê duyệt";
    head.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.page = -1;
    visible.box = {pdf::PageCorner::BottomRight, 40, 60, 200, 60};
    visible.lines =
        pdf::signatureTextLines("Nguyễn Thị Lấp Lánh Ánh", "", head.signingTime, head.reason, "");
    visible.pngImage = makeSignaturePng(160, 60);
    head.visible = visible;
    const pdf::PdfSignResult first = signFile(letter, dir / "approved.pdf", head);

    pdf::PdfSignOptions clerk = head;
    clerk.reason = "Phát hành";
    clerk.visible->box = {pdf::PageCorner::TopRight, 20, 20, 170, 30};
    clerk.visible->lines = {"Sở Thông tin và Truyền thông tỉnh Kyso",
                            "Thời gian ký: 2026-11-23T19:16:22+07:00"};
    clerk.visible->pngImage.reset();
    const pdf::PdfSignResult second =
        signFile(dir / "approved.pdf", dir / "issued.pdf", clerk, "org-ec256");

    std::string raw;
    const auto sigs = pdfsig(dir / "issued.pdf", &raw);
    INFO(raw);
    REQUIRE(sigs.size() == 2);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].signer == "Nguyễn Thị Lấp Lánh Ánh");
    CHECK(sigs[1].valid);
    CHECK(sigs[1].totalDocument);
    CHECK(sigs[1].signer == "Sở Thông tin và Truyền thông tỉnh Kyso");
    const auto mu = mutoolVerify(dir / "issued.pdf", &raw);
    INFO(raw);
    REQUIRE(mu.size() == 2);
    CHECK(mu[0].laterEditsOnly);
    CHECK(mu[1].unchanged);
    CHECK(qpdfCheck(dir / "issued.pdf", &raw));
    CHECK(opensslVerify(dir / "approved.pdf", first));
    CHECK(opensslVerify(dir / "issued.pdf", second));
    requireEarlierSignaturesIntact(dir / "issued.pdf", 2);
    const std::string text = pageText(dir / "issued.pdf", 1);
    CHECK(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") != std::string::npos);
    CHECK(text.find("Nguyễn Thị Lấp Lánh Ánh") != std::string::npos);
    CHECK(text.find("Sở Thông tin và Truyền thông tỉnh Kyso") != std::string::npos);
    // The clerk's mark at the top right of page 1 (A4, 20 pt from the corner).
    CHECK(nonWhitePixels(letter, 1, 595 - 190, 20, 170, 30) == 0);
    CHECK(nonWhitePixels(dir / "issued.pdf", 1, 595 - 190, 20, 170, 30) > 100);
}
