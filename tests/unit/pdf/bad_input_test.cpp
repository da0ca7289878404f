// Bad input: a typed kyso::Error, quickly, never a crash; the input bytes are never modified.

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <random>

#include "core/error.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

pdf::PdfSignOptions options() {
    pdf::PdfSignOptions o;
    o.signingTime = 1795436182;
    o.reserveBytes = 4096;
    return o;
}

// Signs `input` and returns the error code it fails with; the input must stay unchanged and
// the failure must come within two seconds.
ErrorCode failure(const Bytes& input, pdf::PdfSignOptions o = options()) {
    const Bytes before = input;
    const auto start = std::chrono::steady_clock::now();
    ErrorCode code = ErrorCode::Internal;
    bool threw = false;
    try {
        pdf::signPdf(pdf::InputView::of(input), o, cmsMaker());
    } catch (const Error& e) {
        threw = true;
        code = e.code();
        INFO(e.what());
        CHECK(std::string(e.what()).size() > 5);
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(threw);
    CHECK(elapsed < std::chrono::seconds(2));
    CHECK(input == before);
    return code;
}

Bytes replaceAll(Bytes data, const std::string& from, const std::string& to) {
    std::string s = text(data);
    for (std::size_t at = s.find(from); at != std::string::npos;
         at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return Bytes(s.begin(), s.end());
}

}  // namespace

TEST_CASE("encrypted PDFs are refused with ENCRYPTED_PDF", "[pdf][bad]") {
    CHECK(failure(readFile(inputPdf("encrypted.pdf"))) == ErrorCode::EncryptedPdf);
    TempDir dir;
    // Owner password only: readable by anyone, but still encrypted.
    const CommandResult r =
        run("qpdf --encrypt '' owner 256 -- " + inputPdf("simple.pdf").string() + " " +
            (dir / "owner.pdf").string());
    REQUIRE(r.status == 0);
    CHECK(failure(readFile(dir / "owner.pdf")) == ErrorCode::EncryptedPdf);
}

TEST_CASE("damaged PDFs are refused with INVALID_PDF", "[pdf][bad]") {
    const Bytes simple = readFile(inputPdf("simple.pdf"));
    const Bytes objstm = readFile(inputPdf("objstm.pdf"));
    SECTION("empty and not a PDF") {
        CHECK(failure(Bytes{}) == ErrorCode::InvalidPdf);
        CHECK(failure(Bytes{'%', 'P', 'D', 'F'}) == ErrorCode::InvalidPdf);
        const std::string html = "<html><body>not a pdf</body></html>";
        CHECK(failure(Bytes(html.begin(), html.end())) == ErrorCode::InvalidPdf);
    }
    SECTION("truncated") {
        for (std::size_t percent : {30u, 60u, 95u}) {
            for (const Bytes* whole : {&simple, &objstm}) {
                const auto keep = static_cast<std::ptrdiff_t>(whole->size() * percent / 100);
                const Bytes cut(whole->begin(), whole->begin() + keep);
                CHECK(failure(cut) == ErrorCode::InvalidPdf);
            }
        }
    }
    SECTION("garbage after a PDF header") {
        std::mt19937 random(20261123);
        Bytes junk = {'%', 'P', 'D', 'F', '-', '1', '.', '7', '\n'};
        for (int i = 0; i < 100000; ++i) {
            junk.push_back(static_cast<std::uint8_t>(random()));
        }
        CHECK(failure(junk) == ErrorCode::InvalidPdf);
        const std::string tail = "\nstartxref\n12345\n%%EOF\n";
        junk.insert(junk.end(), tail.begin(), tail.end());
        CHECK(failure(junk) == ErrorCode::InvalidPdf);
    }
    SECTION("startxref pointing at the wrong place") {
        const std::string s = text(simple);
        const std::size_t at = s.rfind("startxref\n") + 10;
        std::string broken = s.substr(0, at) + "100\n%%EOF\n";
        CHECK(failure(Bytes(broken.begin(), broken.end())) == ErrorCode::InvalidPdf);
        broken = s.substr(0, at) + "99999999\n%%EOF\n";
        CHECK(failure(Bytes(broken.begin(), broken.end())) == ErrorCode::InvalidPdf);
    }
    SECTION("cross-reference entries pointing at garbage") {
        // Every in-use entry off by one byte or more: no object where the table says.
        std::string s = text(simple);
        const std::size_t xref = s.find("\nxref\n");
        for (std::size_t at = s.find(" 00000 n", xref); at != std::string::npos;
             at = s.find(" 00000 n", at + 1)) {
            s[at - 1] = static_cast<char>(s[at - 1] == '9' ? '0' : s[at - 1] + 1);
        }
        CHECK(failure(Bytes(s.begin(), s.end())) == ErrorCode::InvalidPdf);
    }
    SECTION("a /Prev loop in the cross-reference chain") {
        std::string s = text(simple);
        const std::size_t xref = s.find("\nxref\n") + 1;
        const std::size_t trailer = s.find("/Size");
        s.insert(trailer, "/Prev " + std::to_string(xref) + " ");
        // PoDoFo stops at the loop; the signature must then be valid, or refused as INVALID_PDF.
        const Bytes looped(s.begin(), s.end());
        std::optional<pdf::PdfSignResult> signed_;
        const auto start = std::chrono::steady_clock::now();
        try {
            signed_ = pdf::signPdf(pdf::InputView::of(looped), options(), cmsMaker());
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::InvalidPdf);
        }
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
        if (signed_) {
            TempDir dir;
            writeFile(dir / "looped.pdf", looped, signed_->update);
            const auto sigs = pdfsig(dir / "looped.pdf");
            REQUIRE(sigs.size() == 1);
            CHECK(sigs[0].valid);
        }
    }
    SECTION("a catalog that is not a dictionary") {
        const Bytes broken =
            replaceAll(simple, "<< /Type /Catalog /Pages 2 0 R >>", "[/Type /Catalog 2 0 R ]   ");
        CHECK(failure(broken) == ErrorCode::InvalidPdf);
    }
    SECTION("a page tree that loops") {
        const Bytes broken =
            replaceAll(simple, "/Kids [3 0 R 4 0 R] /Count 2", "/Kids [2 0 R 4 0 R] /Count 9");
        CHECK(failure(broken) == ErrorCode::InvalidPdf);
    }
    SECTION("deeply nested arrays") {
        // In the page dictionary, which the signer must read.
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        const Bytes broken = buildPdf(
            {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep " + deep + " >>"},
            "/Root 1 0 R");
        const ErrorCode code = failure(broken);
        CHECK((code == ErrorCode::InvalidPdf || code == ErrorCode::TooLarge));
    }
}

TEST_CASE("inputs larger than the limit are refused with TOO_LARGE", "[pdf][bad]") {
    pdf::PdfSignOptions o = options();
    o.maxInputBytes = 1000;
    CHECK(failure(readFile(inputPdf("simple.pdf")), o) == ErrorCode::TooLarge);
}
