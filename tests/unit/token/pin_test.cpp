#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

const nlohmann::json& personal() {
    return identity("person-rsa2048");  // on kyso-ca-nhan
}

// openKey's error, or a test failure when it succeeds.
Error openKeyError(TokenManager& tokens, PinSource& pins) {
    try {
        tokens.openKey(personal()["sha256"], pins);
    } catch (const Error& e) {
        return e;
    }
    FAIL("openKey succeeded");
    throw std::logic_error("unreachable");
}

bool signs(KeySession& key) {
    const auto& who = personal();
    const auto digest = randomDigest(HashAlgorithm::Sha256);
    const auto signature =
        key.signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest);
    return verifyInProcess(who, HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest,
                           signature);
}

}  // namespace

TEST_CASE("a wrong PIN is said, the user types again, the right PIN logs in", "[token][pin]") {
    FaultControl control("pin_tries=3");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({"000000", tokenPin("kyso-ca-nhan")});
    auto key = tokens->openKey(personal()["sha256"], pins);
    REQUIRE(pins.requests.size() == 2);
    CHECK_FALSE(pins.requests[0].retryAfterWrongPin);
    CHECK_FALSE(pins.requests[0].pinCountLow);
    CHECK_FALSE(pins.requests[0].contextSpecific);
    CHECK(pins.requests[1].retryAfterWrongPin);
    CHECK(pins.requests[1].pinCountLow);  // the token's fresh flags after the wrong PIN
    CHECK_FALSE(pins.requests[1].pinFinalTry);
    CHECK(signs(*key));
}

TEST_CASE("the final try reaches the PIN request, and the lock ends the loop", "[token][pin]") {
    FaultControl control("pin_tries=3");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({"111111", "222222", "333333", "444444"});
    const auto error = openKeyError(*tokens, pins);
    CHECK(error.code() == ErrorCode::PinLocked);
    // Three wrong PINs, each typed by the user; never a fourth ask on a locked token.
    REQUIRE(pins.requests.size() == 3);
    CHECK(pins.requests[1].pinCountLow);
    CHECK_FALSE(pins.requests[1].pinFinalTry);
    CHECK(pins.requests[2].pinFinalTry);

    ScriptedPins again({tokenPin("kyso-ca-nhan")});
    CHECK(openKeyError(*tokens, again).code() == ErrorCode::PinLocked);
    CHECK(again.requests.empty());  // locked: no PIN is asked at all
    const auto records = tokens->certificates();
    const auto* record = findRecord(records, personal()["sha256"]);
    REQUIRE(record != nullptr);
    CHECK(record->token.pinLocked);
}

TEST_CASE("cancelling the first PIN dialog is USER_CANCELLED", "[token][pin]") {
    FaultControl control("pin_tries=3");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({std::nullopt});
    CHECK(openKeyError(*tokens, pins).code() == ErrorCode::UserCancelled);
    CHECK(pins.requests.size() == 1);
}

TEST_CASE("cancelling after a wrong PIN is PIN_INCORRECT with the token's flags", "[token][pin]") {
    FaultControl control("pin_tries=2");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({"999999", std::nullopt});
    const auto error = openKeyError(*tokens, pins);
    CHECK(error.code() == ErrorCode::PinIncorrect);
    CHECK(error.details()["pinCountLow"] == true);
    CHECK(error.details()["triesLeft"] == 1);  // two tries, one used: the final try is next
    REQUIRE(pins.requests.size() == 2);
    CHECK(pins.requests[1].pinFinalTry);
}

TEST_CASE("cancelling after a wrong PIN with tries to spare has no count", "[token][pin]") {
    FaultControl control("pin_tries=5");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({"999999", std::nullopt});
    const auto error = openKeyError(*tokens, pins);
    CHECK(error.code() == ErrorCode::PinIncorrect);
    CHECK(error.details()["triesLeft"].is_null());
    CHECK(error.details()["pinCountLow"] == true);
}

TEST_CASE("a locked token is PIN_LOCKED with zero PIN asks", "[token][pin]") {
    FaultControl control("pin=locked");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({tokenPin("kyso-ca-nhan")});
    CHECK(openKeyError(*tokens, pins).code() == ErrorCode::PinLocked);
    CHECK(pins.requests.empty());
}

TEST_CASE("count-low and final-try flags reach the first PIN request", "[token][pin]") {
    SECTION("low") {
        FaultControl control("pin=low");
        auto tokens = makeTokenManager(faultModules());
        ScriptedPins pins({tokenPin("kyso-ca-nhan")});
        auto key = tokens->openKey(personal()["sha256"], pins);
        REQUIRE(pins.requests.size() == 1);
        CHECK(pins.requests[0].pinCountLow);
        CHECK_FALSE(pins.requests[0].pinFinalTry);
        CHECK_FALSE(pins.requests[0].retryAfterWrongPin);
    }
    SECTION("final") {
        FaultControl control("pin=final");
        auto tokens = makeTokenManager(faultModules());
        ScriptedPins pins({tokenPin("kyso-ca-nhan")});
        auto key = tokens->openKey(personal()["sha256"], pins);
        REQUIRE(pins.requests.size() == 1);
        CHECK(pins.requests[0].pinFinalTry);
        CHECK(pins.requests[0].pinCountLow);
        const auto records = tokens->certificates();
        const auto* record = findRecord(records, personal()["sha256"]);
        REQUIRE(record != nullptr);
        CHECK(record->token.pinFinalTry);
    }
}

TEST_CASE("a PIN pad logs in on the pad while the notice is shown, no PIN is asked",
          "[token][pin]") {
    FaultControl control("protected_auth=1\npad_pin=" + tokenPin("kyso-ca-nhan"));
    auto tokens = makeTokenManager(faultModules());
    const auto records = tokens->certificates();
    const auto* record = findRecord(records, personal()["sha256"]);
    REQUIRE(record != nullptr);
    CHECK(record->token.protectedAuthPath);
    ScriptedPins pins({});
    auto key = tokens->openKey(personal()["sha256"], pins);
    CHECK(pins.requests.empty());
    CHECK(pins.noticesShown == 1);
    CHECK(pins.noticesOpen == 0);  // closed once the pad answered
    CHECK(signs(*key));
}

TEST_CASE("cancel on the PIN pad is USER_CANCELLED", "[token][pin]") {
    FaultControl control("protected_auth=1\npad_result=cancel");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({});
    CHECK(openKeyError(*tokens, pins).code() == ErrorCode::UserCancelled);
    CHECK(pins.noticesShown == 1);
    CHECK(pins.noticesOpen == 0);
    CHECK(pins.requests.empty());
}

TEST_CASE("a wrong PIN on the pad is PIN_INCORRECT", "[token][pin]") {
    FaultControl control("protected_auth=1\npin_tries=3\npad_pin=000000");
    auto tokens = makeTokenManager(faultModules());
    ScriptedPins pins({});
    const auto error = openKeyError(*tokens, pins);
    CHECK(error.code() == ErrorCode::PinIncorrect);
    CHECK(error.details()["pinCountLow"] == true);
    CHECK(pins.requests.empty());
}

TEST_CASE("each openKey asks for the PIN again: the PIN is the consent", "[token][pin]") {
    auto tokens = makeTokenManager(softhsmModules());
    ScriptedPins pins({tokenPin("kyso-ca-nhan"), tokenPin("kyso-ca-nhan")});
    {
        auto key = tokens->openKey(personal()["sha256"], pins);
        CHECK(signs(*key));
    }
    auto key = tokens->openKey(personal()["sha256"], pins);
    CHECK(pins.requests.size() == 2);
    CHECK(signs(*key));
}
