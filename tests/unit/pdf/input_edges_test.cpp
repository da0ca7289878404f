// Smaller input edges of issue 10 §5: bytes before the header, a /Rotate viewers disagree on,
// an existing empty signature field signed without a visible box.

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

const std::string kTrailer = "/Root 1 0 R /ID [<6B79736F2D65646765> <6B79736F2D65646765>]";

Bytes onePage(const std::string& pageExtra) {
    return buildPdf(
        {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]" + pageExtra + " >>"},
        kTrailer);
}

pdf::PdfSignOptions visibleOnPage1() {
    pdf::PdfSignOptions options;
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.lines = {"Nguyen Van A"};
    options.visible = visible;
    return options;
}

// The error signing `input` gives; INTERNAL if it signs.
Error signError(const Bytes& input, const pdf::PdfSignOptions& options) {
    TempDir dir;
    writeFile(dir / "in.pdf", input);
    try {
        signFile(dir / "in.pdf", dir / "out.pdf", options);
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorCode::Internal, "signed");
}

}  // namespace

TEST_CASE("bytes before %PDF- are refused with a message that says so", "[pdf][edges]") {
    const Bytes pdf = onePage("");
    Bytes prefixed(10, 'x');
    prefixed.insert(prefixed.end(), pdf.begin(), pdf.end());
    const Error near = signError(prefixed, visibleOnPage1());
    CHECK(near.code() == ErrorCode::InvalidPdf);
    CHECK(std::string(near.what()).find("10 bytes come before the %PDF- header") !=
          std::string::npos);

    Bytes far(2000, 'x');  // beyond the 1,024 bytes readers look at: not a PDF at all
    far.insert(far.end(), pdf.begin(), pdf.end());
    const Error none = signError(far, visibleOnPage1());
    CHECK(none.code() == ErrorCode::InvalidPdf);
    CHECK(std::string(none.what()).find("no %PDF- header") != std::string::npos);
}

TEST_CASE("nothing is placed on a page whose /Rotate is a real or not a multiple of 90",
          "[pdf][edges]") {
    for (const std::string rotate : {"90.0", "45", "135", "-45"}) {
        INFO(rotate);
        const Error e = signError(onePage(" /Rotate " + rotate), visibleOnPage1());
        CHECK(e.code() == ErrorCode::InvalidPdf);
        CHECK(std::string(e.what()).find("/Rotate") != std::string::npos);
        // Nothing to show, nothing to place: an invisible signature is still made.
        TempDir dir;
        writeFile(dir / "in.pdf", onePage(" /Rotate " + rotate));
        pdf::PdfSignOptions invisible;
        invisible.reserveBytes = 8192;
        const auto result = signFile(dir / "in.pdf", dir / "out.pdf", invisible);
        checkSignatures(dir / "out.pdf", 1, result);
    }
    // Multiples of 90 outside 0..270 are what every viewer agrees on: normalised, signed.
    for (const std::string rotate : {"-90", "450"}) {
        INFO(rotate);
        TempDir dir;
        writeFile(dir / "in.pdf", onePage(" /Rotate " + rotate));
        const auto result = signFile(dir / "in.pdf", dir / "out.pdf", visibleOnPage1());
        checkSignatures(dir / "out.pdf", 1, result);
    }
}

TEST_CASE("an existing empty signature field signed without a visible box keeps its rectangle",
          "[pdf][edges]") {
    TempDir dir;
    pdf::PdfSignOptions options;
    options.reserveBytes = 8192;
    options.fieldName = "ChuKyLanhDao";
    const auto result = signFile(inputPdf("form.pdf"), dir / "out.pdf", options);
    const Bytes input = readFile(inputPdf("form.pdf"));
    const Bytes out = readFile(dir / "out.pdf");
    const auto field = pdfTokens(objectSource(out, input.size(), 10));
    REQUIRE(!field.empty());
    CHECK(withoutEntries(field, {"V", "AP"}) == pdfTokens(objectSource(input, 0, 10)));
    CHECK(entryValue(field, "Rect") ==
          std::vector<std::string>{"[", "350", "80", "545", "150", "]"});
    const auto ap = entryValue(field, "AP");  // << /N n 0 R >>
    REQUIRE(ap.size() == 6);
    const auto form = pdfTokens(objectSource(out, input.size(), std::stoi(ap[2])));
    // The appearance covers the field's rectangle (195 x 70), drawing nothing.
    const auto bbox = entryValue(form, "BBox");
    CHECK(bbox == std::vector<std::string>{"[", "0", "0", "195", "70", "]"});
    checkSignatures(dir / "out.pdf", 1, result);
}
