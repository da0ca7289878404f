#pragma once

namespace kyso {

// Why a PIN is being asked for; filled by the token room from the token's own flags, shown by
// the prompt room. PKCS#11 does not give an exact count of tries left, only these flags.
struct PinRequest {
    bool retryAfterWrongPin = false;  // the previous PIN the user typed was wrong
    bool pinCountLow = false;         // CKF_USER_PIN_COUNT_LOW
    bool pinFinalTry = false;         // CKF_USER_PIN_FINAL_TRY: one try left
    bool contextSpecific = false;     // CKA_ALWAYS_AUTHENTICATE: a PIN for this one signature
};

}  // namespace kyso
