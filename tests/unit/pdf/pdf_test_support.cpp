#include "pdf_test_support.hpp"

#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/wait.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "core/openssl_handles.hpp"
#include "core/signer.hpp"
#include "crypto/cades.hpp"
#include "pdf/input_view.hpp"
#include "pdf/revision_diff.hpp"
#include "test_support.hpp"

namespace kyso::pdftest {

CommandResult run(const std::string& command) {
    auto result = testing::runCommand(command);
    return {result.status, std::move(result.output)};
}

Bytes readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeFile(const fs::path& path, const Bytes& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

void writeFile(const fs::path& path, const Bytes& a, const Bytes& b) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(a.data()), static_cast<std::streamsize>(a.size()));
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string text(const Bytes& data) {
    return std::string(data.begin(), data.end());
}

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kyso-pdf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

const fs::path& pkiDir() {
    static std::once_flag once;
    static fs::path dir;
    std::call_once(once, [] {
        dir = KYSO_FIXTURES_DIR;
        // make-pki.sh does nothing when its outputs are up to date.
        const CommandResult made = run(std::string(KYSO_SOURCE_DIR) +
                                       "/tests/fixtures/make-pki.sh '" + dir.string() + "'");
        if (made.status != 0) {
            throw std::runtime_error("make-pki.sh failed: " + made.output);
        }
    });
    return dir;
}

const fs::path& nssDir() {
    static std::once_flag once;
    static fs::path dir;
    std::call_once(once, [] {
        static TempDir temp;  // lives until exit: the tests share it
        dir = temp.path();
        const std::string db = "sql:" + dir.string();
        const std::string pki = pkiDir().string();
        for (const std::string& command :
             {"certutil -N -d " + db + " --empty-password",
              "certutil -A -d " + db + " -n kyso-root -t CT,C,C -a -i " + pki + "/root.pem",
              "certutil -A -d " + db + " -n kyso-intermediate -t ,, -a -i " + pki +
                  "/intermediate.pem"}) {
            const CommandResult r = run(command);
            if (r.status != 0) {
                throw std::runtime_error(command + ": " + r.output);
            }
        }
    });
    return dir;
}

namespace {

bool tokenSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
bool tokenDelimiter(char c) {
    return std::string_view("()<>[]{}/%").find(c) != std::string_view::npos;
}

// Where the value starting at token `i` ends (one past its last token).
std::size_t valueEnd(const std::vector<std::string>& t, std::size_t i) {
    if (t[i] == "<<" || t[i] == "[") {
        int depth = 0;
        for (; i < t.size(); ++i) {
            depth += (t[i] == "<<" || t[i] == "[") ? 1 : (t[i] == ">>" || t[i] == "]") ? -1 : 0;
            if (depth == 0) {
                return i + 1;
            }
        }
        return t.size();
    }
    auto integer = [](const std::string& s) {
        return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (i + 2 < t.size() && integer(t[i]) && integer(t[i + 1]) && t[i + 2] == "R") {
        return i + 3;
    }
    return i + 1;
}

}  // namespace

std::vector<std::string> pdfTokens(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const std::size_t begin = i;
        if (tokenSpace(c)) {
            ++i;
            continue;
        }
        if (c == '%') {
            while (i < s.size() && s[i] != '\n' && s[i] != '\r') {
                ++i;
            }
            continue;
        }
        if (s.compare(i, 2, "<<") == 0 || s.compare(i, 2, ">>") == 0) {
            i += 2;
        } else if (c == '(') {
            for (int depth = 0; i < s.size(); ++i) {
                if (s[i] == '\\') {
                    ++i;
                } else if (s[i] == '(') {
                    ++depth;
                } else if (s[i] == ')' && --depth == 0) {
                    ++i;
                    break;
                }
            }
        } else if (c == '<') {
            i = s.find('>', i) + 1;
        } else if (c == '/' || !tokenDelimiter(c)) {
            ++i;
            while (i < s.size() && !tokenSpace(s[i]) && !tokenDelimiter(s[i])) {
                ++i;
            }
        } else {
            ++i;
        }
        out.push_back(s.substr(begin, i - begin));
    }
    return out;
}

std::vector<std::string> withoutEntries(const std::vector<std::string>& t,
                                        const std::set<std::string>& keys) {
    std::vector<std::string> out;
    if (t.empty() || t.front() != "<<") {
        return t;
    }
    out.push_back("<<");
    std::size_t i = 1;
    while (i < t.size() && t[i] != ">>") {
        const std::size_t end = valueEnd(t, i + 1);
        if (keys.count(t[i].substr(1)) == 0) {
            out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(i),
                       t.begin() + static_cast<std::ptrdiff_t>(end));
        }
        i = end;
    }
    out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(i), t.end());
    return out;
}

std::vector<std::string> entryValue(const std::vector<std::string>& t, const std::string& key) {
    std::size_t i = 1;
    while (i < t.size() && t[i] != ">>") {
        const std::size_t end = valueEnd(t, i + 1);
        if (t[i] == "/" + key) {
            return {t.begin() + static_cast<std::ptrdiff_t>(i + 1),
                    t.begin() + static_cast<std::ptrdiff_t>(end)};
        }
        i = end;
    }
    return {};
}

std::string objectSource(const Bytes& pdf, std::size_t from, int number) {
    const std::string all = text(pdf);
    const std::string head = std::to_string(number) + " 0 obj";
    std::size_t at = from;
    for (;;) {
        at = all.find(head, at);
        if (at == std::string::npos) {
            return {};
        }
        if (at == 0 || all[at - 1] == '\n' || all[at - 1] == '\r') {
            break;
        }
        ++at;
    }
    const std::size_t begin = at + head.size();
    const std::size_t end = all.find("endobj", begin);
    return all.substr(begin, end - begin);
}

Bytes buildPdf(const std::vector<std::string>& bodies, const std::string& trailerExtra) {
    std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t offset : offsets) {
        std::array<char, 32> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n \n", offset);
        out += line.data();
    }
    out += "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " " + trailerExtra +
           " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return Bytes(out.begin(), out.end());
}

namespace {

std::string stream(const std::string& data, const std::string& extra = "") {
    return "<< /Length " + std::to_string(data.size()) + extra + " >>\nstream\n" + data +
           "\nendstream";
}

const std::string kId =
    "/ID [<6B79736F2D746573742D646F632D3031> <6B79736F2D746573742D646F632D3031>]";

Bytes simplePdf(const std::string& page1Extra, const std::string& page1Box,
                const std::string& catalogExtra, const std::string& page1Annots,
                const std::vector<std::string>& extraObjects) {
    const std::string font = "/Resources << /Font << /F1 6 0 R >> >>";
    std::vector<std::string> bodies = {
        "<< /Type /Catalog /Pages 2 0 R" + catalogExtra + " >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R " + page1Box + " /Contents 5 0 R " + font + page1Extra +
            page1Annots + " >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R " + font + " >>",
        stream("BT /F1 24 Tf 72 700 Td (kyso test page one) Tj ET\n"
               "0 0 1 RG 4 w 100 100 m 500 600 l S"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        stream("BT /F1 24 Tf 72 700 Td (kyso test page two) Tj ET"),
        "<< /Title (kyso test document) /Producer (kyso pdf tests) >>",
    };
    bodies.insert(bodies.end(), extraObjects.begin(), extraObjects.end());
    return buildPdf(bodies, "/Root 1 0 R /Info 8 0 R " + kId);
}

// A hybrid-reference file (7.5.8.4), as some office suites write them: the page tree lives in
// an object stream, listed only by a cross-reference stream that the classic table's trailer
// names with /XRefStm; readers that ignore /XRefStm see the table alone.
Bytes hybridPdf() {
    std::string out = "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets(8, 0);
    auto object = [&](int number, const std::string& body) {
        offsets[static_cast<std::size_t>(number)] = out.size();
        out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
    };
    object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    object(4, stream("BT /F1 24 Tf 72 700 Td (kyso hybrid file) Tj ET"));
    object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    const std::string pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    const std::string page =
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>";
    const std::string header = "2 0 3 " + std::to_string(pages.size() + 1) + " ";
    object(6, "<< /Type /ObjStm /N 2 /First " + std::to_string(header.size()) + " /Length " +
                  std::to_string(header.size() + pages.size() + 1 + page.size()) + " >>\nstream\n" +
                  header + pages + " " + page + "\nendstream");
    // The cross-reference stream: objects 2 and 3 are in object stream 6 (type 2).
    std::string entries;
    for (int index : {0, 1}) {
        entries += std::string{'\x02', '\x00', '\x06', static_cast<char>(index)};
    }
    offsets[7] = out.size();
    out += "7 0 obj\n<< /Type /XRef /Size 8 /W [1 2 1] /Index [2 2] /Length " +
           std::to_string(entries.size()) + " >>\nstream\n" + entries + "\nendstream\nendobj\n";
    const std::size_t xref = out.size();
    // The table leaves objects 2 and 3 out (two subsections), as hybrid writers do: marking
    // them free instead would hide them from readers that let the table win.
    out += "xref\n0 2\n0000000000 65535 f \n";
    for (int number : {1, 4, 5, 6, 7}) {
        if (number == 4) {
            out += "4 4\n";
        }
        std::array<char, 32> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n \n",
                      offsets[static_cast<std::size_t>(number)]);
        out += line.data();
    }
    out += "trailer\n<< /Size 8 /Root 1 0 R /XRefStm " + std::to_string(offsets[7]) + " " + kId +
           " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return Bytes(out.begin(), out.end());
}

void makeInputs(const fs::path& dir) {
    writeFile(dir / "hybrid.pdf", hybridPdf());
    const std::string media = "/MediaBox [0 0 595 842]";
    writeFile(dir / "simple.pdf", simplePdf("", media, "", "", {}));
    writeFile(
        dir / "rotated.pdf",
        simplePdf(" /Rotate 90", "/MediaBox [50 40 662 832] /CropBox [60 50 652 822]", "", "", {}));
    // Objects 9.. : AcroForm (indirect), an empty signature field (merged with its widget), a
    // text field, and the page's /Annots as an indirect array.
    writeFile(dir / "form.pdf",
              simplePdf("", media, " /AcroForm 9 0 R", " /Annots 12 0 R",
                        {"<< /Fields [10 0 R 11 0 R 13 0 R] /DA (/Helv 0 Tf 0 g) >>",
                         "<< /FT /Sig /T (ChuKyLanhDao) /Type /Annot /Subtype /Widget "
                         "/Rect [350 80 545 150] /P 3 0 R /F 4 >>",
                         "<< /FT /Tx /T (SoVanBan) /V (123/QD-UBND) /Type /Annot /Subtype "
                         "/Widget /Rect [72 760 250 780] /P 3 0 R /F 4 >>",
                         "[10 0 R 11 0 R 15 0 R]",
                         // "VanThu.ChuKy": a signature field under a parent, with its widget
                         // as a separate kid.
                         "<< /T (VanThu) /Kids [14 0 R] >>",
                         "<< /FT /Sig /T (ChuKy) /Parent 13 0 R /Kids [15 0 R] >>",
                         "<< /Type /Annot /Subtype /Widget /Parent 14 0 R /Rect [350 170 545 240] "
                         "/P 3 0 R /F 4 >>"}));
    const std::string d = dir.string();
    for (const std::string& command :
         {"qpdf --object-streams=generate " + d + "/simple.pdf " + d + "/objstm.pdf",
          "qpdf --linearize " + d + "/simple.pdf " + d + "/linearized.pdf",
          "qpdf --encrypt user owner 256 -- " + d + "/simple.pdf " + d + "/encrypted.pdf"}) {
        const CommandResult r = run(command);
        if (r.status != 0) {
            throw std::runtime_error(command + ": " + r.output);
        }
    }
}

}  // namespace

fs::path inputPdf(const std::string& name) {
    static std::once_flag once;
    static fs::path dir;
    std::call_once(once, [] {
        static TempDir temp;
        dir = temp.path();
        makeInputs(dir);
    });
    return dir / name;
}

Bytes opensslCms(const Bytes& digest, const std::string& signer) {
    const fs::path pki = pkiDir();
    auto openBio = [](const fs::path& p) {
        BioPtr bio(BIO_new_file(p.c_str(), "r"));
        if (!bio) {
            throw std::runtime_error("cannot open " + p.string());
        }
        return bio;
    };
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(openBio(pki / (signer + ".key.pem")).get(), nullptr,
                                           nullptr, nullptr));
    X509Ptr cert(
        PEM_read_bio_X509(openBio(pki / (signer + ".cert.pem")).get(), nullptr, nullptr, nullptr));
    X509Ptr intermediate(
        PEM_read_bio_X509(openBio(pki / "intermediate.pem").get(), nullptr, nullptr, nullptr));
    if (!key || !cert || !intermediate) {
        throw std::runtime_error("cannot load the test key/certificates for " + signer);
    }
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> chain(
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); });
    sk_X509_push(chain.get(), X509_dup(intermediate.get()));
    const unsigned flags = CMS_BINARY | CMS_DETACHED | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES;
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms(
        CMS_sign(nullptr, nullptr, chain.get(), nullptr, flags), CMS_ContentInfo_free);
    CMS_SignerInfo* si =
        cms ? CMS_add1_signer(cms.get(), cert.get(), key.get(), EVP_sha256(), flags) : nullptr;
    // The content is not here, only its digest: set message-digest (and content-type) as
    // signed attributes ourselves, then sign the attributes.
    if (si == nullptr ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                    OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest.data(),
                                    static_cast<int>(digest.size())) != 1 ||
        CMS_SignerInfo_sign(si) != 1) {
        throw std::runtime_error("software CMS failed");
    }
    unsigned char* der = nullptr;
    const int length = i2d_CMS_ContentInfo(cms.get(), &der);
    if (length <= 0) {
        throw std::runtime_error("i2d_CMS_ContentInfo failed");
    }
    Bytes out(der, der + length);
    OPENSSL_free(der);
    return out;
}

namespace {

// A key in software behind the interface a token implements: it is given the digest only.
class SoftwareSigner : public DigestSigner {
  public:
    explicit SoftwareSigner(const fs::path& keyPem) {
        BioPtr bio(BIO_new_file(keyPem.c_str(), "r"));
        key_.reset(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        if (!key_) {
            throw std::runtime_error("cannot load " + keyPem.string());
        }
    }
    KeyType keyType() const override {
        return EVP_PKEY_is_a(key_.get(), "RSA") ? KeyType::Rsa : KeyType::Ec;
    }
    Bytes signDigest(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) override {
        EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
        if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
            EVP_PKEY_CTX_set_signature_md(ctx.get(), evpDigest(hash)) != 1) {
            throw std::runtime_error("EVP_PKEY_sign_init failed");
        }
        if (scheme == SignatureScheme::RsaPkcs1v15) {
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING);
        } else if (scheme == SignatureScheme::RsaPss) {
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING);
            EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST);
        }
        std::size_t length = 0;
        if (EVP_PKEY_sign(ctx.get(), nullptr, &length, digest.data(), digest.size()) != 1) {
            throw std::runtime_error("EVP_PKEY_sign failed");
        }
        Bytes signature(length);
        if (EVP_PKEY_sign(ctx.get(), signature.data(), &length, digest.data(), digest.size()) !=
            1) {
            throw std::runtime_error("EVP_PKEY_sign failed");
        }
        signature.resize(length);
        return signature;
    }

  private:
    EvpPkeyPtr key_;
};

}  // namespace

Bytes pemCertificateDer(const fs::path& pem) {
    BioPtr bio(BIO_new_file(pem.c_str(), "r"));
    X509Ptr certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    unsigned char* der = nullptr;
    const int length = certificate ? i2d_X509(certificate.get(), &der) : -1;
    if (length <= 0) {
        throw std::runtime_error("cannot load " + pem.string());
    }
    Bytes out(der, der + length);
    OPENSSL_free(der);
    return out;
}

Bytes cadesCms(CadesRequest request, const std::string& signer) {
    SoftwareSigner key(pkiDir() / (signer + ".key.pem"));
    request.scheme =
        key.keyType() == KeyType::Rsa ? SignatureScheme::RsaPkcs1v15 : SignatureScheme::Ecdsa;
    return buildCades(request, key);
}

Bytes cadesCms(const Bytes& digest, const std::string& signer) {
    CadesRequest request;
    request.contentDigest = digest;
    request.hash = HashAlgorithm::Sha256;
    request.signerCertificate = readFile(pkiDir() / (signer + ".cert.der"));
    request.chain.push_back(pemCertificateDer(pkiDir() / "intermediate.pem"));
    return cadesCms(request, signer);
}

pdf::MakeCms cmsMaker(const std::string& signer) {
    return [signer](const Bytes& digest) { return cadesCms(digest, signer); };
}

pdf::PdfSignResult signFile(const fs::path& input, const fs::path& output,
                            const pdf::PdfSignOptions& options, const std::string& signer) {
    const Bytes in = readFile(input);
    pdf::PdfSignResult result = pdf::signPdf(pdf::InputView::of(in), options, cmsMaker(signer));
    writeFile(output, in, result.update);
    return result;
}

std::vector<PdfsigSignature> pdfsig(const fs::path& pdf, std::string* raw) {
    const CommandResult r =
        run("pdfsig -no-ocsp -nssdir sql:" + nssDir().string() + " " + pdf.string());
    if (raw != nullptr) {
        *raw = r.output;
    }
    std::vector<PdfsigSignature> out;
    std::istringstream lines(r.output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("Signature #", 0) == 0) {
            out.emplace_back();
        } else if (!out.empty()) {
            if (line.find("Signature Validation: Signature is Valid.") != std::string::npos) {
                out.back().valid = true;
            } else if (line.find("Certificate Validation: Certificate is Trusted.") !=
                       std::string::npos) {
                out.back().trusted = true;
            } else if (line.find("- Total document signed") != std::string::npos) {
                out.back().totalDocument = true;
            } else if (line.find("The signature form field is not signed.") != std::string::npos) {
                out.pop_back();  // an empty field, not a signature
            } else if (line.find("Signer Certificate Common Name: ") != std::string::npos) {
                out.back().signer = line.substr(line.find(": ") + 2);
            }
        }
    }
    return out;
}

std::vector<MutoolSignature> mutoolVerify(const fs::path& pdf, std::string* raw) {
    const CommandResult r = run("mutool sign -v " + pdf.string());
    if (raw != nullptr) {
        *raw = r.output;
    }
    std::vector<MutoolSignature> out;
    std::istringstream lines(r.output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("Verifying signature ", 0) == 0) {
            out.emplace_back();
        }
        if (out.empty()) {
            continue;
        }
        if (line.find("Signature is not signed.") != std::string::npos) {
            out.pop_back();  // an empty field, not a signature
        } else if (line.find("The document is unchanged since signing.") != std::string::npos) {
            out.back().unchanged = true;
        } else if (line.find("there have been edits since signing") != std::string::npos) {
            out.back().laterEditsOnly = true;
        } else if (line.find("nvalidated") != std::string::npos ||
                   line.find("Digest error") != std::string::npos) {
            out.back().invalid = true;
        }
    }
    return out;
}

bool qpdfCheck(const fs::path& pdf, std::string* raw) {
    const CommandResult r = run("qpdf --check " + pdf.string());
    if (raw != nullptr) {
        *raw = r.output;
    }
    return r.status == 0 &&
           r.output.find("No syntax or stream encoding errors found") != std::string::npos;
}

bool opensslVerify(const fs::path& pdf, const pdf::PdfSignResult& result, std::string* raw) {
    const Bytes file = readFile(pdf);
    const auto& range = result.byteRange;
    if (range[2] + range[3] != file.size()) {
        if (raw != nullptr) {
            *raw = "byte range does not end at the end of the file";
        }
        return false;
    }
    Bytes content(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(range[1]));
    content.insert(content.end(), file.begin() + static_cast<std::ptrdiff_t>(range[2]), file.end());
    std::string hex(file.begin() + static_cast<std::ptrdiff_t>(range[1]) + 1,
                    file.begin() + static_cast<std::ptrdiff_t>(range[2]) - 1);
    // The DER SEQUENCE's own length says where the zero padding starts.
    Bytes cms = hexDecode(hex, "cms");
    if (cms.size() > 4 && cms[0] == 0x30 && (cms[1] & 0x80) != 0) {
        std::size_t length = 0;
        const std::size_t count = cms[1] & 0x7Fu;
        for (std::size_t i = 0; i < count; ++i) {
            length = (length << 8) | cms[2 + i];
        }
        cms.resize(std::min(cms.size(), 2 + count + length));
    }
    TempDir dir;
    writeFile(dir / "content.bin", content);
    writeFile(dir / "sig.der", cms);
    const CommandResult r =
        run("openssl cms -verify -binary -inform DER -in " + (dir / "sig.der").string() +
            " -content " + (dir / "content.bin").string() + " -CAfile " +
            (pkiDir() / "root.pem").string() + " -purpose any -out /dev/null");
    if (raw != nullptr) {
        *raw = r.output;
    }
    return r.status == 0 && r.output.find("Verification successful") != std::string::npos;
}

}  // namespace kyso::pdftest

#include "pdf/flate.hpp"
#include "pdf/revision_diff.hpp"

namespace kyso::pdftest {

namespace {

// PNG chunk checksums are zlib's CRC-32.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    return static_cast<std::uint32_t>(::crc32(0L, data, static_cast<uInt>(size)));
}

void chunk(Bytes& png, const char* type, const Bytes& data) {
    auto put32 = [&](std::uint32_t v) {
        for (int s = 24; s >= 0; s -= 8) {
            png.push_back(static_cast<std::uint8_t>(v >> s));
        }
    };
    put32(static_cast<std::uint32_t>(data.size()));
    const std::size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    put32(crc32(png.data() + start, png.size() - start));
}

}  // namespace

Bytes makeRgbaPng(
    std::uint32_t w, std::uint32_t h,
    const std::function<std::array<std::uint8_t, 4>(std::uint32_t, std::uint32_t)>& pixel) {
    Bytes png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    Bytes ihdr;
    for (std::uint32_t v : {w, h}) {
        for (int s = 24; s >= 0; s -= 8) {
            ihdr.push_back(static_cast<std::uint8_t>(v >> s));
        }
    }
    ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0});  // 8 bits, RGBA, deflate, no filter, no interlace
    chunk(png, "IHDR", ihdr);
    Bytes raw;
    for (std::uint32_t y = 0; y < h; ++y) {
        raw.push_back(0);  // filter: none
        for (std::uint32_t x = 0; x < w; ++x) {
            const auto rgba = pixel(x, y);
            raw.insert(raw.end(), rgba.begin(), rgba.end());
        }
    }
    chunk(png, "IDAT", pdf::flateEncode(raw));
    chunk(png, "IEND", {});
    return png;
}

Bytes makeSignaturePng(std::uint32_t w, std::uint32_t h) {
    return makeRgbaPng(w, h, [w, h](std::uint32_t x, std::uint32_t y) {
        // A thick diagonal stroke and a horizontal one: opaque blue; the rest transparent.
        const bool ink = (x * h / w + 3 > y && x * h / w < y + 3) || (y > h / 2 && y < h / 2 + 4);
        return std::array<std::uint8_t, 4>{0x10, 0x30, 0xC0,
                                           static_cast<std::uint8_t>(ink ? 255 : 0)};
    });
}

Bytes makeSealPng(std::uint32_t d) {
    return makeRgbaPng(d, d, [d](std::uint32_t x, std::uint32_t y) {
        // Distance from the centre, squared, against the ring's and the star's radii.
        const double r = d / 2.0;
        const double dx = x + 0.5 - r;
        const double dy = y + 0.5 - r;
        const double dist = std::sqrt(dx * dx + dy * dy);
        const bool ring = (dist < r - 1 && dist > r * 0.86) || (dist < r * 0.72 && dist > r * 0.66);
        const bool centre = dist < r * 0.18;
        const bool ink = ring || centre;
        return std::array<std::uint8_t, 4>{0xD0, 0x10, 0x10,
                                           static_cast<std::uint8_t>(ink ? 230 : 0)};
    });
}

std::size_t nonWhitePixels(const fs::path& pdf, int page, int x, int y, int w, int h) {
    TempDir dir;
    const std::string prefix = (dir / "crop").string();
    const CommandResult r = run("pdftoppm -r 72 -singlefile -f " + std::to_string(page) + " -l " +
                                std::to_string(page) + " -x " + std::to_string(x) + " -y " +
                                std::to_string(y) + " -W " + std::to_string(w) + " -H " +
                                std::to_string(h) + " " + pdf.string() + " " + prefix);
    if (r.status != 0) {
        throw std::runtime_error("pdftoppm: " + r.output);
    }
    const Bytes ppm = readFile(prefix + ".ppm");
    // "P6\n<w> <h>\n255\n" then RGB.
    std::size_t at = 0;
    int fields = 0;
    while (at < ppm.size() && fields < 4) {
        while (at < ppm.size() && std::isspace(ppm[at])) {
            ++at;
        }
        while (at < ppm.size() && !std::isspace(ppm[at])) {
            ++at;
        }
        ++fields;
    }
    ++at;
    std::size_t count = 0;
    for (; at + 2 < ppm.size(); at += 3) {
        if (ppm[at] < 230 || ppm[at + 1] < 230 || ppm[at + 2] < 230) {
            ++count;
        }
    }
    return count;
}

std::size_t nonWhitePixelsMupdf(const fs::path& pdf, int page, int x, int y, int w, int h) {
    TempDir dir;
    const fs::path out = dir / "page.pnm";
    const CommandResult r = run("mutool draw -r 72 -c rgb -F pnm -o " + out.string() + " " +
                                pdf.string() + " " + std::to_string(page));
    if (r.status != 0 || !fs::exists(out)) {
        throw std::runtime_error("mutool draw: " + r.output);
    }
    const Bytes pnm = readFile(out);
    // "P6\n<width> <height>\n255\n" then RGB rows.
    if (pnm.size() < 2 || pnm[0] != 'P' || pnm[1] != '6') {
        throw std::runtime_error("mutool draw did not write an RGB PNM");
    }
    std::size_t at = 2;
    std::vector<long> numbers;
    while (numbers.size() < 3 && at < pnm.size()) {
        while (at < pnm.size() && !std::isdigit(pnm[at])) {
            ++at;
        }
        long value = 0;
        while (at < pnm.size() && std::isdigit(pnm[at])) {
            value = value * 10 + (pnm[at++] - '0');
        }
        numbers.push_back(value);
    }
    ++at;
    const auto width = static_cast<std::size_t>(numbers.at(0));
    std::size_t count = 0;
    for (int row = y; row < y + h; ++row) {
        for (int col = x; col < x + w; ++col) {
            const std::size_t p =
                at + (static_cast<std::size_t>(row) * width + static_cast<std::size_t>(col)) * 3;
            if (p + 2 < pnm.size() && (pnm[p] < 230 || pnm[p + 1] < 230 || pnm[p + 2] < 230)) {
                ++count;
            }
        }
    }
    return count;
}

std::string pageText(const fs::path& pdf, int page) {
    const std::string p = std::to_string(page);
    const CommandResult r =
        run("pdftotext -enc UTF-8 -f " + p + " -l " + p + " " + pdf.string() + " -");
    return r.output;
}

void checkSignatures(const fs::path& file, std::size_t count, const pdf::PdfSignResult& last,
                     pdf::ChangeClass worst) {
    std::string raw;
    const auto sigs = pdfsig(file, &raw);
    INFO(raw);
    REQUIRE(sigs.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
        CHECK(sigs[i].valid);
        CHECK(sigs[i].trusted);
        CHECK(sigs[i].totalDocument == (i + 1 == count));
    }
    const auto mu = mutoolVerify(file, &raw);
    INFO(raw);
    REQUIRE(mu.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
        CHECK_FALSE(mu[i].invalid);
        if (i + 1 == count) {
            CHECK(mu[i].unchanged);
        } else {
            CHECK(mu[i].laterEditsOnly);
        }
    }
    CHECK(qpdfCheck(file, &raw));
    CHECK(opensslVerify(file, last, &raw));
    requireEarlierSignaturesIntact(file, count, worst);
}

void requireEarlierSignaturesIntact(const fs::path& file, std::size_t count,
                                    pdf::ChangeClass worst) {
    const pdf::MappedFile mapped(file.string());
    const std::vector<pdf::SignatureRevisionReport> reports =
        pdf::diffSignedRevisions(mapped.view());
    std::string described;
    for (const auto& report : reports) {
        described += pdf::describe(report);
    }
    INFO("revision diff of " << file.string() << ":\n" << described);
    REQUIRE(reports.size() == count);
    for (const auto& report : reports) {
        CAPTURE(report.field);
        CHECK(report.changeClass <= worst);
        CHECK(report.permitted);
    }
}

}  // namespace kyso::pdftest
