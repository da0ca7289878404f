// Signing real PDFs of every structural kind and checking the result with independent tools.

#include <catch2/catch.hpp>
#include <cstring>

#include "core/error.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

// The previous cross-reference section's kind and offset, read independently of the library.
struct LastXref {
    bool stream = false;
    std::uint64_t offset = 0;
};
LastXref lastXref(const Bytes& file) {
    const std::string all = text(file);
    const std::size_t at = all.rfind("startxref");
    REQUIRE(at != std::string::npos);
    LastXref result;
    result.offset = std::stoull(all.substr(at + 9));
    std::size_t p = result.offset;
    while (std::isspace(static_cast<unsigned char>(all[p]))) {
        ++p;
    }
    result.stream = all.compare(p, 4, "xref") != 0;
    return result;
}

pdf::PdfSignOptions invisibleOptions() {
    pdf::PdfSignOptions options;
    options.reason = "Phê duyệt văn bản";
    options.location = "Hà Nội";
    options.signerName = "Nguyễn Thị Lấp Lánh Ánh";
    options.signingTime = 1795436182;  // 2026-11-23T12:16:22Z
    options.reserveBytes = 8192;
    return options;
}

// Everything an appended signature must satisfy; `count` signatures expected in `output`.
void checkSigned(const fs::path& input, const fs::path& output, const pdf::PdfSignResult& result,
                 std::size_t count) {
    const Bytes in = readFile(input);
    const Bytes out = readFile(output);
    INFO(output.string());
    REQUIRE(out.size() == in.size() + result.update.size());
    CHECK(std::memcmp(out.data(), in.data(), in.size()) == 0);

    const LastXref previous = lastXref(in);
    const std::string update = text(result.update);
    CHECK(update.find("/Prev " + std::to_string(previous.offset)) != std::string::npos);
    if (previous.stream) {
        CHECK(update.find("/Type /XRef") != std::string::npos);
        CHECK(update.find("\nxref\n") == std::string::npos);
    } else {
        CHECK(update.find("\nxref\n") != std::string::npos);
        CHECK(update.find("/Type /XRef") == std::string::npos);
    }
    CHECK(update.find("/SubFilter /ETSI.CAdES.detached") != std::string::npos);

    checkSignatures(output, count, result);
}

}  // namespace

TEST_CASE("an invisible signature on every kind of input, then a second signer", "[pdf][sign]") {
    const std::string name = GENERATE(as<std::string>{}, "simple.pdf", "objstm.pdf",
                                      "linearized.pdf", "rotated.pdf", "form.pdf", "hybrid.pdf");
    SECTION(name) {
        TempDir dir;
        const fs::path input = inputPdf(name);
        const fs::path once = dir / "once.pdf";
        const pdf::PdfSignResult first = signFile(input, once, invisibleOptions());
        CHECK(first.fieldName == "Signature1");
        checkSigned(input, once, first, 1);

        pdf::PdfSignOptions second = invisibleOptions();
        second.signerName = "Trần Văn Bình";
        const fs::path twice = dir / "twice.pdf";
        const pdf::PdfSignResult result = signFile(once, twice, second, "person-rsa3072");
        CHECK(result.fieldName == "Signature2");
        checkSigned(once, twice, result, 2);
    }
}

TEST_CASE("an existing empty signature field is signed by name", "[pdf][sign]") {
    TempDir dir;
    pdf::PdfSignOptions options = invisibleOptions();
    options.fieldName = "ChuKyLanhDao";
    const fs::path output = dir / "signed.pdf";
    const pdf::PdfSignResult result = signFile(inputPdf("form.pdf"), output, options);
    checkSigned(inputPdf("form.pdf"), output, result, 1);
    const std::string update = text(result.update);
    // The field object (10) is rewritten with /V; no new field, page and /Fields untouched.
    CHECK(update.find("\n10 0 obj\n") != std::string::npos);
    CHECK(update.find("/T (Signature") == std::string::npos);
    CHECK(update.find("\n3 0 obj\n") == std::string::npos);
    CHECK(update.find("\n12 0 obj\n") == std::string::npos);

    SECTION("signing it again is refused") {
        const Bytes signed_ = readFile(output);
        try {
            pdf::prepareSignature(pdf::InputView::of(signed_), options);
            FAIL("signed an already signed field");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::InvalidRequest);
            CHECK(std::string(e.what()).find("already signed") != std::string::npos);
        }
    }
    SECTION("a text field of that name is refused") {
        options.fieldName = "SoVanBan";
        const Bytes in = readFile(inputPdf("form.pdf"));
        CHECK_THROWS_AS(pdf::prepareSignature(pdf::InputView::of(in), options), Error);
    }
}

TEST_CASE("only the objects that must change are written", "[pdf][sign]") {
    const Bytes in = readFile(inputPdf("simple.pdf"));
    const pdf::PdfSignResult result =
        pdf::signPdf(pdf::InputView::of(in), invisibleOptions(), cmsMaker());
    const std::string update = text(result.update);
    // Rewritten: page 1 (3, for /Annots) and the catalog (1, for the new /AcroForm).
    CHECK(update.find("\n1 0 obj\n") != std::string::npos);
    CHECK(update.find("\n3 0 obj\n") != std::string::npos);
    for (int unchanged : {2, 4, 5, 6, 7, 8}) {
        CHECK(update.find("\n" + std::to_string(unchanged) + " 0 obj\n") == std::string::npos);
    }
    // /Info kept as it was, /ID's first element kept.
    CHECK(update.find("/Info 8 0 R") != std::string::npos);
    // (PoDoFo may write the kept element as a literal string: its bytes are printable.)
    const bool keptId =
        update.find("/ID [<6B79736F2D746573742D646F632D3031> <") != std::string::npos ||
        update.find("/ID [(kyso-test-doc-01) <") != std::string::npos;
    INFO(update.substr(update.find("trailer")));
    CHECK(keptId);
    CHECK(update.find("/M (D:") != std::string::npos);
}

TEST_CASE("the file path API maps the input instead of copying it", "[pdf][sign]") {
    pdf::MappedFile mapped(inputPdf("objstm.pdf").string());
    const pdf::PdfSignResult result =
        pdf::signPdf(mapped.view(), invisibleOptions(), cmsMaker("org-ec256"));
    TempDir dir;
    writeFile(dir / "out.pdf", readFile(inputPdf("objstm.pdf")), result.update);
    const auto sigs = pdfsig(dir / "out.pdf");
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].totalDocument);
}

TEST_CASE("a CMS larger than the reserve fails cleanly", "[pdf][sign]") {
    const Bytes in = readFile(inputPdf("simple.pdf"));
    pdf::PdfSignOptions options = invisibleOptions();
    options.reserveBytes = 256;
    try {
        pdf::signPdf(pdf::InputView::of(in), options, cmsMaker());
        FAIL("a CMS of over 2 KB fit in 256 bytes");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Internal);
        CHECK(std::string(e.what()).find("does not fit") != std::string::npos);
    }
}

TEST_CASE("a CMS from another producer (OpenSSL CMS_sign) embeds and validates too",
          "[pdf][sign]") {
    TempDir dir;
    const Bytes in = readFile(inputPdf("linearized.pdf"));
    const pdf::PdfSignResult result =
        pdf::signPdf(pdf::InputView::of(in), invisibleOptions(),
                     [](const Bytes& digest) { return opensslCms(digest, "person-rsa4096"); });
    writeFile(dir / "out.pdf", in, result.update);
    const auto sigs = pdfsig(dir / "out.pdf");
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].signer == "Phạm Minh Châu");
    CHECK(opensslVerify(dir / "out.pdf", result));
}

TEST_CASE("prepare and embed separately give the same file as signPdf", "[pdf][sign]") {
    const Bytes in = readFile(inputPdf("objstm.pdf"));
    pdf::PdfSignResult prepared = pdf::prepareSignature(pdf::InputView::of(in), invisibleOptions());
    const Bytes cms = cadesCms(prepared.byteRangeDigest);
    // The placeholder is all zeros before the CMS goes in, and only it changes.
    const Bytes before = prepared.update;
    pdf::embedCms(prepared, in.size(), cms);
    std::size_t changed = 0;
    std::size_t outsideContents = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (before[i] != prepared.update[i]) {
            ++changed;
            const std::uint64_t at = i + in.size();
            outsideContents += at <= prepared.byteRange[1] || at >= prepared.byteRange[2] - 1;
        }
    }
    CHECK(outsideContents == 0);
    CHECK(changed > cms.size());  // two hex digits per byte, a few may equal '0' already
    TempDir dir;
    writeFile(dir / "out.pdf", in, prepared.update);
    CHECK(pdfsig(dir / "out.pdf").at(0).valid);
}

TEST_CASE("a new field name must be a partial name", "[pdf][sign]") {
    const Bytes in = readFile(inputPdf("simple.pdf"));
    pdf::PdfSignOptions options = invisibleOptions();
    options.fieldName = "Form.Signature";
    try {
        pdf::prepareSignature(pdf::InputView::of(in), options);
        FAIL("accepted a dotted name for a new field");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidRequest);
    }
}

TEST_CASE("an input without a final end-of-line, or with CR LF", "[pdf][sign]") {
    Bytes in = readFile(inputPdf("simple.pdf"));
    REQUIRE(in.back() == '\n');
    SECTION("no end-of-line after %%EOF") {
        in.pop_back();
    }
    SECTION("CR LF after %%EOF") {
        in.back() = '\r';
        in.push_back('\n');
    }
    TempDir dir;
    writeFile(dir / "in.pdf", in);
    const pdf::PdfSignResult result = signFile(dir / "in.pdf", dir / "out.pdf", invisibleOptions());
    checkSigned(dir / "in.pdf", dir / "out.pdf", result, 1);
}

TEST_CASE("a document certified with no changes allowed is not signed again", "[pdf][sign]") {
    // The certification signature's value does not matter here, only its DocMDP permission.
    const auto certified = [](int permission) {
        return buildPdf({"<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 4 0 R >> >>",
                         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                         "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
                         "/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams "
                         "<< /Type /TransformParams /P " +
                             std::to_string(permission) + " /V /1.2 >> >>] >>"},
                        "/Root 1 0 R");
    };
    const Bytes locked = certified(1);
    try {
        pdf::prepareSignature(pdf::InputView::of(locked), invisibleOptions());
        FAIL("signed a document certified with P=1");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidRequest);
        CHECK(e.details().at("reason") == "certifiedNoChanges");
    }
    // P=2 allows form filling and signing.
    const Bytes open = certified(2);
    CHECK_NOTHROW(pdf::prepareSignature(pdf::InputView::of(open), invisibleOptions()));
}
