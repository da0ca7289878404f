// The revision-diff check on hand-made revisions: a base document (one page, a text field and a
// signed signature field) and one incremental update written here, byte by byte.

#include "pdf/revision_diff.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <string>

#include "core/error.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdf;
using kyso::pdftest::buildPdf;

namespace {

const std::string kPage =
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] "
    "/Annots [4 0 R 6 0 R] >>";
const std::string kTextField =
    "<< /FT /Tx /T (Ten) /Subtype /Widget /Rect [10 10 200 30] /P 3 0 R >>";

// The signature dictionary with a ByteRange whose end is patched in once the size is known.
std::string signatureDictionary(const std::string& reference) {
    return "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
           "/ByteRange [0 10 20 0000000000] /Contents <00>" +
           reference + " >>";
}

Bytes basePdf(const std::string& catalogExtra = "", const std::string& reference = "") {
    Bytes pdf =
        buildPdf({"<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R" + catalogExtra + " >>",
                  "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", kPage, kTextField,
                  "<< /Fields [4 0 R 6 0 R] /SigFlags 3 >>",
                  "<< /FT /Sig /T (Sig1) /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V 7 0 R >>",
                  signatureDictionary(reference)},
                 "/Root 1 0 R");
    // The signed revision is the whole base: ByteRange [0 10 20 size-20].
    std::string text(pdf.begin(), pdf.end());
    std::array<char, 16> end{};
    std::snprintf(end.data(), end.size(), "%010zu", pdf.size() - 20);
    text.replace(text.find("0000000000]"), 10, end.data());
    return Bytes(text.begin(), text.end());
}

// `base` with one incremental update: these objects, a classic xref section, a trailer.
Bytes withUpdate(const Bytes& base, const std::map<int, std::string>& objects, int size = 12) {
    std::string out(base.begin(), base.end());
    const std::size_t prev = std::stoul(out.substr(out.rfind("startxref") + 9));
    std::map<int, std::size_t> offsets;
    for (const auto& [number, body] : objects) {
        offsets[number] = out.size();
        out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n";
    for (const auto& [number, offset] : offsets) {
        std::array<char, 32> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n \n", offset);
        out += std::to_string(number) + " 1\n" + line.data();
    }
    out += "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R /Prev " +
           std::to_string(prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return Bytes(out.begin(), out.end());
}

SignatureRevisionReport diff(const Bytes& base, const Bytes& updated) {
    SignatureRevisionReport report = diffRevision(InputView::of(updated), base.size());
    INFO(describe(report));
    return report;
}

// A clerk's fill: the text field gets /V and an appearance that uses a new font.
const std::map<int, std::string> kFill = {
    {4,
     "<< /FT /Tx /T (Ten) /Subtype /Widget /Rect [10 10 200 30] /P 3 0 R /V (Nguyen Van A) "
     "/AP << /N 8 0 R >> >>"},
    {8,
     "<< /Type /XObject /Subtype /Form /BBox [0 0 190 20] /Resources << /Font << /F1 9 0 R "
     ">> >> /Length 10 >>\nstream\nBT ET q Q\n\nendstream"},
    {9, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}};

}  // namespace

TEST_CASE("revision diff: a form fill only is form filling", "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    const SignatureRevisionReport report = diff(base, withUpdate(base, kFill));
    CHECK(report.changeClass == ChangeClass::FormFilling);
    CHECK(report.permitted);
    CHECK(report.changes.size() == 3);
    SECTION("an existing object made the appearance is judged by what it was when signed") {
        std::map<int, std::string> fill = kFill;
        fill[4].replace(fill[4].find("/N 8 0 R"), 8, "/N 2 0 R");
        fill[2] = "<< /Type /Pages /Kids [3 0 R] /Count 1 /Rotate 90 >>";
        CHECK(diff(base, withUpdate(base, fill)).changeClass == ChangeClass::Other);
    }
}

TEST_CASE("revision diff: nothing after the signature is none", "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    SECTION("no later revision") {
        CHECK(diff(base, base).changeClass == ChangeClass::None);
    }
    SECTION("an object written again with the same tokens (other spacing)") {
        const std::string page =
            "<</Type/Page /Parent 2 0 R/MediaBox[0 0 595.303937007874 841.889763779528]\n"
            "/Annots[4 0 R 6 0 R]>>";
        const SignatureRevisionReport report = diff(base, withUpdate(base, {{3, page}}));
        CHECK(report.changeClass == ChangeClass::None);
        CHECK(report.changes.empty());
    }
}

TEST_CASE("revision diff: a page value written with other tokens is other",
          "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    SECTION("a real printed with fewer decimals (what PoDoFo does)") {
        const std::string page =
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937 841.889764] "
            "/Annots [4 0 R 6 0 R] >>";
        const SignatureRevisionReport report = diff(base, withUpdate(base, {{3, page}}));
        CHECK(report.changeClass == ChangeClass::Other);
        CHECK_FALSE(report.permitted);
        REQUIRE(report.changes.size() == 1);
        CHECK(report.changes[0].keys == std::vector<std::string>{"MediaBox"});
    }
    SECTION("the same keys in another order") {
        const std::string page =
            "<< /Parent 2 0 R /Type /Page /MediaBox [0 0 595.303937007874 841.889763779528] "
            "/Annots [4 0 R 6 0 R] >>";
        CHECK(diff(base, withUpdate(base, {{3, page}})).changeClass == ChangeClass::Other);
    }
    SECTION("a literal string written as a hexadecimal one") {
        std::map<int, std::string> fill = kFill;
        fill[4].replace(fill[4].find("(Ten)"), 5, "<54656E>");
        CHECK(diff(base, withUpdate(base, fill)).changeClass == ChangeClass::Other);
    }
    SECTION("a widget's annotation dropped from the page") {
        const std::string page =
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] "
            "/Annots [6 0 R] >>";
        CHECK(diff(base, withUpdate(base, {{3, page}})).changeClass == ChangeClass::Other);
    }
}

TEST_CASE("revision diff: an added annotation is annotations", "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    const std::string page =
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] "
        "/Annots [4 0 R 6 0 R 8 0 R] >>";
    const std::string note =
        "<< /Type /Annot /Subtype /Text /Rect [300 300 320 320] /Contents (Da xem) /Popup 9 0 R "
        ">>";
    const std::string popup = "<< /Type /Annot /Subtype /Popup /Parent 8 0 R /Rect [0 0 1 1] >>";
    const SignatureRevisionReport report =
        diff(base, withUpdate(base, {{3, page}, {8, note}, {9, popup}}));
    CHECK(report.changeClass == ChangeClass::Annotations);
    CHECK(report.permitted);  // no DocMDP
}

TEST_CASE("revision diff: a new signature field is form filling", "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    const std::string page =
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] "
        "/Annots [4 0 R 6 0 R 8 0 R] >>";
    const std::map<int, std::string> update = {
        {3, page},
        {5, "<< /Fields [4 0 R 6 0 R 8 0 R] /SigFlags 3 >>"},
        {8,
         "<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /F 132 /Rect [50 50 250 110] "
         "/P 3 0 R /V 9 0 R /AP << /N 10 0 R >> >>"},
        {9, signatureDictionary("")},
        {10,
         "<< /Type /XObject /Subtype /Form /BBox [0 0 200 60] /Resources << /XObject << /Im "
         "11 0 R >> >> /Length 3 >>\nstream\nq Q\nendstream"},
        {11,
         "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
         "/BitsPerComponent 8 /Length 1 >>\nstream\n\x7f\nendstream"}};
    const SignatureRevisionReport report = diff(base, withUpdate(base, update));
    CHECK(report.changeClass == ChangeClass::FormFilling);
    CHECK(report.permitted);
    SECTION("signing an existing field whose widget is a separate kid, /V on both") {
        const Bytes form = withUpdate(
            base,
            {{3,
              "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 "
              "841.889763779528] /Annots [4 0 R 6 0 R 9 0 R] >>"},
             {5, "<< /Fields [4 0 R 6 0 R 8 0 R] /SigFlags 3 >>"},
             {8, "<< /FT /Sig /T (VanThu) /Kids [9 0 R] >>"},
             {9, "<< /Type /Annot /Subtype /Widget /Parent 8 0 R /Rect [0 0 9 9] /P 3 0 R >>"}});
        // The form (with its empty field) is what the next signer signs into.
        const Bytes signedField = withUpdate(
            form, {{8, "<< /FT /Sig /T (VanThu) /Kids [9 0 R] /V 10 0 R >>"},
                   {9,
                    "<< /Type /Annot /Subtype /Widget /Parent 8 0 R /Rect [0 0 9 9] /P 3 0 R "
                    "/AP << /N 11 0 R >> /V 10 0 R >>"},
                   {10, signatureDictionary("")},
                   {11,
                    "<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Length 3 >>\nstream\n"
                    "q Q\nendstream"}});
        CHECK(diff(form, signedField).changeClass == ChangeClass::FormFilling);
        SECTION("but a widget's /V naming something else is other") {
            std::string text(signedField.begin(), signedField.end());
            text.replace(text.rfind("/V 10 0 R >>\nendobj\n10 0 obj"), 9, "/V 2 0 R ");
            CHECK(diff(form, Bytes(text.begin(), text.end())).changeClass == ChangeClass::Other);
        }
    }
    SECTION("a new text field instead is other") {
        std::map<int, std::string> text = update;
        text[8] =
            "<< /FT /Tx /T (Moi) /Type /Annot /Subtype /Widget /Rect [50 50 250 110] "
            "/P 3 0 R >>";
        CHECK(diff(base, withUpdate(base, text)).changeClass == ChangeClass::Other);
    }
    SECTION("an added object nothing refers to is other") {
        std::map<int, std::string> orphan = update;
        orphan[12] = "<< /Anything (here) >>";
        CHECK(diff(base, withUpdate(base, orphan, 13)).changeClass == ChangeClass::Other);
    }
}

TEST_CASE("revision diff: DocMDP and FieldMDP decide what is permitted", "[pdf][revision-diff]") {
    SECTION("DocMDP P=1 with a form fill: not permitted") {
        const Bytes base =
            basePdf(" /Perms << /DocMDP 7 0 R >>",
                    " /Reference [<< /Type /SigRef /TransformMethod /DocMDP "
                    "/TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>]");
        const SignatureRevisionReport report = diff(base, withUpdate(base, kFill));
        CHECK(report.changeClass == ChangeClass::FormFilling);
        CHECK(report.docMdp == 1);
        CHECK_FALSE(report.permitted);
        REQUIRE(report.violations.size() == 1);
        CHECK(report.violations[0].find("DocMDP P=1") != std::string::npos);
    }
    SECTION("DocMDP P=2 with a form fill: permitted; with an annotation: not") {
        const Bytes base = basePdf(" /Perms << /DocMDP 7 0 R >>",
                                   " /Reference [<< /TransformMethod /DocMDP "
                                   "/TransformParams << /P 2 >> >>]");
        CHECK(diff(base, withUpdate(base, kFill)).permitted);
        const std::string page =
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] "
            "/Annots [4 0 R 6 0 R 8 0 R] >>";
        const SignatureRevisionReport report = diff(
            base, withUpdate(base, {{3, page}, {8, "<< /Subtype /Square /Rect [1 1 9 9] >>"}}));
        CHECK(report.changeClass == ChangeClass::Annotations);
        CHECK_FALSE(report.permitted);
    }
    SECTION("FieldMDP locking the filled field: not permitted") {
        const Bytes base = basePdf("",
                                   " /Reference [<< /TransformMethod /FieldMDP "
                                   "/TransformParams << /Action /Include /Fields [(Ten)] "
                                   ">> >>]");
        const SignatureRevisionReport report = diff(base, withUpdate(base, kFill));
        CHECK(report.changeClass == ChangeClass::FormFilling);
        CHECK_FALSE(report.permitted);
    }
    SECTION("FieldMDP locking another field: permitted") {
        const Bytes base = basePdf("",
                                   " /Reference [<< /TransformMethod /FieldMDP "
                                   "/TransformParams << /Action /Include /Fields [(Khac)] "
                                   ">> >>]");
        CHECK(diff(base, withUpdate(base, kFill)).permitted);
    }
}

TEST_CASE("revision diff: every signature of a file, from its byte range", "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    const Bytes updated = withUpdate(base, kFill);
    const std::vector<SignatureRevisionReport> reports =
        diffSignedRevisions(InputView::of(updated));
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].field == "Sig1");
    CHECK(reports[0].signedBytes == base.size());
    CHECK(reports[0].changeClass == ChangeClass::FormFilling);
}

TEST_CASE("revision diff: damaged input is INVALID_PDF", "[pdf][revision-diff]") {
    const Bytes base = basePdf();
    const auto code = [](const Bytes& file, std::uint64_t signedBytes) {
        try {
            diffRevision(InputView::of(file), signedBytes);
        } catch (const Error& e) {
            return e.code();
        }
        return ErrorCode::Internal;
    };
    const Bytes updated = withUpdate(base, kFill);
    CHECK(code(updated, updated.size() + 1) == ErrorCode::InvalidPdf);
    CHECK(code(updated, 100) == ErrorCode::InvalidPdf);  // no startxref there
    std::string text(updated.begin(), updated.end());
    const std::size_t last = text.rfind("startxref") + 10;
    text.replace(last, text.find('\n', last) - last, "5");  // the newest xref is not there
    CHECK(code(Bytes(text.begin(), text.end()), base.size()) == ErrorCode::InvalidPdf);
}
