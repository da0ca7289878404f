#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host_process.hpp"

namespace kyso::test {

// The shared fixtures (tests/fixtures/make-tokens.sh): test PKI and seven SoftHSM tokens.
const nlohmann::json& fixtures();
const nlohmann::json& identity(const std::string& name);
std::string tokenPin(const std::string& label);

// One test's private world: a configuration for the host, a pinentry script and log, a
// fault-control file for faultp11; all in a fresh temporary directory.
class TestEnv {
  public:
    TestEnv();
    ~TestEnv();

    // Host configuration (merged onto defaults: SoftHSM module, scripted pinentry, 5 s dialogs).
    nlohmann::json config;
    // The IT policy the host reads as its system policy (written when not null). Defaults to
    // one that lets the test origin sign digests it chose (hashSigningOrigins).
    nlohmann::json policy;
    // Written as the policy file byte for byte instead of `policy` when set (malformed policies).
    std::optional<std::string> policyText;
    std::string policyPath() const { return dir + "/policy.json"; }
    // Route the module through the fault-injecting wrapper, with these control lines.
    void useFaultModule(const std::string& control);
    void setFaults(const std::string& control);
    // Answers the scripted pinentry gives, one per dialog (pin:..., ok, cancel, hang, ...).
    void script(const std::vector<std::string>& answers);
    // Every dialog shown so far, as the scripted pinentry logged it.
    std::vector<nlohmann::json> dialogs() const;

    std::map<std::string, std::string> env() const;
    HostProcess start(std::vector<std::string> args = {"chrome-extension://kysotestextension/"});

    std::string dir;
    std::string writeFile(const std::string& name, const std::string& content) const;

  private:
    bool faulty_ = false;
};

// Runs a command line; returns its exit status and puts stdout+stderr into `output`.
int run(const std::string& command, std::string* output = nullptr);
std::string readFile(const std::string& path);
std::vector<std::uint8_t> readBinary(const std::string& path);

// Independent checks with the openssl command line.
bool opensslVerifyDigest(const nlohmann::json& identity, const std::vector<std::uint8_t>& digest,
                         const std::string& hashName, const std::vector<std::uint8_t>& signature,
                         const std::string& scheme);

}  // namespace kyso::test
