// The same binary as a command-line tool, and doctor as IT would run it.
#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "platform/browsers.hpp"
#include "test_env.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

std::string cli(const TestEnv& env, const std::string& args, int* status,
                const std::string& input = "", const std::string& home = "") {
    std::string command = home.empty() ? "" : "HOME='" + home + "' ";
    for (const auto& [key, value] : env.env()) {
        command += key + "='" + value + "' ";
    }
    if (!input.empty()) {
        command = "printf '%s\\n' '" + input + "' | " + command;
    }
    std::string output;
    *status = run(command + KYSO_HOST_BINARY + " " + args, &output);
    return output;
}

}  // namespace

TEST_CASE("kyso-host --help and wrong usage", "[integration][cli]") {
    TestEnv env;
    int status = -1;
    const auto help = cli(env, "--help", &status);
    CHECK(status == 0);
    CHECK(help.find("sign-hash") != std::string::npos);
    CHECK(help.find("doctor") != std::string::npos);
    cli(env, "frobnicate", &status);
    CHECK(status == 2);
    cli(env, "sign-hash --no-such-option", &status);
    CHECK(status == 2);
    const auto version = cli(env, "--version", &status);
    CHECK(status == 0);
    CHECK(version.rfind("kyso-host ", 0) == 0);
}

TEST_CASE("the CLI lists certificates and signs a hash with a PIN from stdin",
          "[integration][cli]") {
    TestEnv env;
    int status = -1;
    const auto listing = cli(env, "list", &status);
    REQUIRE(status == 0);
    const auto list = json::parse(listing)["certificates"];
    const auto& id = identity("org-ec256");
    CHECK(std::any_of(list.begin(), list.end(),
                      [&](const json& c) { return c["thumbprint"] == id["sha256"]; }));

    std::vector<std::uint8_t> digest(32);
    EVP_Digest("cli", 3, digest.data(), nullptr, EVP_sha256(), nullptr);
    const std::string args = "--pin-stdin sign-hash --cert " + id["sha256"].get<std::string>() +
                             " --hash-hex " + kyso::hexEncode(digest) + " --ecdsa-format der";
    const auto signed_ = cli(env, args, &status, tokenPin("kyso-to-chuc"));
    REQUIRE(status == 0);
    const auto signature =
        kyso::base64Decode(json::parse(signed_)["signature"].get<std::string>(), "s");
    CHECK(opensslVerifyDigest(id, digest, "SHA-256", signature, "ECDSA"));

    // A wrong PIN on stdin is tried once, never again.
    const auto wrong = cli(env, args, &status, "000000");
    CHECK(status == 1);
    CHECK(wrong.find("PIN_INCORRECT") != std::string::npos);
}

TEST_CASE("doctor reports modules, tokens, browser registrations and fixes", "[integration][cli]") {
    TestEnv env;
    const std::string home = env.dir + "/home";
    run("mkdir -p " + home + "/.config/chromium/NativeMessagingHosts " + home +
        "/.mozilla/native-messaging-hosts");
    const json good{
        {"name", kyso::platform::kHostName},
        {"description", "kyso"},
        {"path", KYSO_HOST_BINARY},
        {"type", "stdio"},
        {"allowed_origins",
         {std::string("chrome-extension://") + kyso::platform::kChromiumExtensionId + "/"}}};
    env.writeFile("home/.config/chromium/NativeMessagingHosts/vn.kyso.host.json", good.dump());
    const json broken{{"name", kyso::platform::kHostName},
                      {"path", "/nonexistent/kyso-host"},
                      {"type", "stdio"},
                      {"allowed_extensions", {kyso::platform::kFirefoxExtensionId}}};
    env.writeFile("home/.mozilla/native-messaging-hosts/vn.kyso.host.json", broken.dump());
    env.config["pkcs11Modules"] = {fixtures()["module"], "/nonexistent/libviettel-ca_v6.so"};

    int status = -1;
    const auto report = cli(env, "doctor", &status, "", home);
    INFO(report);
    CHECK(status == 1);  // problems found
    CHECK(report.find("kyso-ca-nhan") != std::string::npos);
    CHECK(report.find("kyso-to-chuc") != std::string::npos);
    CHECK(report.find("/nonexistent/libviettel-ca_v6.so") != std::string::npos);
    CHECK(report.find("ok    Chromium") != std::string::npos);
    CHECK(report.find("FAIL  Firefox") != std::string::npos);
    CHECK(report.find("fix:") != std::string::npos);
    CHECK(report.find("scripted-pinentry") != std::string::npos);
}
