#include <algorithm>
#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

TEST_CASE("every certificate on every token is listed with its independent thumbprint",
          "[token][certificates]") {
    auto tokens = makeTokenManager(softhsmModules());
    const auto records = tokens->certificates();
    REQUIRE(records.size() == fixtures()["identities"].size() +
                                  fixtures()["caCertificates"].size() +
                                  fixtures()["orphanCertificates"].size());
    for (const auto& entry : fixtures()["identities"]) {
        CAPTURE(entry["name"]);
        // The thumbprint is computed here from the fixture's DER file, not by the room.
        const auto der = readFile(entry["certDer"]);
        const auto thumbprint = hexEncode(sha256(der));
        CHECK(thumbprint == entry["sha256"]);
        const auto* record = findRecord(records, thumbprint);
        REQUIRE(record != nullptr);
        CHECK(record->der == der);
        CHECK(record->token.label == entry["token"]);
        CHECK(record->modulePath == softhsmModule());
        // Private keys are hidden before login; their public halves say they are there, and
        // a certificate without one is offered too, its key to be found after login.
        CHECK(record->hasPrivateKey);
        CHECK(record->keyPresence ==
              (entry["publicKeyObject"] == true ? KeyPresence::Present : KeyPresence::AfterLogin));
        CHECK_FALSE(record->token.pinLocked);
        CHECK(record->token.loginRequired);
        CHECK_FALSE(record->token.protectedAuthPath);
    }
    // A CA certificate on a token, without a key, is listed as such.
    for (const auto& entry : fixtures()["caCertificates"]) {
        CAPTURE(entry["name"]);
        const auto* record = findRecord(records, entry["sha256"]);
        REQUIRE(record != nullptr);
        CHECK(record->der == readFile(entry["certDer"]));
        CHECK(record->token.label == entry["token"]);
        CHECK_FALSE(record->hasPrivateKey);
        CHECK(record->keyPresence == KeyPresence::None);
    }
}

TEST_CASE("module reports list every token and the module's own description", "[token][modules]") {
    auto tokens = makeTokenManager(softhsmModules());
    const auto reports = tokens->modules();
    REQUIRE(reports.size() == 1);
    const auto& report = reports[0];
    CHECK(report.loaded);
    CHECK(report.error.empty());
    CHECK(report.spec.source == "config");
    CHECK(report.manufacturer == "SoftHSM");
    std::vector<std::string> labels;
    for (const auto& token : report.tokens) {
        labels.push_back(token.label);
    }
    std::sort(labels.begin(), labels.end());
    // SoftHSM's extra uninitialised slot holds nothing and is left out.
    CHECK(labels == std::vector<std::string>{"kyso-ca-nhan", "kyso-chanh-vp", "kyso-giam-doc",
                                             "kyso-ke-toan", "kyso-to-chuc", "kyso-truong-phong",
                                             "kyso-van-thu"});
    for (const auto& token : report.tokens) {
        for (const auto& fixtureToken : fixtures()["tokens"]) {
            if (fixtureToken["label"] == token.label) {
                CHECK(token.serial == fixtureToken["serial"]);
            }
        }
    }
}

TEST_CASE("an unknown thumbprint is CERTIFICATE_NOT_FOUND before any PIN is asked",
          "[token][certificates]") {
    auto tokens = makeTokenManager(softhsmModules());
    ScriptedPins pins({tokenPin("kyso-ca-nhan")});
    try {
        tokens->openKey(std::string(64, 'a'), pins);
        FAIL("openKey succeeded");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::CertificateNotFound);
        CHECK(e.details()["thumbprint"] == std::string(64, 'a'));
    }
    CHECK(pins.requests.empty());
}

TEST_CASE("a thumbprint in upper case finds the same certificate", "[token][certificates]") {
    auto tokens = makeTokenManager(softhsmModules());
    const auto& who = identity("person-rsa2048");
    std::string upper = who["sha256"];
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    ScriptedPins pins({tokenPin(who["token"])});
    auto key = tokens->openKey(upper, pins);
    CHECK(key->certificate().thumbprint == who["sha256"]);
}
