// Tokens that hold only the certificate and the private key, no public-key object (the
// kyso-ke-toan fixture): listed as usable ("after-login"), and they sign.
#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "pdf_support.hpp"
#include "test_env.hpp"

using namespace kyso;
using namespace kyso::test;
using nlohmann::json;

namespace {

const json& keyOnlyIdentity() {
    for (const auto& entry : fixtures()["identities"]) {
        if (entry["publicKeyObject"] == false) {
            return entry;
        }
    }
    FAIL("the fixtures have no identity without a public-key object");
    throw std::logic_error("unreachable");
}

const json* listedEntry(const json& reply, const std::string& thumbprint) {
    for (const auto& entry : reply["result"]["certificates"]) {
        if (entry["thumbprint"] == thumbprint) {
            return &entry;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("key-only token: listed as usable after login; CA and orphan certificates told apart",
          "[integration][key-only]") {
    const auto& id = keyOnlyIdentity();
    TestEnv env;
    env.script({"ok"});
    auto host = env.start();
    const auto reply = host.call("listCertificates");
    INFO(reply.dump());
    REQUIRE(reply["type"] == "result");
    const auto* keyOnly = listedEntry(reply, id["sha256"]);
    REQUIRE(keyOnly != nullptr);
    CHECK((*keyOnly)["hasPrivateKey"] == true);
    CHECK((*keyOnly)["privateKey"] == "after-login");
    const auto* ordinary = listedEntry(reply, identity("person-rsa2048")["sha256"]);
    REQUIRE(ordinary != nullptr);
    CHECK((*ordinary)["privateKey"] == "present");
    const auto* ca = listedEntry(reply, fixtures()["caCertificates"][0]["sha256"]);
    REQUIRE(ca != nullptr);
    CHECK((*ca)["hasPrivateKey"] == false);
    CHECK((*ca)["privateKey"] == "none");
}

TEST_CASE("key-only token: signHash signs and openssl verifies", "[integration][key-only]") {
    const auto& id = keyOnlyIdentity();
    TestEnv env;
    env.script({"pin:" + tokenPin(id["token"])});
    auto host = env.start();
    std::vector<std::uint8_t> digest(32);
    EVP_Digest("key only", 8, digest.data(), nullptr, EVP_sha256(), nullptr);
    const auto reply = host.call("signHash", {{"thumbprint", id["sha256"]},
                                              {"hashAlgorithm", "SHA-256"},
                                              {"hash", base64Encode(digest)}});
    INFO(reply.dump());
    REQUIRE(reply["type"] == "result");
    const auto signature = base64Decode(reply["result"]["signature"].get<std::string>(), "s");
    CHECK(opensslVerifyDigest(id, digest, "SHA-256", signature, "RSA-PKCS1-v1_5"));
    auto other = digest;
    other[0] ^= 1;
    CHECK_FALSE(opensslVerifyDigest(id, other, "SHA-256", signature, "RSA-PKCS1-v1_5"));
    CHECK(env.dialogs().size() == 1);
}

TEST_CASE("key-only token: signPdf signs and every verifier accepts",
          "[integration][key-only][pdf]") {
    const auto& id = keyOnlyIdentity();
    TestEnv env;
    pdfit::setUpForVietnam(env);
    env.script({"pin:" + tokenPin(id["token"])});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const auto done = pdfit::exchange(host, "k1", "signPdf",
                                      {{"document", {{"$blob", "pdf"}}},
                                       {"fileName", "bao-cao.pdf"},
                                       {"thumbprint", id["sha256"]}},
                                      {{"pdf", input}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    pdftest::TempDir dir;
    const auto file = dir / "signed.pdf";
    pdftest::writeFile(file, pdfit::signedDocument(done, done.reply["result"], input));
    pdfit::requireAllVerifiersAccept(file, done.reply["result"]);
    std::string raw;
    CHECK(pdftest::pdfsig(file, &raw).front().signer == id["subjectCN"].get<std::string>());
}

TEST_CASE(
    "key-only token: a certificate whose key is missing costs the PIN, then "
    "CERTIFICATE_NOT_FOUND",
    "[integration][key-only]") {
    const auto& orphan = fixtures()["orphanCertificates"][0];
    TestEnv env;
    env.script({"pin:" + tokenPin(orphan["token"])});
    auto host = env.start();
    std::vector<std::uint8_t> digest(32, 7);
    const auto reply = host.call("signHash", {{"thumbprint", orphan["sha256"]},
                                              {"hashAlgorithm", "SHA-256"},
                                              {"hash", base64Encode(digest)}});
    INFO(reply.dump());
    CHECK(reply["error"]["code"] == "CERTIFICATE_NOT_FOUND");
    CHECK(reply["error"]["privateKey"] == "not-found-after-login");
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(dialogs[0]["command"].get<std::string>().rfind("GETPIN", 0) == 0);
}
