#include <catch2/catch.hpp>
#include <chrono>

#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

std::string personal() {
    return identity("person-rsa2048")["sha256"];  // on kyso-ca-nhan
}

}  // namespace

TEST_CASE("a token pulled out between two calls disappears, and is seen again when put back",
          "[token][removal]") {
    FaultControl control;
    auto tokens = makeTokenManager(faultModules());
    REQUIRE(findRecord(tokens->certificates(), personal()) != nullptr);

    control.set("slot_label=kyso-ca-nhan\nremoved=1");
    const auto without = tokens->certificates();
    CHECK(findRecord(without, personal()) == nullptr);
    // The other tokens are still there.
    CHECK(findRecord(without, identity("org-ec256")["sha256"]) != nullptr);
    const auto reports = tokens->modules();
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].tokens.size() == fixtures()["tokens"].size() - 1);
    ScriptedPins pins({tokenPin("kyso-ca-nhan")});
    try {
        tokens->openKey(personal(), pins);
        FAIL("opened a key on a removed token");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::CertificateNotFound);
    }
    CHECK(pins.requests.empty());

    control.set("");  // plugged back in, same process, same manager
    REQUIRE(findRecord(tokens->certificates(), personal()) != nullptr);
    auto key = tokens->openKey(personal(), pins);
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    const auto signature =
        key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest);
    CHECK(verifyInProcess(identity("person-rsa2048"), HashAlgorithm::Sha256,
                          SignatureScheme::RsaPkcs1v15, digest, signature));
}

TEST_CASE("a token pulled out in the middle of a signature is TOKEN_REMOVED, and works after",
          "[token][removal]") {
    FaultControl control;
    auto tokens = makeTokenManager(faultModules());
    {
        ScriptedPins pins({tokenPin("kyso-ca-nhan")});
        auto key = tokens->openKey(personal(), pins);
        control.set("slot_label=kyso-ca-nhan\nremove_on=C_Sign");
        CHECK(signError(*key) == ErrorCode::TokenRemoved);
        // Its sessions died with it: the session does not come back to life by itself.
        control.set("");
        CHECK(signError(*key) == ErrorCode::TokenRemoved);
    }
    // Plugged back in: a new openKey logs in again and signs.
    ScriptedPins pins({tokenPin("kyso-ca-nhan")});
    auto key = tokens->openKey(personal(), pins);
    CHECK(pins.requests.size() == 1);
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    CHECK(verifyInProcess(identity("person-rsa2048"), HashAlgorithm::Sha256,
                          SignatureScheme::RsaPss, digest,
                          key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPss, digest)));
}

TEST_CASE("a token pulled out during the PIN dialog is TOKEN_REMOVED", "[token][removal]") {
    FaultControl control;
    auto tokens = makeTokenManager(faultModules());
    // The "user" pulls the token out while typing the PIN.
    class PullingPins final : public PinSource {
      public:
        explicit PullingPins(FaultControl& c) : control_(c) {}
        std::optional<SecureString> pin(const PinRequest&) override {
            control_.set("slot_label=kyso-ca-nhan\nremoved=1");
            return SecureString(tokenPin("kyso-ca-nhan"));
        }
        std::unique_ptr<Notice> pinPadNotice(const PinRequest&) override { return nullptr; }
        bool consent(const PinRequest&) override { return false; }

      private:
        FaultControl& control_;
    } pins(control);
    try {
        tokens->openKey(personal(), pins);
        FAIL("logged in to a removed token");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::TokenRemoved);
    }
}

TEST_CASE("a slow token still logs in and signs", "[token][slow]") {
    FaultControl control("delay_ms=700");
    auto tokens = makeTokenManager(faultModules());
    const auto& who = identity("org-ec256");
    ScriptedPins pins({tokenPin(who["token"])});
    const auto start = std::chrono::steady_clock::now();
    auto key = tokens->openKey(who["sha256"], pins);
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    const auto signature = key->signDigest(HashAlgorithm::Sha256, SignatureScheme::Ecdsa, digest);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(verifyInProcess(who, HashAlgorithm::Sha256, SignatureScheme::Ecdsa, digest, signature));
    // The delays really happened (C_Login and C_Sign), so the token was slow, not skipped.
    CHECK(elapsed >= std::chrono::milliseconds(1400));
}

TEST_CASE("a token that refuses to open a session is skipped, never waited for",
          "[token][removal]") {
    // libp11 0.4.12 would wait for ever on its first failed C_OpenSession; the room asks first.
    FaultControl control("slot_label=kyso-ca-nhan\nremove_on=C_OpenSession");
    auto tokens = makeTokenManager(faultModules());
    const auto records = tokens->certificates();
    CHECK(findRecord(records, personal()) == nullptr);
    CHECK(findRecord(records, identity("org-ec256")["sha256"]) != nullptr);
    ScriptedPins pins({tokenPin("kyso-ca-nhan")});
    try {
        tokens->openKey(personal(), pins);
        FAIL("opened a key on a token without sessions");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::CertificateNotFound);
    }
    CHECK(pins.requests.empty());
    control.set("");
    CHECK(findRecord(tokens->certificates(), personal()) != nullptr);
}
