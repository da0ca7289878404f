#include "test_env.hpp"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_support.hpp"

namespace kyso::test {

int run(const std::string& command, std::string* output) {
    auto result = testing::runCommand(command);
    if (output != nullptr) {
        *output = std::move(result.output);
    }
    return result.status;
}

std::string readFile(const std::string& path) {
    return testing::readText(path);
}

std::vector<std::uint8_t> readBinary(const std::string& path) {
    return testing::readBytes(path);
}

const nlohmann::json& fixtures() {
    static const nlohmann::json doc = testing::loadFixtures(KYSO_FIXTURES_DIR);
    return doc;
}

const nlohmann::json& identity(const std::string& name) {
    return testing::fixtureIdentity(fixtures(), name);
}

std::string tokenPin(const std::string& label) {
    return testing::fixtureTokenPin(fixtures(), label);
}

TestEnv::TestEnv() {
    char pattern[] = "/tmp/kyso-it-XXXXXX";
    const char* made = mkdtemp(pattern);
    if (made == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    dir = made;
    config = {{"pkcs11Modules", {fixtures()["module"]}},
              {"discoverModules", false},
              {"pinentry", std::string(KYSO_SOURCE_DIR) + "/tests/fixtures/scripted-pinentry"},
              {"dialogTimeoutSeconds", 5}};
    policy = {{"hashSigningOrigins", {"https://dichvucong.kyso.test"}}};
    script({});
}

TestEnv::~TestEnv() {
    run("rm -rf " + dir);
}

std::string TestEnv::writeFile(const std::string& name, const std::string& content) const {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

void TestEnv::useFaultModule(const std::string& control) {
    faulty_ = true;
    config["pkcs11Modules"] = {KYSO_FAULTP11};
    setFaults(control);
}

void TestEnv::setFaults(const std::string& control) {
    writeFile("faults", control);
}

void TestEnv::script(const std::vector<std::string>& answers) {
    std::string text;
    for (const auto& answer : answers) {
        text += answer + "\n";
    }
    writeFile("pinentry-script", text);
    std::remove((dir + "/pinentry-script.pos").c_str());
}

std::vector<nlohmann::json> TestEnv::dialogs() const {
    std::vector<nlohmann::json> out;
    std::istringstream lines(readFile(dir + "/pinentry-log"));
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) {
            out.push_back(nlohmann::json::parse(line));
        }
    }
    return out;
}

std::map<std::string, std::string> TestEnv::env() const {
    std::map<std::string, std::string> vars{
        {"KYSO_CONFIG", writeFile("config.json", config.dump())},
        {"KYSO_POLICY", policyText         ? writeFile("policy.json", *policyText)
                        : policy.is_null() ? dir + "/no-policy.json"
                                           : writeFile("policy.json", policy.dump())},
        {"SOFTHSM2_CONF", fixtures()["softhsm2Conf"]},
        {"KYSO_PINENTRY_SCRIPT", dir + "/pinentry-script"},
        {"KYSO_PINENTRY_LOG", dir + "/pinentry-log"},
    };
    if (faulty_) {
        vars["KYSO_FAULT_CONTROL"] = dir + "/faults";
        vars["KYSO_FAULT_TARGET"] = fixtures()["module"];
    }
    return vars;
}

HostProcess TestEnv::start(std::vector<std::string> args) {
    return HostProcess(env(), std::move(args));
}

bool opensslVerifyDigest(const nlohmann::json& identity, const std::vector<std::uint8_t>& digest,
                         const std::string& hashName, const std::vector<std::uint8_t>& signature,
                         const std::string& scheme) {
    char pattern[] = "/tmp/kyso-verify-XXXXXX";
    const std::string dir = mkdtemp(pattern);
    std::ofstream(dir + "/digest", std::ios::binary)
        .write(reinterpret_cast<const char*>(digest.data()),
               static_cast<std::streamsize>(digest.size()));
    std::ofstream(dir + "/sig", std::ios::binary)
        .write(reinterpret_cast<const char*>(signature.data()),
               static_cast<std::streamsize>(signature.size()));
    std::string md = hashName;  // "SHA-256" -> "sha256"
    md.erase(std::remove(md.begin(), md.end(), '-'), md.end());
    std::transform(md.begin(), md.end(), md.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string options = " -pkeyopt digest:" + md;
    if (scheme == "RSA-PSS") {
        options += " -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:digest";
    }
    std::string output;
    const int status =
        run("openssl pkeyutl -verify -certin -inkey " + identity["cert"].get<std::string>() +
                " -in " + dir + "/digest" + " -sigfile " + dir + "/sig" + options,
            &output);
    run("rm -rf " + dir);
    return status == 0 && output.find("Signature Verified Successfully") != std::string::npos;
}

}  // namespace kyso::test
