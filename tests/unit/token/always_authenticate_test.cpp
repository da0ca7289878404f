#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

const nlohmann::json& alwaysAuthIdentity() {
    for (const auto& entry : fixtures()["identities"]) {
        if (entry["alwaysAuthenticate"] == true) {
            return entry;
        }
    }
    FAIL("the fixtures have no always-authenticate key");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a CKA_ALWAYS_AUTHENTICATE key asks for the PIN once per signature",
          "[token][always-auth]") {
    const auto& who = alwaysAuthIdentity();
    const auto pin = tokenPin(who["token"]);
    auto tokens = makeTokenManager(softhsmModules());
    ScriptedPins pins({pin, pin, pin, pin});
    auto key = tokens->openKey(who["sha256"], pins);
    REQUIRE(pins.requests.size() == 1);  // the login
    CHECK_FALSE(pins.requests[0].contextSpecific);
    CHECK(key->certificate().alwaysAuthenticate);  // read from the key once it is visible

    for (auto scheme :
         {SignatureScheme::RsaPkcs1v15, SignatureScheme::RsaPss, SignatureScheme::RsaPkcs1v15}) {
        const auto before = pins.requests.size();
        const auto digest = randomDigest(HashAlgorithm::Sha256);
        const auto signature = key->signDigest(HashAlgorithm::Sha256, scheme, digest);
        CHECK(verifyInProcess(who, HashAlgorithm::Sha256, scheme, digest, signature));
        REQUIRE(pins.requests.size() == before + 1);
        CHECK(pins.requests.back().contextSpecific);
        CHECK_FALSE(pins.requests.back().retryAfterWrongPin);
    }
}

TEST_CASE("the listing says a key needs a PIN per signature once its token is logged in",
          "[token][always-auth]") {
    const auto& who = alwaysAuthIdentity();
    auto tokens = makeTokenManager(softhsmModules());
    const auto before = tokens->certificates();
    const auto* record = findRecord(before, who["sha256"]);
    REQUIRE(record != nullptr);
    CHECK(record->hasPrivateKey);
    // Before login the private key is hidden, so the attribute cannot be read.
    CHECK_FALSE(record->alwaysAuthenticate);
    ScriptedPins pins({tokenPin(who["token"])});
    auto key = tokens->openKey(who["sha256"], pins);
    const auto during = tokens->certificates();
    record = findRecord(during, who["sha256"]);
    REQUIRE(record != nullptr);
    CHECK(record->alwaysAuthenticate);
}

TEST_CASE("cancelling the PIN of one signature is USER_CANCELLED", "[token][always-auth]") {
    const auto& who = alwaysAuthIdentity();
    auto tokens = makeTokenManager(softhsmModules());
    ScriptedPins pins({tokenPin(who["token"]), std::nullopt});
    auto key = tokens->openKey(who["sha256"], pins);
    CHECK(signError(*key) == ErrorCode::UserCancelled);
    REQUIRE(pins.requests.size() == 2);
    CHECK(pins.requests[1].contextSpecific);
}

TEST_CASE("a wrong PIN for one signature is PIN_INCORRECT, and a new session signs",
          "[token][always-auth]") {
    const auto& who = alwaysAuthIdentity();
    const auto pin = tokenPin(who["token"]);
    auto tokens = makeTokenManager(softhsmModules());
    {
        ScriptedPins pins({pin, "000000"});
        auto key = tokens->openKey(who["sha256"], pins);
        try {
            key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15,
                            randomDigest(HashAlgorithm::Sha256));
            FAIL("signed with a wrong context PIN");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::PinIncorrect);
            CHECK(std::string(e.what()).find("this signature") != std::string::npos);
            CHECK(e.details().contains("triesLeft"));
        }
        // The module keeps the failed operation open (SoftHSM: CKR_OPERATION_ACTIVE), so the
        // session says so instead of failing with a confusing token error.
        CHECK(signError(*key) == ErrorCode::PinIncorrect);
        CHECK(pins.requests.size() == 2);
    }
    ScriptedPins pins({pin, pin});
    auto key = tokens->openKey(who["sha256"], pins);
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    CHECK(verifyInProcess(
        who, HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest,
        key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest)));
}

TEST_CASE("a PIN pad token logs in on the pad for each signature too", "[token][always-auth]") {
    const auto& who = alwaysAuthIdentity();
    FaultControl control("protected_auth=1\npad_pin=" + tokenPin(who["token"]) +
                         "\npad_delay_ms=50");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({});
    auto key = tokens->openKey(who["sha256"], pins);
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    const auto signature =
        key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest);
    CHECK(verifyInProcess(who, HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest,
                          signature));
    CHECK(pins.requests.empty());
    CHECK(pins.noticesShown == 2);  // the login, then the signature
}

TEST_CASE("a PIN dialog that times out during a signature is TIMEOUT, not a crash",
          "[token][always-auth]") {
    const auto& who = alwaysAuthIdentity();
    auto tokens = makeTokenManager(softhsmModules());
    // The first ask (the login) is answered; the second (inside libp11's C code, through the
    // UI_METHOD) throws as the pinentry prompter does when the user does not answer.
    class TimingOutPins final : public PinSource {
      public:
        explicit TimingOutPins(std::string pin) : pin_(std::move(pin)) {}
        std::optional<SecureString> pin(const PinRequest& request) override {
            if (request.contextSpecific) {
                ++contextAsks;
                throw Error(ErrorCode::Timeout, "the user did not answer in time");
            }
            return SecureString(pin_);
        }
        std::unique_ptr<Notice> pinPadNotice(const PinRequest&) override { return nullptr; }
        bool consent(const PinRequest&) override { return false; }
        int contextAsks = 0;

      private:
        std::string pin_;
    } pins(tokenPin(who["token"]));
    auto key = tokens->openKey(who["sha256"], pins);
    try {
        key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15,
                        randomDigest(HashAlgorithm::Sha256));
        FAIL("signed without the PIN");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Timeout);
    }
    CHECK(pins.contextAsks == 1);
}
