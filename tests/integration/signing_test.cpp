// Certificates, hash signing and Web eID authentication through the real host on two real
// SoftHSM tokens, with the scripted pinentry answering; every signature checked by OpenSSL.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "test_env.hpp"
#include "web_eid_check.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

std::vector<std::uint8_t> digestOf(const std::string& data, const EVP_MD* md) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    EVP_Digest(data.data(), data.size(), out.data(), nullptr, md, nullptr);
    return out;
}

std::string pinFor(const json& id) {
    return "pin:" + tokenPin(id["token"]);
}

const json* certificateIn(const json& list, const std::string& thumbprint) {
    for (const auto& entry : list) {
        if (entry["thumbprint"] == thumbprint) {
            return &entry;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("listCertificates shows the personal and the organisation token after the user confirms",
          "[integration][tokens]") {
    TestEnv env;
    env.script({"ok", "notok"});
    auto host = env.start();
    const auto reply = host.call("listCertificates");
    REQUIRE(reply["type"] == "result");
    const auto& list = reply["result"]["certificates"];

    const auto& person = identity("person-rsa2048");
    const auto* entry = certificateIn(list, person["sha256"]);
    REQUIRE(entry != nullptr);
    CHECK((*entry)["subject"]["commonName"] == "Nguyễn Thị Lấp Lánh Ánh");
    CHECK((*entry)["issuer"]["commonName"].get<std::string>().find(
              "CA phục vụ các cơ quan Nhà nước") != std::string::npos);
    CHECK((*entry)["key"] == json{{"type", "RSA"}, {"bits", 2048}});
    CHECK((*entry)["hasPrivateKey"] == true);
    CHECK((*entry)["token"]["label"] == "kyso-ca-nhan");
    CHECK(kyso::base64Decode((*entry)["certificate"].get<std::string>(), "cert") ==
          readBinary(person["certDer"]));
    const auto usage = (*entry)["keyUsage"];
    CHECK(std::find(usage.begin(), usage.end(), "nonRepudiation") != usage.end());

    const auto* org = certificateIn(list, identity("org-ec256")["sha256"]);
    REQUIRE(org != nullptr);
    CHECK((*org)["key"]["curve"] == "P-256");
    CHECK((*org)["token"]["label"] == "kyso-to-chuc");

    // Expired certificates are left out unless asked for.
    CHECK(certificateIn(list, identity("expired-rsa2048")["sha256"]) == nullptr);

    // The dialog said who asked, in Vietnamese.
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(dialogs[0]["command"].get<std::string>().rfind("CONFIRM", 0) == 0);
    CHECK(dialogs[0]["desc"].get<std::string>().find("https://dichvucong.kyso.test") !=
          std::string::npos);

    // The second time the user says no.
    CHECK(host.call("listCertificates", {{"includeExpired", true}})["error"]["code"] ==
          "USER_CANCELLED");
}

TEST_CASE("listCertificates can include expired certificates", "[integration][tokens]") {
    TestEnv env;
    env.script({"ok"});
    auto host = env.start();
    const auto reply = host.call("listCertificates", {{"includeExpired", true}});
    const auto* expired =
        certificateIn(reply["result"]["certificates"], identity("expired-rsa2048")["sha256"]);
    REQUIRE(expired != nullptr);
    CHECK((*expired)["expired"] == true);
}

TEST_CASE("signHash signs with every key and scheme; OpenSSL verifies", "[integration][sign]") {
    struct Case {
        const char* identity;
        const char* hash;
        const char* scheme;
    };
    const Case cases[] = {
        {"person-rsa2048", "SHA-256", "RSA-PKCS1-v1_5"},
        {"person-rsa2048", "SHA-512", "RSA-PSS"},
        {"person-rsa3072", "SHA-384", "RSA-PKCS1-v1_5"},
        {"person-rsa3072", "SHA-256", "RSA-PSS"},
        {"org-ec256", "SHA-256", "ECDSA"},
        {"person-ec384", "SHA-384", "ECDSA"},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.identity << " " << c.hash << " " << c.scheme) {
            const auto& id = identity(c.identity);
            TestEnv env;
            env.script({pinFor(id)});
            auto host = env.start();
            const EVP_MD* md = EVP_get_digestbyname(c.hash);
            REQUIRE(md != nullptr);
            const auto digest = digestOf("Tờ trình số 15/TTr-UBND", md);
            json params{{"thumbprint", id["sha256"]},
                        {"hashAlgorithm", c.hash},
                        {"hash", kyso::base64Encode(digest)},
                        {"signatureScheme", c.scheme},
                        {"ecdsaFormat", "der"},
                        {"description", "Tờ trình số 15"}};
            const auto reply = host.call("signHash", params);
            INFO(reply.dump());
            REQUIRE(reply["type"] == "result");
            CHECK(reply["result"]["signatureScheme"] == c.scheme);
            const auto signature =
                kyso::base64Decode(reply["result"]["signature"].get<std::string>(), "sig");
            CHECK(opensslVerifyDigest(id, digest, c.hash, signature, c.scheme));
            // A different digest does not verify: the check can fail.
            auto other = digest;
            other[0] ^= 1;
            CHECK_FALSE(opensslVerifyDigest(id, other, c.hash, signature, c.scheme));

            const auto dialogs = env.dialogs();
            REQUIRE(dialogs.size() == 1);
            CHECK(dialogs[0]["command"] == "GETPIN");
            const auto desc = dialogs[0]["desc"].get<std::string>();
            CHECK(desc.find("https://dichvucong.kyso.test") != std::string::npos);
            CHECK(desc.find(id["subjectCN"].get<std::string>()) != std::string::npos);
            CHECK(desc.find("Tờ trình số 15") != std::string::npos);
            CHECK(host.progress.size() >= 1);
        }
    }
}

TEST_CASE("ECDSA signatures come raw (r||s) by default", "[integration][sign]") {
    const auto& id = identity("org-ec256");
    TestEnv env;
    env.script({pinFor(id)});
    auto host = env.start();
    const auto digest = digestOf("raw", EVP_sha256());
    const auto reply = host.call("signHash", {{"thumbprint", id["sha256"]},
                                              {"hashAlgorithm", "SHA-256"},
                                              {"hash", kyso::base64Encode(digest)}});
    REQUIRE(reply["type"] == "result");
    CHECK(reply["result"]["ecdsaFormat"] == "raw");
    const auto raw = kyso::base64Decode(reply["result"]["signature"].get<std::string>(), "sig");
    REQUIRE(raw.size() == 64);
    // Convert with OpenSSL's own ECDSA_SIG and verify.
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(raw.data(), 32, nullptr),
                   BN_bin2bn(raw.data() + 32, 32, nullptr));
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    const std::vector<std::uint8_t> derSig(der, der + length);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    CHECK(opensslVerifyDigest(id, digest, "SHA-256", derSig, "ECDSA"));
}

TEST_CASE("signHash refuses what the key cannot do, before any dialog", "[integration][sign]") {
    TestEnv env;
    auto host = env.start();
    const auto digest = kyso::base64Encode(digestOf("x", EVP_sha256()));
    CHECK(host.call("signHash", {{"thumbprint", identity("org-ec256")["sha256"]},
                                 {"hashAlgorithm", "SHA-256"},
                                 {"hash", digest},
                                 {"signatureScheme", "RSA-PSS"}})["error"]["code"] ==
          "UNSUPPORTED_ALGORITHM");
    const auto missing = host.call(
        "signHash",
        {{"thumbprint", std::string(64, 'a')}, {"hashAlgorithm", "SHA-256"}, {"hash", digest}});
    CHECK(missing["error"]["code"] == "CERTIFICATE_NOT_FOUND");
    CHECK(env.dialogs().empty());
}

TEST_CASE("an expired certificate gives CERTIFICATE_EXPIRED before any dialog",
          "[integration][sign]") {
    const auto& expired = identity("expired-rsa2048");
    REQUIRE(expired["token"] == "kyso-ca-nhan");
    TestEnv env;
    env.script({pinFor(expired)});  // would sign, if the host asked
    auto host = env.start();
    const auto digest = kyso::base64Encode(digestOf("x", EVP_sha256()));
    const auto signHash = host.call(
        "signHash",
        {{"thumbprint", expired["sha256"]}, {"hashAlgorithm", "SHA-256"}, {"hash", digest}});
    INFO(signHash.dump());
    CHECK(signHash["error"]["code"] == "CERTIFICATE_EXPIRED");
    CHECK(signHash["error"]["expired"] == true);
    CHECK(signHash["error"]["thumbprint"] == expired["sha256"]);
    CHECK(signHash["error"]["notAfter"].is_string());
    CHECK(signHash["error"]["notBefore"].is_string());
    CHECK(signHash["error"]["message"].get<std::string>().find("hết hạn") != std::string::npos);

    const auto login = host.call("authenticate", {{"challengeNonce", std::string(44, 'A')},
                                                  {"thumbprint", expired["sha256"]}});
    CHECK(login["error"]["code"] == "CERTIFICATE_EXPIRED");
    CHECK(env.dialogs().empty());

    // A valid certificate on the same token still signs: the refusal is about the certificate,
    // not the token.
    const auto& valid = identity("person-rsa2048");
    REQUIRE(valid["token"] == expired["token"]);
    CHECK(host.call("signHash", {{"thumbprint", valid["sha256"]},
                                 {"hashAlgorithm", "SHA-256"},
                                 {"hash", digest}})["type"] == "result");
}

TEST_CASE("a wrong PIN is said and asked again; the user's next PIN signs", "[integration][pin]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.script({"pin:000000", pinFor(id)});
    auto host = env.start();
    const auto digest = digestOf("retry", EVP_sha256());
    const auto reply = host.call("signHash", {{"thumbprint", id["sha256"]},
                                              {"hashAlgorithm", "SHA-256"},
                                              {"hash", kyso::base64Encode(digest)}});
    REQUIRE(reply["type"] == "result");
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 2);
    CHECK(dialogs[0]["error"].is_null());
    CHECK_FALSE(dialogs[1]["error"].get<std::string>().empty());
}

TEST_CASE("cancelling gives USER_CANCELLED, or PIN_INCORRECT after a wrong PIN",
          "[integration][pin]") {
    const auto& id = identity("person-rsa3072");
    TestEnv env;
    const json params{{"thumbprint", id["sha256"]},
                      {"hashAlgorithm", "SHA-256"},
                      {"hash", kyso::base64Encode(digestOf("c", EVP_sha256()))}};
    SECTION("cancel at once") {
        env.script({"cancel"});
        auto host = env.start();
        CHECK(host.call("signHash", params)["error"]["code"] == "USER_CANCELLED");
    }
    SECTION("cancel after a wrong PIN") {
        env.script({"pin:999999", "cancel"});
        auto host = env.start();
        const auto reply = host.call("signHash", params, "https://dichvucong.kyso.test");
        CHECK(reply["error"]["code"] == "PIN_INCORRECT");
        CHECK(reply["error"].contains("triesLeft"));
    }
    SECTION("English on request") {
        env.script({"cancel"});
        auto host = env.start();
        host.send({{"type", "request"},
                   {"id", "en"},
                   {"command", "signHash"},
                   {"lang", "en"},
                   {"origin", "https://dichvucong.kyso.test"},
                   {"params", params}});
        auto reply = host.receive();
        while (reply && (*reply)["type"] == "progress") {
            reply = host.receive();
        }
        REQUIRE(reply);
        CHECK((*reply)["error"]["message"] == "The user cancelled.");
    }
}

TEST_CASE("the dialog program failing is reported, never a hang", "[integration][pin]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    const json params{{"thumbprint", id["sha256"]},
                      {"hashAlgorithm", "SHA-256"},
                      {"hash", kyso::base64Encode(digestOf("t", EVP_sha256()))}};
    SECTION("pinentry never answers") {
        env.script({"hang"});
        auto host = env.start();
        CHECK(host.call("signHash", params, "https://dichvucong.kyso.test", 30s)["error"]["code"] ==
              "TIMEOUT");
    }
    SECTION("pinentry is missing") {
        env.config["pinentry"] = "/nonexistent/pinentry";
        auto host = env.start();
        CHECK(host.call("signHash", params)["error"]["code"] == "PROMPT_FAILED");
    }
}

TEST_CASE("authenticate makes a web-eid:1.0 token that a server can verify",
          "[integration][auth]") {
    const std::string nonce = "kC7p9cM8z1qjb0HX2c2bYJvJ6nZ8g8F0w3oWm2b3sPo=";  // 44 chars
    const std::string origin = "https://dichvucong.kyso.test";
    for (const char* name : {"person-rsa2048", "org-ec256", "person-ec384"}) {
        DYNAMIC_SECTION(name) {
            const auto& id = identity(name);
            TestEnv env;
            env.script({pinFor(id)});
            auto host = env.start();
            const auto reply = host.call(
                "authenticate", {{"challengeNonce", nonce}, {"thumbprint", id["sha256"]}}, origin);
            INFO(reply.dump());
            REQUIRE(reply["type"] == "result");
            const auto& token = reply["result"];
            CHECK(token["format"] == "web-eid:1.0");
            CHECK(token["appVersion"].get<std::string>().rfind("https://", 0) == 0);

            // The server side, written independently with OpenSSL (web_eid_check.cpp).
            const std::string alg = token["algorithm"];
            const auto verify = [&](const std::string& claimedOrigin) {
                return webEidTokenVerifies(token, claimedOrigin, nonce);
            };
            CHECK(verify(origin));
            CHECK_FALSE(verify("https://evil.kyso.test"));  // bound to the origin
            if (id["keyType"] == "RSA") {
                CHECK(alg == "RS256");
            } else {
                CHECK(alg == (id["bits"] == 256 ? "ES256" : "ES384"));
            }
        }
    }
}

TEST_CASE("authenticate checks the nonce", "[integration][auth]") {
    TestEnv env;
    auto host = env.start();
    const auto reply = host.call("authenticate", {{"challengeNonce", "short"}});
    CHECK(reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(reply["error"]["field"] == "params.challengeNonce");
}

TEST_CASE("the diagnostic log says what happened and holds no secret", "[integration][log]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.config["logFile"] = env.dir + "/kyso.log";
    const std::string pin = tokenPin("kyso-ca-nhan");
    env.script({"pin:" + pin});
    auto host = env.start();
    const auto digest = kyso::base64Encode(digestOf("log", EVP_sha256()));
    REQUIRE(host.call("signHash", {{"thumbprint", id["sha256"]},
                                   {"hashAlgorithm", "SHA-256"},
                                   {"hash", digest}})["type"] == "result");
    host.closeStdin();
    REQUIRE(host.waitExit() == 0);
    const auto log = readFile(env.dir + "/kyso.log");
    CHECK(log.find("signHash") != std::string::npos);
    CHECK(log.find(pin) == std::string::npos);
    CHECK(log.find(digest) == std::string::npos);
}

TEST_CASE("signHashes: one PIN for a batch whose result is over 1 MiB", "[integration][sign]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.script({pinFor(id)});
    auto host = env.start();
    constexpr int kCount = 3500;  // 3500 RSA-2048 signatures: about 1.2 MB of JSON
    json hashes = json::array();
    std::vector<std::vector<std::uint8_t>> digests;
    for (int i = 0; i < kCount; ++i) {
        digests.push_back(digestOf("tờ khai " + std::to_string(i), EVP_sha256()));
        hashes.push_back(kyso::base64Encode(digests.back()));
    }
    const auto reply = host.call("signHashes",
                                 {{"thumbprint", id["sha256"]},
                                  {"hashAlgorithm", "SHA-256"},
                                  {"hashes", hashes},
                                  {"names", {"Tờ khai thuế GTGT tháng 10"}}},
                                 "https://dichvucong.kyso.test", 120s);
    REQUIRE(reply["type"] == "result");
    CHECK(host.chunks >= 2);  // it really was chunked, and every frame was under 1 MiB
    const auto& signatures = reply["result"]["signatures"];
    REQUIRE(signatures.size() == kCount);
    for (int i : {0, 1, kCount / 2, kCount - 1}) {
        CAPTURE(i);
        const auto signature = kyso::base64Decode(signatures[i].get<std::string>(), "s");
        CHECK(opensslVerifyDigest(id, digests[i], "SHA-256", signature, "RSA-PKCS1-v1_5"));
    }
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);  // one PIN for the whole batch
    CHECK(dialogs[0]["desc"].get<std::string>().find("3500") != std::string::npos);
    CHECK(host.progress.back()["done"] == kCount);
}

TEST_CASE("signHashes checks every digest before asking for the PIN", "[integration][sign]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    auto host = env.start();
    const auto good = kyso::base64Encode(digestOf("a", EVP_sha256()));
    const auto reply = host.call("signHashes", {{"thumbprint", id["sha256"]},
                                                {"hashAlgorithm", "SHA-256"},
                                                {"hashes", {good, "AAAA", good}}});
    CHECK(reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(reply["error"]["field"] == "params.hashes[1]");
    CHECK(host.call("signHashes", {{"thumbprint", id["sha256"]},
                                   {"hashAlgorithm", "SHA-256"},
                                   {"hashes", json::array()}})["error"]["code"] ==
          "INVALID_REQUEST");
    CHECK(env.dialogs().empty());
}

TEST_CASE("a binary parameter sent ahead in blob frames is used by its request",
          "[integration][sign]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.script({pinFor(id)});
    auto host = env.start();
    const auto digest = digestOf("blob", EVP_sha256());
    // Two frames: the digest split in the middle (each piece is valid base64 on its own).
    host.send({{"type", "blob"},
               {"id", "b1"},
               {"blob", "h"},
               {"seq", 0},
               {"size", 32},
               {"data", kyso::base64Encode(
                            std::vector<std::uint8_t>(digest.begin(), digest.begin() + 15))}});
    host.send({{"type", "blob"},
               {"id", "b1"},
               {"blob", "h"},
               {"seq", 1},
               {"last", true},
               {"data",
                kyso::base64Encode(std::vector<std::uint8_t>(digest.begin() + 15, digest.end()))}});
    host.send({{"type", "request"},
               {"id", "b1"},
               {"command", "signHash"},
               {"origin", "https://dichvucong.kyso.test"},
               {"params",
                {{"thumbprint", id["sha256"]},
                 {"hashAlgorithm", "SHA-256"},
                 {"hash", {{"$blob", "h"}}}}}});
    auto reply = host.receive();
    while (reply && (*reply)["type"] == "progress") {
        reply = host.receive();
    }
    REQUIRE(reply);
    INFO(reply->dump());
    REQUIRE((*reply)["type"] == "result");
    const auto signature =
        kyso::base64Decode((*reply)["result"]["signature"].get<std::string>(), "s");
    CHECK(opensslVerifyDigest(id, digest, "SHA-256", signature, "RSA-PKCS1-v1_5"));
}
