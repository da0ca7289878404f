// Helpers for the PDF commands' integration tests. The pdf room's own test helpers
// (kyso_pdf_test_support) are linked in, so both suites make inputs and read
// pdfsig/mutool/qpdf/openssl output the same way.
#include "pdf_support.hpp"

#include <openssl/cms.h>
#include <openssl/x509.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

extern char** environ;

namespace kyso::pdfit {

Exchange exchange(test::HostProcess& host, const std::string& id, const std::string& command,
                  const nlohmann::json& params, const std::map<std::string, Bytes>& inputs,
                  std::chrono::milliseconds timeout) {
    Exchange out;
    constexpr std::size_t kSlice = 512 * 1024;
    for (const auto& [name, data] : inputs) {
        std::size_t seq = 0;
        for (std::size_t at = 0; at == 0 || at < data.size(); at += kSlice, ++seq) {
            const std::size_t n = std::min(kSlice, data.size() - at);
            host.send({{"type", "blob"},
                       {"id", id},
                       {"blob", name},
                       {"seq", seq},
                       {"last", at + n >= data.size()},
                       {"data",
                        base64Encode(Bytes(data.begin() + static_cast<std::ptrdiff_t>(at),
                                           data.begin() + static_cast<std::ptrdiff_t>(at + n)))}});
            ++out.blobFramesSent;
        }
    }
    host.send({{"type", "request"},
               {"id", id},
               {"command", command},
               {"origin", "https://dichvucong.kyso.test"},
               {"params", params}});
    std::string chunked;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto message = host.receive(left);
        if (!message) {
            throw std::runtime_error("no reply to " + command + " in time");
        }
        const auto type = message->value("type", std::string());
        if (type == "progress") {
            out.progress.push_back(*message);
        } else if (type == "blob") {
            ++out.blobFramesReceived;
            auto& data = out.blobs[(*message)["blob"].get<std::string>()];
            const auto piece = base64Decode((*message)["data"].get<std::string>(), "blob");
            data.insert(data.end(), piece.begin(), piece.end());
        } else if (type == "chunk") {
            chunked += (*message)["data"].get<std::string>();
            if ((*message)["last"].get<bool>()) {
                out.reply = nlohmann::json::parse(chunked);
                return out;
            }
        } else {
            out.reply = *message;
            return out;
        }
    }
}

void setUpForVietnam(test::TestEnv& env) {
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);  // inherited by the host the env starts
    // The intermediate from the configuration, as IT would set it up for tokens that hold only
    // the signer's certificate. (One fixture token also holds it; workflow_test.cpp proves the
    // chain found on the token without this configuration.)
    env.config["chainCertificates"] = {(pdftest::pkiDir() / "intermediate.pem").string()};
}

Bytes pdfWithPayload(std::size_t payloadBytes) {
    std::mt19937 random(42);
    std::string payload(payloadBytes, '\0');
    for (auto& c : payload) {
        c = static_cast<char>(random() & 0xFF);
    }
    const std::string text = "BT /F1 24 Tf 72 700 Td (Hop dong so 42) Tj ET";
    return pdftest::buildPdf(
        {"<< /Type /Catalog /Pages 2 0 R /KysoPayload 5 0 R >>",
         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
         " /Resources << /Font << /F1 6 0 R >> >> >>",
         "<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream",
         "<< /Length " + std::to_string(payload.size()) + " >>\nstream\n" + payload + "\nendstream",
         "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
        "/Root 1 0 R");
}

Bytes signedDocument(const Exchange& exchange, const nlohmann::json& documentResult,
                     const Bytes& input) {
    const auto name = documentResult.at("document").at("$blob").get<std::string>();
    const auto found = exchange.blobs.find(name);
    REQUIRE(found != exchange.blobs.end());
    const Bytes& document = found->second;
    CHECK(document.size() == documentResult["document"]["size"].get<std::size_t>());
    // The input is never modified: the signed document starts with it, byte for byte.
    REQUIRE(document.size() > input.size());
    CHECK(std::equal(input.begin(), input.end(), document.begin()));
    return document;
}

pdf::PdfSignResult rangeOf(const nlohmann::json& documentResult) {
    pdf::PdfSignResult result;
    for (std::size_t i = 0; i < 4; ++i) {
        result.byteRange[i] = documentResult.at("byteRange").at(i).get<std::uint64_t>();
    }
    return result;
}

void requireAllVerifiersAccept(const fs::path& file, const nlohmann::json& documentResult,
                               std::size_t expected) {
    std::string raw;
    const auto signatures = pdftest::pdfsig(file, &raw);
    INFO("pdfsig: " << raw);
    REQUIRE(signatures.size() == expected);
    for (const auto& signature : signatures) {
        CHECK(signature.valid);
        CHECK(signature.trusted);
    }
    CHECK(signatures.back().totalDocument);
    std::string mutoolRaw;
    const auto mutool = pdftest::mutoolVerify(file, &mutoolRaw);
    INFO("mutool: " << mutoolRaw);
    REQUIRE(mutool.size() == expected);
    CHECK(mutool.back().unchanged);
    for (const auto& signature : mutool) {
        CHECK_FALSE(signature.invalid);
    }
    std::string qpdfRaw;
    const bool qpdfAccepts = pdftest::qpdfCheck(file, &qpdfRaw);
    INFO("qpdf: " << qpdfRaw);
    CHECK(qpdfAccepts);
    std::string opensslRaw;
    const bool opensslAccepts = pdftest::opensslVerify(file, rangeOf(documentResult), &opensslRaw);
    INFO("openssl: " << opensslRaw);
    CHECK(opensslAccepts);
}

LocalTsa::LocalTsa() {
    const std::string script = std::string(KYSO_SOURCE_DIR) + "/tests/servers/tsa-server.py";
    const std::string config = (pdftest::pkiDir() / "tsa.cnf").string();
    const std::string portFile = (dir_ / "port").string();
    std::vector<std::string> args{"python3", script, "--config", config, "--port-file", portFile};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, "python3", nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start tsa-server.py");
    }
    for (int i = 0; i < 200 && port_ == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto text = test::readFile(portFile);
        port_ = text.empty() ? 0 : std::stoi(text);
    }
    if (port_ == 0) {
        throw std::runtime_error("tsa-server.py did not start");
    }
}

LocalTsa::~LocalTsa() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

bool timestampVerifies(const fs::path& file, const nlohmann::json& documentResult,
                       std::string* raw) {
    const Bytes bytes = pdftest::readFile(file);
    const auto range = rangeOf(documentResult).byteRange;
    Bytes cms = hexDecode(std::string(bytes.begin() + static_cast<std::ptrdiff_t>(range[1]) + 1,
                                      bytes.begin() + static_cast<std::ptrdiff_t>(range[2]) - 1),
                          "cms");
    // d2i reads one DER value and ignores the zero padding after it.
    const unsigned char* p = cms.data();
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> content(
        d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms.size())), CMS_ContentInfo_free);
    if (!content) {
        *raw = "the CMS does not parse";
        return false;
    }
    CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(content.get()), 0);
    const int index = CMS_unsigned_get_attr_by_NID(signer, NID_id_smime_aa_timeStampToken, -1);
    if (index < 0) {
        *raw = "no signature time-stamp attribute";
        return false;
    }
    const ASN1_TYPE* token = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(signer, index), 0);
    if (token == nullptr || token->type != V_ASN1_SEQUENCE) {
        *raw = "the time-stamp attribute holds no token";
        return false;
    }
    const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(signer);
    const Bytes imprint =
        sha256(ASN1_STRING_get0_data(value), static_cast<std::size_t>(ASN1_STRING_length(value)));
    pdftest::TempDir dir;
    const auto* der = token->value.sequence;
    pdftest::writeFile(dir / "token.der",
                       Bytes(der->data, der->data + static_cast<std::size_t>(der->length)));
    const auto pki = pdftest::pkiDir();
    const auto untrusted = pdftest::readFile(pki / "intermediate.pem");
    pdftest::writeFile(dir / "untrusted.pem", untrusted, pdftest::readFile(pki / "tsa.cert.pem"));
    const auto r =
        pdftest::run("openssl ts -verify -token_in -in " + (dir / "token.der").string() +
                     " -digest " + hexEncode(imprint) + " -CAfile " + (pki / "root.pem").string() +
                     " -untrusted " + (dir / "untrusted.pem").string());
    *raw = r.output;
    return r.status == 0 && r.output.find("Verification: OK") != std::string::npos;
}

}  // namespace kyso::pdfit
