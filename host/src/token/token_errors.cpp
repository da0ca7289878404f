#include "token/token_errors.hpp"

#include "token/ckr_names.hpp"
#include "token/pkcs11_api.hpp"

namespace kyso {

bool ckrMeansRemoved(unsigned long ckr) {
    return ckr == CKR_DEVICE_REMOVED || ckr == CKR_TOKEN_NOT_PRESENT ||
           ckr == CKR_SESSION_HANDLE_INVALID || ckr == CKR_SESSION_CLOSED;
}

bool ckrMeansWrongPin(unsigned long ckr) {
    return ckr == CKR_PIN_INCORRECT || ckr == CKR_PIN_LEN_RANGE || ckr == CKR_PIN_INVALID;
}

Error pinIncorrect(const std::string& message, bool pinCountLow, bool pinFinalTry) {
    // PKCS#11 has no count of tries left, only these flags: "final try" is the one number
    // we can honestly give.
    nlohmann::json details = {{"triesLeft", nullptr}, {"pinCountLow", pinCountLow}};
    if (pinFinalTry) {
        details["triesLeft"] = 1;
    }
    return Error(ErrorCode::PinIncorrect, message, std::move(details));
}

Error tokenFailure(const P11Failure& failure, const std::string& doing) {
    if (!failure.ckr) {
        return Error(ErrorCode::TokenError,
                     doing + " failed" + (failure.text.empty() ? "" : ": " + failure.text),
                     {{"pkcs11", nullptr}});
    }
    const auto ckr = *failure.ckr;
    const auto name = ckrName(ckr);
    if (ckr == CKR_PIN_LOCKED) {
        return Error(ErrorCode::PinLocked, "the token's PIN is locked");
    }
    if (ckrMeansRemoved(ckr)) {
        return Error(ErrorCode::TokenRemoved, "the token was removed while " + doing);
    }
    if (ckr == CKR_FUNCTION_CANCELED || ckr == CKR_CANCEL) {
        return Error(ErrorCode::UserCancelled, "cancelled on the token while " + doing);
    }
    if (ckrMeansWrongPin(ckr)) {
        return pinIncorrect("wrong PIN while " + doing, false, false);
    }
    return Error(ErrorCode::TokenError, doing + " failed: " + name, {{"pkcs11", name}});
}

}  // namespace kyso
