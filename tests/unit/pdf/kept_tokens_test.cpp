// Objects kyso rewrites in an incremental update keep the original tokens of every value kyso
// does not change (issue 10 §1): revision-comparing validators (Acrobat, EU DSS, pyHanko) judge
// an earlier signature's document modified by a MediaBox real printed with fewer digits.

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>

#include "core/error.hpp"
#include "pdf/source_edit.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

const std::string kCatalog =
    "<< /Pages 2 0 R /Type /Catalog /AcroForm << /DA <2F48656C7620302054662030206720> "
    "/Fields [] /DR << /Font << /F#20x 8 0 R >> >> /NeedAppearances false >> /Lang (vi-VN) >>";
const std::string kPages = "<< /Count 2 /Kids [3 0 R 4 0 R] /Type /Pages >>";
const std::string kPage1 =
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] "
    "/Contents 5 0 R /Resources << /Font << /F1 8 0 R >> >> >>";
// Unusual key order, nested dictionaries, an escaped name, literal and hex strings, reals with
// many digits, a comment: every one of them must come back as it was.
const std::string kPage2 =
    "<< /Resources << /ProcSet [/PDF /Text] /Font << /F1 8 0 R >> >> /Contents 6 0 R\n"
    "/MediaBox [0 0 595.303937007874 841.889763779528] % LibreOffice writes these\n"
    "/Parent 2 0 R /Type /Page /Na#20me#23x (lit \\(paren\\) string) /Hex <FEFF00410042>\n"
    "/Annots [7 0 R] /UserUnit 1.000000000000 /Group << /S /Transparency /CS /DeviceRGB /I "
    "true >> >>";
const std::string kAnnot =
    "<< /Subtype /Square /Type /Annot /Rect [72.123456789 72 144.987654321 144] /P 4 0 R "
    "/C [0.25098039 0.50196078 0.75294118] /F 4 >>";
const std::string kFont = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const std::string kId = "/ID [<6B79736F2D6B6565702D3031> <6B79736F2D6B6565702D3031>]";

std::string contents(const std::string& data) {
    return "<< /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

Bytes classicInput() {
    return buildPdf(
        {kCatalog, kPages, kPage1, kPage2, contents("BT /F1 24 Tf 72 700 Td (page one) Tj ET"),
         contents("BT /F1 24 Tf 72 700 Td (page two) Tj ET"), kAnnot, kFont},
        "/Root 1 0 R " + kId);
}

// The same objects, the catalog, page tree, pages and annotation inside an (unfiltered) object
// stream, listed by a cross-reference stream: kyso takes their source from the decoded stream.
Bytes objectStreamInput() {
    std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::array<std::uint64_t, 11> offsets{};
    auto object = [&](int number, const std::string& body) {
        offsets[static_cast<std::size_t>(number)] = out.size();
        out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
    };
    object(5, contents("BT /F1 24 Tf 72 700 Td (page one) Tj ET"));
    object(6, contents("BT /F1 24 Tf 72 700 Td (page two) Tj ET"));
    object(8, kFont);
    const std::vector<std::pair<int, std::string>> members = {
        {1, kCatalog}, {2, kPages}, {3, kPage1}, {4, kPage2}, {7, kAnnot}};
    std::string header, body;
    for (const auto& [number, text] : members) {
        header += std::to_string(number) + " " + std::to_string(body.size()) + " ";
        body += text + "\n";
    }
    object(9, "<< /Type /ObjStm /N 5 /First " + std::to_string(header.size()) + " /Length " +
                  std::to_string(header.size() + body.size()) + " >>\nstream\n" + header + body +
                  "\nendstream");
    offsets[10] = out.size();
    std::string entries;
    auto entry = [&](int type, std::uint64_t field2, int field3) {
        entries += static_cast<char>(type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            entries += static_cast<char>((field2 >> shift) & 0xff);
        }
        entries += static_cast<char>(field3 >> 8);
        entries += static_cast<char>(field3 & 0xff);
    };
    entry(0, 0, 65535);
    int index = 0;
    for (int number = 1; number <= 10; ++number) {
        const bool compressed = number <= 4 || number == 7;
        if (compressed) {
            entry(2, 9, index++);
        } else {
            entry(1, offsets[static_cast<std::size_t>(number)], 0);
        }
    }
    out += "10 0 obj\n<< /Type /XRef /Size 11 /W [1 4 2] /Root 1 0 R " + kId + " /Length " +
           std::to_string(entries.size()) + " >>\nstream\n" + entries + "\nendstream\nendobj\n";
    out += "startxref\n" + std::to_string(offsets[10]) + "\n%%EOF\n";
    return Bytes(out.begin(), out.end());
}

pdf::PdfSignOptions onPage(int page) {
    pdf::PdfSignOptions options;
    options.signerName = "Nguyen Van A";
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.page = page;
    visible.lines = {"Nguyen Van A"};
    options.visible = visible;
    return options;
}

// The rewritten page and catalog keep every token but the entries kyso sets; what kyso adds
// to /Annots and /Fields comes after the original items.
void checkKept(const Bytes& input, const Bytes& output, const std::string& page2Source) {
    const std::size_t updateStart = input.size();
    const auto page = pdfTokens(objectSource(output, updateStart, 4));
    const auto originalPage = pdfTokens(page2Source);
    REQUIRE(!page.empty());
    CHECK(withoutEntries(page, {"Annots"}) == withoutEntries(originalPage, {"Annots"}));
    const auto annots = entryValue(page, "Annots");
    REQUIRE(annots.size() == 8);  // [ 7 0 R N 0 R ]
    CHECK(std::vector<std::string>(annots.begin(), annots.begin() + 4) ==
          std::vector<std::string>{"[", "7", "0", "R"});

    const auto catalog = pdfTokens(objectSource(output, updateStart, 1));
    const auto originalCatalog = pdfTokens(kCatalog);
    REQUIRE(!catalog.empty());
    CHECK(withoutEntries(catalog, {"AcroForm"}) == withoutEntries(originalCatalog, {"AcroForm"}));
    const auto acroForm = entryValue(catalog, "AcroForm");
    CHECK(withoutEntries(acroForm, {"Fields", "SigFlags"}) ==
          withoutEntries(entryValue(originalCatalog, "AcroForm"), {"Fields", "SigFlags"}));
    CHECK(entryValue(acroForm, "SigFlags") == std::vector<std::string>{"3"});
    CHECK(entryValue(acroForm, "Fields").size() == 5);  // [ N 0 R ]
    // The objects kyso did not need to change are not in the update at all.
    CHECK(objectSource(output, updateStart, 3).empty());
    CHECK(objectSource(output, updateStart, 7).empty());
}

}  // namespace

TEST_CASE("SourceEdit sets, removes and appends without touching other tokens", "[pdf][kept]") {
    pdf::SourceEdit edit("<</B 595.303937007874/V(x)/A#20b <00FF>/K [1 0 R]%c\n/N/Name>>");
    edit.set("V", "12 0 R");
    edit.set("N", "7 0 R");  // "/N/Name": the new value must not run into the key
    edit.set("New", "<< /N 3 0 R >>");
    edit.appendTo("K", {"2 0 R"});
    CHECK(edit.valueText("A b") == "<00FF>");  // keys compared with #xx decoded
    CHECK(pdfTokens(edit.text()) ==
          pdfTokens("<< /B 595.303937007874 /V 12 0 R /A#20b <00FF> /K [1 0 R 2 0 R] /N 7 0 R "
                    "/New << /N 3 0 R >> >>"));
    edit.remove("V");
    CHECK(edit.valueText("V").empty());
    CHECK(pdfTokens(edit.text()) ==
          pdfTokens("<< /B 595.303937007874 /A#20b <00FF> /K [1 0 R 2 0 R] /N 7 0 R "
                    "/New << /N 3 0 R >> >>"));

    pdf::SourceEdit array("[ 1 0 R (a]b) ]");
    array.append({"5 0 R", "6 0 R"});
    CHECK(pdfTokens(array.text()) ==
          std::vector<std::string>{"[", "1", "0", "R", "(a]b)", "5", "0", "R", "6", "0", "R", "]"});

    CHECK_THROWS_AS(pdf::SourceEdit("12 0 R"), Error);
    CHECK_THROWS_AS(pdf::SourceEdit("<< /A [1 2 >>"), Error);
    CHECK_THROWS_AS(edit.appendTo("B", {"1 0 R"}), Error);  // not an inline array
}

TEST_CASE("a signature on page 2 keeps every original token of the page and the catalog",
          "[pdf][kept]") {
    TempDir dir;
    SECTION("classic cross-reference table") {
        const Bytes input = classicInput();
        writeFile(dir / "in.pdf", input);
        const auto result = signFile(dir / "in.pdf", dir / "out.pdf", onPage(2));
        checkKept(input, readFile(dir / "out.pdf"), kPage2);
        checkSignatures(dir / "out.pdf", 1, result);
    }
    SECTION("objects inside an object stream") {
        const Bytes input = objectStreamInput();
        writeFile(dir / "in.pdf", input);
        REQUIRE(qpdfCheck(dir / "in.pdf"));
        const auto result = signFile(dir / "in.pdf", dir / "out.pdf", onPage(2));
        checkKept(input, readFile(dir / "out.pdf"), kPage2);
        checkSignatures(dir / "out.pdf", 1, result);
    }
}

TEST_CASE("a second signer on another page keeps the tokens of the first signer's revision",
          "[pdf][kept]") {
    TempDir dir;
    const Bytes input = classicInput();
    writeFile(dir / "in.pdf", input);
    signFile(dir / "in.pdf", dir / "one.pdf", onPage(2));
    const Bytes one = readFile(dir / "one.pdf");
    // A second signer, as in the workflow (pdfsig reports the same certificate twice as an
    // "unknown issue").
    const auto result = signFile(dir / "one.pdf", dir / "two.pdf", onPage(1), "person-ec384");
    const Bytes two = readFile(dir / "two.pdf");
    // Page 1 was never written by kyso before: its source is the input's.
    const auto page1 = pdfTokens(objectSource(two, one.size(), 3));
    CHECK(withoutEntries(page1, {"Annots"}) == pdfTokens(kPage1));
    // The catalog's newest version was kyso's own (revision 1): kept as revision 1 wrote it.
    const auto before = pdfTokens(objectSource(one, input.size(), 1));
    const auto after = pdfTokens(objectSource(two, one.size(), 1));
    CHECK(withoutEntries(entryValue(after, "AcroForm"), {"Fields"}) ==
          withoutEntries(entryValue(before, "AcroForm"), {"Fields"}));
    CHECK(withoutEntries(after, {"AcroForm"}) == withoutEntries(before, {"AcroForm"}));
    checkSignatures(dir / "two.pdf", 2, result);
}
