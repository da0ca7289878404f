// Two kinds of real tokens SoftHSM does not make by itself:
// - tokens that need no login (CKF_LOGIN_REQUIRED clear; faultp11's login_not_required):
//   nothing asks the user, so the token room asks its PinSource for consent;
// - tokens holding only the certificate and the private key, no public-key object: the key
//   is looked up by CKA_ID after login (the kyso-ke-toan fixture token).
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

const nlohmann::json& orphanCertificate() {
    return fixtures()["orphanCertificates"][0];
}

const nlohmann::json& keyOnlyIdentity() {
    for (const auto& entry : fixtures()["identities"]) {
        if (entry["publicKeyObject"] == false) {
            return entry;
        }
    }
    FAIL("the fixtures have no identity without a public-key object");
    throw std::logic_error("unreachable");
}

std::string noLoginControl(const std::string& label) {
    return "slot_label=" + label + "\nlogin_not_required=" + tokenPin(label) + "\n";
}

}  // namespace

TEST_CASE("a token that needs no login asks for consent instead of a PIN; no means no",
          "[token][no-login]") {
    const auto& who = identity("person-rsa2048");
    FaultControl control(noLoginControl(who["token"]));
    auto tokens = makeTokenManager(faultModules());
    const auto listedRecords = tokens->certificates();  // kept: findRecord points into it
    const auto* listed = findRecord(listedRecords, who["sha256"]);
    REQUIRE(listed != nullptr);
    CHECK_FALSE(listed->token.loginRequired);

    ScriptedPins refusing({});
    refusing.consentAnswer = false;
    try {
        tokens->openKey(who["sha256"], refusing);
        FAIL("a key was opened without the user's consent");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::UserCancelled);
    }
    CHECK(refusing.consentsAsked == 1);
    CHECK(refusing.requests.empty());  // no PIN was asked: the token needs none

    ScriptedPins agreeing({});
    agreeing.consentAnswer = true;
    auto key = tokens->openKey(who["sha256"], agreeing);
    CHECK(agreeing.consentsAsked == 1);
    CHECK(agreeing.requests.empty());
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    const auto signature =
        key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest);
    CHECK(verifyWithOpensslCli(who, HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest,
                               signature));
}

TEST_CASE("on a token that needs no login, a key with a PIN per signature asks that PIN only",
          "[token][no-login][always-auth]") {
    const nlohmann::json* always = nullptr;
    for (const auto& entry : fixtures()["identities"]) {
        if (entry["alwaysAuthenticate"] == true) {
            always = &entry;
        }
    }
    REQUIRE(always != nullptr);
    FaultControl control(noLoginControl((*always)["token"]));
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({tokenPin((*always)["token"])});
    auto key = tokens->openKey((*always)["sha256"], pins);
    CHECK(pins.consentsAsked == 0);
    CHECK(pins.requests.empty());
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    const auto signature =
        key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest);
    // The PIN for this one signature is the dialog the user answers.
    REQUIRE(pins.requests.size() == 1);
    CHECK(pins.requests[0].contextSpecific);
    CHECK(pins.consentsAsked == 0);
    CHECK(verifyInProcess(*always, HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest,
                          signature));
}

TEST_CASE("a certificate without a public-key object is offered and its key found after login",
          "[token][key-only]") {
    const auto& who = keyOnlyIdentity();
    auto tokens = makeTokenManager(softhsmModules());
    const auto listedRecords = tokens->certificates();  // kept: findRecord points into it
    const auto* listed = findRecord(listedRecords, who["sha256"]);
    REQUIRE(listed != nullptr);
    CHECK(listed->hasPrivateKey);
    CHECK(listed->keyPresence == KeyPresence::AfterLogin);

    ScriptedPins pins({tokenPin(who["token"])});
    auto key = tokens->openKey(who["sha256"], pins);
    CHECK(pins.requests.size() == 1);
    CHECK(key->certificate().keyPresence == KeyPresence::Present);
    for (auto scheme : {SignatureScheme::RsaPkcs1v15, SignatureScheme::RsaPss}) {
        const auto digest = randomDigest(HashAlgorithm::Sha256);
        const auto signature = key->signDigest(HashAlgorithm::Sha256, scheme, digest);
        CHECK(verifyWithOpensslCli(who, HashAlgorithm::Sha256, scheme, digest, signature));
    }
}

TEST_CASE("a certificate whose key is not there after login is CERTIFICATE_NOT_FOUND, said so",
          "[token][key-only]") {
    const auto& orphan = orphanCertificate();
    auto tokens = makeTokenManager(softhsmModules());
    const auto listedRecords = tokens->certificates();  // kept: findRecord points into it
    const auto* listed = findRecord(listedRecords, orphan["sha256"]);
    REQUIRE(listed != nullptr);
    CHECK(listed->keyPresence == KeyPresence::AfterLogin);  // cannot be told apart before login
    ScriptedPins pins({tokenPin(orphan["token"])});
    try {
        tokens->openKey(orphan["sha256"], pins);
        FAIL("a key was opened for a certificate without one");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::CertificateNotFound);
        CHECK(e.details()["privateKey"] == "not-found-after-login");
        CHECK(std::string(e.what()).find("after login") != std::string::npos);
    }
    CHECK(pins.requests.size() == 1);  // the PIN was asked: the key could only be looked for then
}

TEST_CASE("a CA certificate on a token is never a signing candidate", "[token][key-only]") {
    auto tokens = makeTokenManager(softhsmModules());
    const auto records = tokens->certificates();
    for (const auto& ca : fixtures()["caCertificates"]) {
        const auto* record = findRecord(records, ca["sha256"]);
        REQUIRE(record != nullptr);
        CHECK(record->keyPresence == KeyPresence::None);
        CHECK_FALSE(record->hasPrivateKey);
    }
}
