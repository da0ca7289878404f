#pragma once

// Shared pieces of the pdf room's tests: commands, temporary directories, the test PKI, input
// PDFs made at test time, a software CMS maker, and the independent verifiers (qpdf, pdfsig,
// mutool, openssl cms) with their text output parsed (they exit 0 on broken signatures).

#include <array>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "crypto/cades.hpp"
#include "pdf/pdf_signer.hpp"
#include "pdf/revision_diff.hpp"

namespace kyso::pdftest {

namespace fs = std::filesystem;

struct CommandResult {
    int status = -1;
    std::string output;  // stdout and stderr
};
CommandResult run(const std::string& command);

Bytes readFile(const fs::path& path);
void writeFile(const fs::path& path, const Bytes& data);
void writeFile(const fs::path& path, const Bytes& a, const Bytes& b);
std::string text(const Bytes& data);

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

  private:
    fs::path path_;
};

// make-pki.sh output (made once) and an NSS database trusting its root (made once).
const fs::path& pkiDir();
const fs::path& nssDir();

// Input PDFs (made once per test run, in one directory): simple.pdf (classic xref, 2 pages,
// /Info, /ID), objstm.pdf (object streams + xref stream), linearized.pdf, rotated.pdf (page 1
// /Rotate 90, MediaBox [50 40 662 832], CropBox inside it), form.pdf (indirect AcroForm, indirect
// /Annots, an empty merged signature field "ChuKyLanhDao", a text field, and an empty signature
// field "VanThu.ChuKy" whose widget is a separate kid), hybrid.pdf (a classic table whose
// trailer's /XRefStm lists the page tree, kept in an object stream), encrypted.pdf.
fs::path inputPdf(const std::string& name);

// The tokens of a PDF object's source (ISO 32000-1 7.2) as written: delimiters, names with
// their #xx escapes, literal and hex strings, numbers with every digit; whitespace and comments
// dropped. Tests compare rewritten objects with their originals token by token.
std::vector<std::string> pdfTokens(const std::string& source);
// `tokens` (one dictionary) without the entries (key and whole value) under `keys`.
std::vector<std::string> withoutEntries(const std::vector<std::string>& tokens,
                                        const std::set<std::string>& keys);
// The tokens of the value under `key` in `tokens` (one dictionary); empty if absent.
std::vector<std::string> entryValue(const std::vector<std::string>& tokens, const std::string& key);
// The source between "N 0 obj" and "endobj" of the first object `number` at or after `from`
// in `pdf`; empty if none.
std::string objectSource(const Bytes& pdf, std::size_t from, int number);

// A PDF from object bodies (object i+1 = bodies[i]) with a correct classic xref table; the
// trailer gets /Size and `trailerExtra`.
Bytes buildPdf(const std::vector<std::string>& bodies, const std::string& trailerExtra);

// Detached CMS over `digest`, made by the crypto room's buildCades() (PAdES B-B: no
// signing-time, signing-certificate-v2) with the test key in software behind a DigestSigner.
Bytes cadesCms(const Bytes& digest, const std::string& signer = "person-rsa2048");
// buildCades() for a request the caller filled in (chain, time-stamp), with `signer`'s key.
Bytes cadesCms(CadesRequest request, const std::string& signer);
// DER of a PEM certificate file (e.g. the intermediate).
Bytes pemCertificateDer(const fs::path& pem);
// The same through OpenSSL's CMS_sign (signing-time, no PAdES attributes): a second,
// independent CMS producer.
Bytes opensslCms(const Bytes& digest, const std::string& signer = "person-rsa2048");
pdf::MakeCms cmsMaker(const std::string& signer = "person-rsa2048");

// Signs `input` (a file) and writes input+update to `output`. Returns the result.
pdf::PdfSignResult signFile(const fs::path& input, const fs::path& output,
                            const pdf::PdfSignOptions& options,
                            const std::string& signer = "person-rsa2048");

// What the verifiers say, one entry per signature in file order.
struct PdfsigSignature {
    bool valid = false;          // "Signature is Valid."
    bool trusted = false;        // "Certificate is Trusted."
    bool totalDocument = false;  // "Total document signed"
    std::string signer;
};
std::vector<PdfsigSignature> pdfsig(const fs::path& pdf, std::string* raw = nullptr);

struct MutoolSignature {
    bool unchanged = false;       // "The document is unchanged since signing."
    bool laterEditsOnly = false;  // "valid but there have been edits since signing"
    bool invalid = false;         // "invalidated" / digest failure
};
std::vector<MutoolSignature> mutoolVerify(const fs::path& pdf, std::string* raw = nullptr);

bool qpdfCheck(const fs::path& pdf, std::string* raw = nullptr);

// Extracts the ByteRange bytes and the CMS of the signature `result` describes and runs
// `openssl cms -verify` against the test root.
bool opensslVerify(const fs::path& pdf, const pdf::PdfSignResult& result,
                   std::string* raw = nullptr);

// A file with `count` signatures, `last` the newest: every signature valid and trusted and only
// the last covering the whole file (pdfsig); none invalidated, the earlier ones reporting later
// edits (mutool); sound structure (qpdf); the last CMS verifying over its ByteRange (openssl).
// The revision-diff check (below) allows up to `worst` for the earlier signatures.
void checkSignatures(const fs::path& pdf, std::size_t count, const pdf::PdfSignResult& last,
                     pdf::ChangeClass worst = pdf::ChangeClass::FormFilling);

// kyso's own revision-diff check (pdf/revision_diff.hpp) on a file with `count` signatures:
// what the revisions after each signature change must be none or form filling and permitted by
// its DocMDP and FieldMDP (`worst`: annotations where a test adds some on purpose), the way a
// strict validator (Acrobat, EU DSS, pyHanko) would judge it. The report of every signature is in
// INFO on failure.
void requireEarlierSignaturesIntact(const fs::path& pdf, std::size_t count,
                                    pdf::ChangeClass worst = pdf::ChangeClass::FormFilling);

}  // namespace kyso::pdftest

namespace kyso::pdftest {

// An RGBA PNG (colour type 6), `w` x `h` pixels, each the colour `pixel(x, y)` gives.
Bytes makeRgbaPng(
    std::uint32_t w, std::uint32_t h,
    const std::function<std::array<std::uint8_t, 4>(std::uint32_t, std::uint32_t)>& pixel);

// A blue stroke on a transparent background, `w` x `h` pixels: a handwritten signature.
Bytes makeSignaturePng(std::uint32_t w, std::uint32_t h);

// A red round seal (two rings and a centre) on a transparent background, `d` x `d` pixels:
// an organisation's seal as Nghị định 30 wants it.
Bytes makeSealPng(std::uint32_t d);

// Renders a rectangle of page `page` (in pixels at 72 dpi = points, origin top-left of the
// displayed page) with pdftoppm and returns how many pixels are not white.
std::size_t nonWhitePixels(const fs::path& pdf, int page, int x, int y, int w, int h);

// The same with MuPDF's renderer (mutool draw), a second independent engine.
std::size_t nonWhitePixelsMupdf(const fs::path& pdf, int page, int x, int y, int w, int h);

// pdftotext of one page (UTF-8).
std::string pageText(const fs::path& pdf, int page);

}  // namespace kyso::pdftest
