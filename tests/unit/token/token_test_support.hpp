#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "token/token_manager.hpp"

// What the token room's tests share: the fixture tokens (tests/fixtures/README.md), a PinSource
// that plays a scripted user, the fault module's control file, and independent verification.
namespace kyso::test {

// fixtures.json; made with make-tokens.sh first when absent. Also points SOFTHSM2_CONF at it.
const nlohmann::json& fixtures();
const nlohmann::json& identity(const std::string& name);
std::string tokenPin(const std::string& label);
std::string softhsmModule();
std::string faultModule();   // libkyso-faultp11.so
std::string brokenModule();  // libkyso-brokenp11.so (no C_GetFunctionList)
Bytes readFile(const std::string& path);

// A user at the PIN dialog: answers from a script (nullopt = cancel), remembers every request.
class ScriptedPins final : public PinSource {
  public:
    explicit ScriptedPins(std::vector<std::optional<std::string>> answers)
        : answers_(std::move(answers)) {}
    std::optional<SecureString> pin(const PinRequest& request) override;
    std::unique_ptr<Notice> pinPadNotice(const PinRequest& request) override;
    bool consent(const PinRequest& /*request*/) override {
        ++consentsAsked;
        return consentAnswer;
    }

    std::vector<PinRequest> requests;  // every pin() call, in order
    bool consentAnswer = false;        // the user's answer on a token that needs no PIN
    int consentsAsked = 0;
    int noticesShown = 0;
    int noticesOpen = 0;  // notices alive right now
    int maxNoticesOpenDuringPin = 0;

  private:
    std::vector<std::optional<std::string>> answers_;
    std::size_t next_ = 0;
};

// The control file of kyso-faultp11, private to one test; removed with its state file.
class FaultControl {
  public:
    explicit FaultControl(const std::string& text = "");
    FaultControl(const FaultControl&) = delete;
    FaultControl& operator=(const FaultControl&) = delete;
    ~FaultControl();
    void set(const std::string& text);  // replaces the whole file atomically

  private:
    std::string path_;
};

// The fault module over SoftHSM, as the only module.
std::vector<ModuleSpec> faultModules();
std::vector<ModuleSpec> softhsmModules();

const CertificateRecord* findRecord(const std::vector<CertificateRecord>& records,
                                    const std::string& thumbprint);

// Verification with OpenSSL against the fixture certificate, in process (EVP_PKEY_verify) and
// with the openssl command-line tool (pkeyutl), so neither depends on the code under test.
bool verifyInProcess(const nlohmann::json& identity, HashAlgorithm hash, SignatureScheme scheme,
                     const Bytes& digest, const Bytes& signature);
bool verifyWithOpensslCli(const nlohmann::json& identity, HashAlgorithm hash,
                          SignatureScheme scheme, const Bytes& digest, const Bytes& signature);

Bytes randomDigest(HashAlgorithm hash);

// The typed error of one RSA PKCS#1 v1.5 signature of a random SHA-256 digest with `key`; fails
// the test if the signature is made.
ErrorCode signError(KeySession& key);

}  // namespace kyso::test
