// Sizes and timings for docs/pdf-signing.md. Hidden ([.]): run with
//   kyso-pdf-tests "[measure]"            (KYSO_PDF_KEEP=DIR keeps the signed files)
// The large-file case builds a ~100 MB PDF in a temporary directory.

#include <openssl/pem.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "core/openssl_handles.hpp"
#include "crypto/cades.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

void keep(const std::string& name, const fs::path& file) {
    if (const char* dir = std::getenv("KYSO_PDF_KEEP"); dir != nullptr) {
        fs::copy_file(file, fs::path(dir) / name, fs::copy_options::overwrite_existing);
    }
}

pdf::PdfSignOptions baseOptions() {
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    ::tzset();
    pdf::PdfSignOptions options;
    options.signerName = "Nguyễn Thị Lấp Lánh Ánh";
    options.reason = "Phê duyệt";
    options.location = "Hà Nội";
    options.signingTime = 1795436182;
    return options;
}

pdf::VisibleSignature visible(bool image) {
    pdf::VisibleSignature v;
    v.box = {pdf::PageCorner::BottomRight, 36, 36, 220, 70};
    v.lines = pdf::signatureTextLines("Nguyễn Thị Lấp Lánh Ánh", "Văn phòng UBND tỉnh Kyso",
                                      1795436182, "Phê duyệt", "Hà Nội");
    if (image) {
        v.pngImage = makeSignaturePng(240, 120);
    }
    return v;
}

}  // namespace

TEST_CASE("sizes and timings per signature", "[.][measure]") {
    TempDir dir;
    for (const std::string name : {"simple.pdf", "objstm.pdf", "rotated.pdf", "form.pdf"}) {
        for (int kind = 0; kind < 3; ++kind) {
            pdf::PdfSignOptions options = baseOptions();
            if (kind > 0) {
                options.visible = visible(kind == 2);
            }
            const fs::path out = dir / ("out-" + std::to_string(kind) + "-" + name);
            const Bytes in = readFile(inputPdf(name));
            const auto start = std::chrono::steady_clock::now();
            const pdf::PdfSignResult r = pdf::signPdf(pdf::InputView::of(in), options, cmsMaker());
            const double ms = msSince(start);
            writeFile(out, in, r.update);
            keep(out.filename().string(), out);
            const char* kinds[] = {"invisible", "visible text", "visible text+png"};
            std::cout << name << " " << kinds[kind] << ": +" << r.update.size()
                      << " bytes (reserve 16384 -> 32768 hex), " << ms
                      << " ms including the software CMS\n";
            CHECK(pdfsig(out).at(0).valid);
        }
    }
}

TEST_CASE("sizes with the reserve from cadesSizeBound", "[.][measure]") {
    CadesRequest request;
    request.signerCertificate = readFile(pkiDir() / "person-rsa2048.cert.der");
    const Bytes digest = sha256(Bytes{1});
    const Bytes sample = cadesCms(digest);  // its chain is the intermediate, as below
    BioPtr bio(BIO_new_file((pkiDir() / "intermediate.pem").c_str(), "r"));
    X509Ptr intermediate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    unsigned char* der = nullptr;
    const int length = i2d_X509(intermediate.get(), &der);
    request.chain.emplace_back(der, der + length);
    OPENSSL_free(der);
    const std::size_t bound = cadesSizeBound(request);
    std::cout << "cadesSizeBound (RSA-2048, intermediate in the chain, B-B): " << bound
              << " bytes; actual CMS " << sample.size() << " bytes\n";
    for (int kind = 0; kind < 3; ++kind) {
        pdf::PdfSignOptions options = baseOptions();
        options.reserveBytes = bound;
        if (kind > 0) {
            options.visible = visible(kind == 2);
        }
        const Bytes in = readFile(inputPdf("simple.pdf"));
        const pdf::PdfSignResult r = pdf::signPdf(pdf::InputView::of(in), options, cmsMaker());
        const char* kinds[] = {"invisible", "visible text", "visible text+png"};
        std::cout << "simple.pdf " << kinds[kind] << " with that reserve: +" << r.update.size()
                  << " bytes\n";
        TempDir dir;
        writeFile(dir / "out.pdf", in, r.update);
        CHECK(pdfsig(dir / "out.pdf").at(0).valid);
    }
}

TEST_CASE("a 100 MB PDF signs in place", "[.][measure][large]") {
    TempDir dir;
    // simple.pdf with one ~100 MB stream object appended as an incremental update.
    const Bytes base = readFile(inputPdf("simple.pdf"));
    const fs::path big = dir / "big.pdf";
    {
        std::ofstream out(big, std::ios::binary);
        out.write(reinterpret_cast<const char*>(base.data()),
                  static_cast<std::streamsize>(base.size()));
        const std::size_t offset = base.size();
        const std::size_t length = 100u << 20;
        out << "9 0 obj\n<< /Length " << length << " >>\nstream\n";
        std::string block(1 << 20, 'x');
        for (std::size_t i = 0; i < length; i += block.size()) {
            out.write(block.data(), static_cast<std::streamsize>(block.size()));
        }
        out << "\nendstream\nendobj\n";
        const auto xref = static_cast<std::size_t>(out.tellp());
        char entry[32];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        const std::string text = base.size() > 0 ? std::string(base.begin(), base.end()) : "";
        const std::size_t prevAt = text.rfind("startxref") + 10;
        const std::string prev = text.substr(prevAt, text.find('\n', prevAt) - prevAt);
        out << "xref\n9 1\n"
            << entry << "trailer\n<< /Size 10 /Root 1 0 R /Info 8 0 R /Prev " << prev
            << " >>\nstartxref\n"
            << xref << "\n%%EOF\n";
    }
    {
        // The floor: one SHA-256 pass over the mapped file.
        pdf::MappedFile mapped(big.string());
        const auto hashStart = std::chrono::steady_clock::now();
        const Bytes digest = sha256(mapped.view().data, mapped.view().size);
        std::cout << "SHA-256 of the mapped 100 MB file alone: " << msSince(hashStart) << " ms\n";
    }
    const auto start = std::chrono::steady_clock::now();
    pdf::MappedFile mapped(big.string());
    pdf::PdfSignResult r = pdf::signPdf(mapped.view(), baseOptions(), cmsMaker());
    const double ms = msSince(start);
    std::cout << "100 MB input: +" << r.update.size() << " bytes in " << ms
              << " ms (mapped, hashed once)\n";
    // Anonymous memory is what signing costs; file-backed pages are the kernel's page cache
    // of the mapped input, dropped under pressure.
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("RssAnon", 0) == 0 || line.rfind("RssFile", 0) == 0 ||
            line.rfind("VmHWM", 0) == 0) {
            std::cout << "  " << line << "\n";
        }
    }
    {
        std::ofstream out(big, std::ios::binary | std::ios::app);
        out.write(reinterpret_cast<const char*>(r.update.data()),
                  static_cast<std::streamsize>(r.update.size()));
    }
    const auto sigs = pdfsig(big);
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].totalDocument);
}

TEST_CASE("a 10,000-page PDF, signed visibly on its last page", "[.][measure][pages]") {
    TempDir dir;
    {
        // qpdf reads arguments from @file: 5,000 copies of the 2-page file.
        std::ofstream args(dir / "args");
        args << "--empty\n--pages\n";
        for (int i = 0; i < 5000; ++i) {
            args << inputPdf("simple.pdf").string() << "\n";
        }
        args << "--\n" << (dir / "many.pdf").string() << "\n";
    }
    REQUIRE(run("qpdf @" + (dir / "args").string()).status == 0);
    const auto anonKb = [] {
        std::ifstream status("/proc/self/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind("RssAnon:", 0) == 0) {
                return std::stol(line.substr(8));
            }
        }
        return 0L;
    };
    const long before = anonKb();
    pdf::PdfSignOptions options = baseOptions();
    options.visible = visible(false);
    options.visible->page = -1;
    const auto start = std::chrono::steady_clock::now();
    pdf::MappedFile mapped((dir / "many.pdf").string());
    const pdf::PdfSignResult r = pdf::signPdf(mapped.view(), options, cmsMaker());
    const double ms = msSince(start);
    std::cout << "10,000 pages (" << fs::file_size(dir / "many.pdf") << " bytes): +"
              << r.update.size() << " bytes in " << ms << " ms; RssAnon grew by "
              << anonKb() - before << " kB during signing (peak not shown)\n";
    writeFile(dir / "signed.pdf", readFile(dir / "many.pdf"), r.update);
    const auto sigs = pdfsig(dir / "signed.pdf");
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(pageText(dir / "signed.pdf", 10000).find("Lấp Lánh Ánh") != std::string::npos);
}
