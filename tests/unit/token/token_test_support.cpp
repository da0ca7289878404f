#include "token_test_support.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "core/openssl_handles.hpp"
#include "test_support.hpp"

namespace kyso::test {
namespace fs = std::filesystem;

namespace {

std::string fixturesDir() {
    return KYSO_FIXTURES_DIR;
}

// This process's scratch directory, removed at exit.
struct ScratchDir {
    fs::path path = fs::temp_directory_path() / ("kyso-token-test-" + std::to_string(getpid()));
    ScratchDir() { fs::create_directories(path); }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

const fs::path& scratchDir() {
    static const ScratchDir dir;
    return dir.path;
}

std::string tempPath(const std::string& stem) {
    static int counter = 0;
    return (scratchDir() / (stem + "-" + std::to_string(++counter))).string();
}

// SoftHSM keeps each token in files that it rewrites when a PIN is wrong (the count-low
// flag); two test processes on the same files (ctest -j) then see each other's half-written
// tokens. Each process gets its own copy of the fixture tokens and its own configuration.
void usePrivateTokenCopy(const nlohmann::json& doc) {
    const auto tokens = scratchDir() / "tokens";
    fs::copy(fs::path(doc["dir"].get<std::string>()) / "tokens", tokens,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const auto conf = scratchDir() / "softhsm2.conf";
    std::ofstream(conf) << "directories.tokendir = " << tokens.string()
                        << "\nobjectstore.backend = file\nlog.level = ERROR\n";
    setenv("SOFTHSM2_CONF", conf.c_str(), 1);
}

}  // namespace

const nlohmann::json& fixtures() {
    static const nlohmann::json doc = [] {
        auto parsed = testing::loadFixtures(fixturesDir());
        usePrivateTokenCopy(parsed);
        return parsed;
    }();
    return doc;
}

const nlohmann::json& identity(const std::string& name) {
    return testing::fixtureIdentity(fixtures(), name);
}

std::string tokenPin(const std::string& label) {
    return testing::fixtureTokenPin(fixtures(), label);
}

std::string softhsmModule() {
    return fixtures()["module"];
}

std::string faultModule() {
    fixtures();
    return KYSO_FAULTP11;
}

std::string brokenModule() {
    // kyso-brokenp11 is built next to kyso-faultp11 when its target was built; the test
    // binary only depends on kyso-faultp11, so fall back on zlib: just as much a shared
    // library without C_GetFunctionList.
    const auto fixture = fs::path(KYSO_FAULTP11).parent_path() / "libkyso-brokenp11.so";
    return fs::exists(fixture) ? fixture.string() : "/lib/x86_64-linux-gnu/libz.so.1";
}

Bytes readFile(const std::string& path) {
    return testing::readBytes(path);
}

std::optional<SecureString> ScriptedPins::pin(const PinRequest& request) {
    requests.push_back(request);
    if (noticesOpen > maxNoticesOpenDuringPin) {
        maxNoticesOpenDuringPin = noticesOpen;
    }
    if (next_ >= answers_.size() || !answers_[next_]) {
        ++next_;
        return std::nullopt;
    }
    return SecureString(*answers_[next_++]);
}

namespace {
class CountingNotice final : public PinSource::Notice {
  public:
    explicit CountingNotice(int& open) : open_(open) { ++open_; }
    ~CountingNotice() override { --open_; }

  private:
    int& open_;
};
}  // namespace

std::unique_ptr<PinSource::Notice> ScriptedPins::pinPadNotice(const PinRequest&) {
    ++noticesShown;
    return std::make_unique<CountingNotice>(noticesOpen);
}

FaultControl::FaultControl(const std::string& text) : path_(tempPath("fault-control")) {
    fixtures();
    set(text);
    setenv("KYSO_FAULT_CONTROL", path_.c_str(), 1);
    setenv("KYSO_FAULT_TARGET", softhsmModule().c_str(), 1);
}

FaultControl::~FaultControl() {
    unsetenv("KYSO_FAULT_CONTROL");
    std::error_code ec;
    fs::remove(path_, ec);
    fs::remove(path_ + ".state", ec);
}

void FaultControl::set(const std::string& text) {
    // Written aside and renamed: the module reads the file on every call, maybe right now.
    const auto part = path_ + ".part";
    {
        std::ofstream out(part, std::ios::trunc);
        out << text << "\n";
    }
    fs::rename(part, path_);
}

std::vector<ModuleSpec> faultModules() {
    return {{faultModule(), "config"}};
}

std::vector<ModuleSpec> softhsmModules() {
    return {{softhsmModule(), "config"}};
}

const CertificateRecord* findRecord(const std::vector<CertificateRecord>& records,
                                    const std::string& thumbprint) {
    for (const auto& record : records) {
        if (record.thumbprint == thumbprint) {
            return &record;
        }
    }
    return nullptr;
}

bool verifyInProcess(const nlohmann::json& identity, HashAlgorithm hash, SignatureScheme scheme,
                     const Bytes& digest, const Bytes& signature) {
    const auto der = readFile(identity["certDer"]);
    const unsigned char* p = der.data();
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert) {
        return false;
    }
    EvpPkeyPtr key(X509_get_pubkey(cert.get()));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), evpDigest(hash)) <= 0) {
        return false;
    }
    if (scheme == SignatureScheme::RsaPss &&
        (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) <= 0 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST) <= 0 ||
         EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), evpDigest(hash)) <= 0)) {
        return false;
    }
    return EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest.data(),
                           digest.size()) == 1;
}

bool verifyWithOpensslCli(const nlohmann::json& identity, HashAlgorithm hash,
                          SignatureScheme scheme, const Bytes& digest, const Bytes& signature) {
    const auto digestPath = tempPath("digest");
    const auto signaturePath = tempPath("signature");
    std::ofstream(digestPath, std::ios::binary)
        .write(reinterpret_cast<const char*>(digest.data()), static_cast<long>(digest.size()));
    std::ofstream(signaturePath, std::ios::binary)
        .write(reinterpret_cast<const char*>(signature.data()),
               static_cast<long>(signature.size()));
    const std::string md = hash == HashAlgorithm::Sha256   ? "sha256"
                           : hash == HashAlgorithm::Sha384 ? "sha384"
                                                           : "sha512";
    std::string command = "openssl pkeyutl -verify -certin -inkey '" +
                          identity["cert"].get<std::string>() + "' -in '" + digestPath +
                          "' -sigfile '" + signaturePath + "' -pkeyopt digest:" + md;
    if (scheme == SignatureScheme::RsaPss) {
        command +=
            " -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:digest"
            " -pkeyopt rsa_mgf1_md:" +
            md;
    }
    const int status = testing::runCommand(command).status;
    fs::remove(digestPath);
    fs::remove(signaturePath);
    return status == 0;
}

Bytes randomDigest(HashAlgorithm hash) {
    Bytes digest(digestSize(hash));
    RAND_bytes(digest.data(), static_cast<int>(digest.size()));
    return digest;
}

ErrorCode signError(KeySession& key) {
    try {
        key.signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15,
                       randomDigest(HashAlgorithm::Sha256));
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("the signature succeeded");
    return ErrorCode::Internal;
}

}  // namespace kyso::test
