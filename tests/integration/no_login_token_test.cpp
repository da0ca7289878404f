// Tokens that need no login (CKF_LOGIN_REQUIRED clear, faultp11's login_not_required): no PIN
// dialog stands between a request and a signature, so every operation that signs shows a
// consent dialog instead — exactly one — and signs only on OK.
#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "pdf_support.hpp"
#include "test_env.hpp"

using namespace kyso;
using namespace kyso::test;
using nlohmann::json;

namespace {

const std::string kNonce = "kC7p9cM8z1qjb0HX2c2bYJvJ6nZ8g8F0w3oWm2b3sPo=";
const std::string kOrigin = "https://dichvucong.kyso.test";

std::vector<std::uint8_t> sha256Of(const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> digest(32);
    EVP_Digest(data.data(), data.size(), digest.data(), nullptr, EVP_sha256(), nullptr);
    return digest;
}

std::vector<std::uint8_t> sha256Of(const std::string& text) {
    return sha256Of(std::vector<std::uint8_t>(text.begin(), text.end()));
}

void useNoLoginToken(TestEnv& env, const json& id) {
    const std::string label = id["token"];
    env.useFaultModule("slot_label=" + label + "\nlogin_not_required=" + tokenPin(label) + "\n");
}

// The one dialog of a request on a token without login: a CONFIRM saying so, with the site and
// the certificate, and no PIN dialog.
void requireOneConsentDialog(const TestEnv& env, const json& id) {
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(dialogs[0]["command"].get<std::string>().rfind("CONFIRM", 0) == 0);
    const std::string desc = dialogs[0]["desc"];
    INFO(desc);
    CHECK(desc.find("không cần mã PIN") != std::string::npos);
    CHECK(desc.find(kOrigin) != std::string::npos);
    CHECK(desc.find(id["subjectCN"].get<std::string>()) != std::string::npos);
}

struct Operation {
    std::string name;
    std::string command;
    json params;
};

std::vector<Operation> signingOperations(const json& id) {
    const auto digest = sha256Of(std::string("no login"));
    return {
        {"signHash",
         "signHash",
         {{"thumbprint", id["sha256"]},
          {"hashAlgorithm", "SHA-256"},
          {"hash", base64Encode(digest)}}},
        {"signHashes",
         "signHashes",
         {{"thumbprint", id["sha256"]},
          {"hashAlgorithm", "SHA-256"},
          {"hashes", {base64Encode(digest), base64Encode(sha256Of(std::string("two")))}}}},
        {"authenticate",
         "authenticate",
         {{"challengeNonce", kNonce}, {"thumbprint", id["sha256"]}}},
    };
}

}  // namespace

TEST_CASE("no-login token: signHash, signHashes and authenticate ask once and sign only on OK",
          "[integration][no-login]") {
    const auto& id = identity("person-rsa2048");
    for (const auto& op : signingOperations(id)) {
        DYNAMIC_SECTION(op.name << " cancelled") {
            TestEnv env;
            useNoLoginToken(env, id);
            env.script({"cancel"});
            auto host = env.start();
            const auto reply = host.call(op.command, op.params, kOrigin);
            INFO(reply.dump());
            CHECK(reply["type"] == "error");
            CHECK(reply["error"]["code"] == "USER_CANCELLED");
            CHECK_FALSE(reply.contains("result"));
            requireOneConsentDialog(env, id);
        }
        DYNAMIC_SECTION(op.name << " allowed") {
            TestEnv env;
            useNoLoginToken(env, id);
            env.script({"ok"});
            auto host = env.start();
            const auto reply = host.call(op.command, op.params, kOrigin);
            INFO(reply.dump());
            REQUIRE(reply["type"] == "result");
            requireOneConsentDialog(env, id);
            const auto& result = reply["result"];
            if (op.command == "signHash") {
                CHECK(opensslVerifyDigest(
                    id, base64Decode(op.params["hash"].get<std::string>(), "h"), "SHA-256",
                    base64Decode(result["signature"].get<std::string>(), "s"), "RSA-PKCS1-v1_5"));
            } else if (op.command == "signHashes") {
                REQUIRE(result["signatures"].size() == 2);
                for (std::size_t i = 0; i < 2; ++i) {
                    CHECK(opensslVerifyDigest(
                        id, base64Decode(op.params["hashes"][i].get<std::string>(), "h"), "SHA-256",
                        base64Decode(result["signatures"][i].get<std::string>(), "s"),
                        "RSA-PKCS1-v1_5"));
                }
            } else {
                // web-eid:1.0 (RS256): the token signs SHA-256(SHA-256(origin) || SHA-256(nonce)).
                auto data = sha256Of(kOrigin);
                const auto nonceHash = sha256Of(kNonce);
                data.insert(data.end(), nonceHash.begin(), nonceHash.end());
                CHECK(result["algorithm"] == "RS256");
                CHECK(opensslVerifyDigest(id, sha256Of(data), "SHA-256",
                                          base64Decode(result["signature"].get<std::string>(), "s"),
                                          "RSA-PKCS1-v1_5"));
            }
        }
    }
}

TEST_CASE("no-login token: signPdf asks once, signs only on OK, and the PDF verifies",
          "[integration][no-login][pdf]") {
    const auto& id = identity("person-rsa2048");
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const json params = {{"document", {{"$blob", "pdf"}}},
                         {"fileName", "quyet-dinh.pdf"},
                         {"thumbprint", id["sha256"]}};
    {
        TestEnv env;
        pdfit::setUpForVietnam(env);
        useNoLoginToken(env, id);
        env.script({"cancel"});
        auto host = env.start();
        const auto done = pdfit::exchange(host, "c1", "signPdf", params, {{"pdf", input}});
        INFO(done.reply.dump());
        CHECK(done.reply["error"]["code"] == "USER_CANCELLED");
        CHECK(done.blobs.empty());
        requireOneConsentDialog(env, id);
    }
    TestEnv env;
    pdfit::setUpForVietnam(env);
    useNoLoginToken(env, id);
    env.script({"ok"});
    auto host = env.start();
    const auto done = pdfit::exchange(host, "o1", "signPdf", params, {{"pdf", input}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    requireOneConsentDialog(env, id);
    CHECK(env.dialogs()[0]["desc"].get<std::string>().find("quyet-dinh.pdf") != std::string::npos);
    pdftest::TempDir dir;
    const auto file = dir / "signed.pdf";
    pdftest::writeFile(file, pdfit::signedDocument(done, done.reply["result"], input));
    pdfit::requireAllVerifiersAccept(file, done.reply["result"]);
}

TEST_CASE("no-login token: listing certificates still asks first", "[integration][no-login]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    useNoLoginToken(env, id);
    env.script({"cancel"});
    auto host = env.start();
    CHECK(host.call("listCertificates")["error"]["code"] == "USER_CANCELLED");
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(dialogs[0]["command"].get<std::string>().rfind("CONFIRM", 0) == 0);
}

TEST_CASE("no-login token: a key with a PIN per signature asks that PIN, and no extra consent",
          "[integration][no-login][always-auth]") {
    const json* always = nullptr;
    for (const auto& entry : fixtures()["identities"]) {
        if (entry["alwaysAuthenticate"] == true) {
            always = &entry;
        }
    }
    REQUIRE(always != nullptr);
    TestEnv env;
    useNoLoginToken(env, *always);
    env.script({"pin:" + tokenPin((*always)["token"])});
    auto host = env.start();
    const auto digest = sha256Of(std::string("per signature"));
    const auto reply = host.call("signHash", {{"thumbprint", (*always)["sha256"]},
                                              {"hashAlgorithm", "SHA-256"},
                                              {"hash", base64Encode(digest)}});
    INFO(reply.dump());
    REQUIRE(reply["type"] == "result");
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(dialogs[0]["command"].get<std::string>().rfind("GETPIN", 0) == 0);
    CHECK(opensslVerifyDigest(*always, digest, "SHA-256",
                              base64Decode(reply["result"]["signature"].get<std::string>(), "s"),
                              "RSA-PKCS1-v1_5"));
}
