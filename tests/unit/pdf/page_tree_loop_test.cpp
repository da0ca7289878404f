// A page tree whose /Kids lead back to a node already walked (issue 10 §4): counting its pages
// again put the widget of "page 2" on page 1, silently. Such a tree is INVALID_PDF.

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

const std::string kPage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>";
const std::string kTrailer = "/Root 1 0 R /ID [<6B79736F2D6C6F6F70> <6B79736F2D6C6F6F70>]";

// Signs page 2 of `bodies` (object 1 the catalog, 2 the root of the page tree).
ErrorCode signPage2(const std::vector<std::string>& bodies) {
    TempDir dir;
    writeFile(dir / "in.pdf", buildPdf(bodies, kTrailer));
    pdf::PdfSignOptions options;
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.page = 2;
    visible.lines = {"Nguyen Van A"};
    options.visible = visible;
    try {
        signFile(dir / "in.pdf", dir / "out.pdf", options);
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("page tree") != std::string::npos);
        return e.code();
    }
    FAIL("signed: " + text(readFile(dir / "out.pdf")).substr(readFile(dir / "in.pdf").size()));
    return ErrorCode::Internal;
}

}  // namespace

TEST_CASE("a page tree that leads back to a node already walked is INVALID_PDF",
          "[pdf][pagetree]") {
    const std::string catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    SECTION("/Kids of the root holds the root itself") {
        CHECK(signPage2({catalog, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>", kPage}) ==
              ErrorCode::InvalidPdf);
    }
    SECTION("/Kids of an intermediate node holds its parent") {
        CHECK(signPage2({catalog, "<< /Type /Pages /Kids [4 0 R] /Count 2 >>", kPage,
                         "<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 2 0 R] /Count 2 >>"}) ==
              ErrorCode::InvalidPdf);
    }
    SECTION("the same page twice in /Kids") {
        CHECK(signPage2({catalog, "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>", kPage}) ==
              ErrorCode::InvalidPdf);
    }
}

TEST_CASE("a sound two-level page tree still signs page 2", "[pdf][pagetree]") {
    TempDir dir;
    const std::vector<std::string> bodies = {
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [5 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] >>"};
    writeFile(dir / "in.pdf", buildPdf(bodies, kTrailer));
    pdf::PdfSignOptions options;
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.page = 2;
    visible.lines = {"Nguyen Van A"};
    options.visible = visible;
    const auto result = signFile(dir / "in.pdf", dir / "out.pdf", options);
    const Bytes out = readFile(dir / "out.pdf");
    // The widget's /P and the rewritten page are object 5, the second page.
    CHECK(!objectSource(out, readFile(dir / "in.pdf").size(), 5).empty());
    CHECK(objectSource(out, readFile(dir / "in.pdf").size(), 3).empty());
    checkSignatures(dir / "out.pdf", 1, result);
}
