#include "token/pin_login.hpp"

#include <openssl/err.h>

#include "token/libp11_library.hpp"
#include "token/p11_error.hpp"
#include "token/pkcs11_api.hpp"
#include "token/raw_token.hpp"
#include "token/token_errors.hpp"

namespace kyso {
namespace {

// The token's flags now (the slot list's copy may be older than the last wrong PIN).
raw::TokenFlags freshFlags(LoadedModule& module, unsigned long slotId) {
    auto flags = raw::tokenFlags(module.functions(), slotId);
    if (!flags) {
        throw Error(ErrorCode::TokenRemoved, "the token was removed");
    }
    return *flags;
}

PinRequest requestFor(const raw::TokenFlags& flags, bool retry) {
    PinRequest request;
    request.retryAfterWrongPin = retry;
    request.pinCountLow = flags.pinCountLow;
    request.pinFinalTry = flags.pinFinalTry;
    return request;
}

void throwLocked() {
    throw Error(ErrorCode::PinLocked, "the token's PIN is locked");
}

// Turns a failed PKCS11_login into the error for the user; returns only for a wrong PIN.
void checkLoginFailure(const P11Failure& failure) {
    if (!failure.ckr || !ckrMeansWrongPin(*failure.ckr)) {
        throw tokenFailure(failure, "logging in to the token");
    }
}

void logInOnPinPad(LoadedModule& module, PKCS11_SLOT& slot, PinSource& pins,
                   const raw::TokenFlags& flags) {
    P11Failure failure;
    {
        // The notice stays on screen exactly as long as the token waits for the pad.
        const auto notice = pins.pinPadNotice(requestFor(flags, false));
        ERR_clear_error();
        if (libp11().PKCS11_login(&slot, 0, nullptr) == 0) {
            return;
        }
        failure = takeP11Failure();
    }
    checkLoginFailure(failure);
    const auto after = freshFlags(module, libp11().PKCS11_get_slotid_from_slot(&slot));
    if (after.pinLocked) {
        throwLocked();
    }
    throw pinIncorrect("the PIN entered on the PIN pad was wrong", after.pinCountLow,
                       after.pinFinalTry);
}

}  // namespace

void logIn(LoadedModule& module, PKCS11_SLOT& slot, PinSource& pins) {
    const auto slotId = libp11().PKCS11_get_slotid_from_slot(&slot);
    auto flags = freshFlags(module, slotId);
    if (flags.pinLocked) {
        throwLocked();
    }
    if (flags.protectedAuthPath) {
        logInOnPinPad(module, slot, pins, flags);
        return;
    }
    bool wrongBefore = false;
    for (;;) {
        auto pin = pins.pin(requestFor(flags, wrongBefore));
        if (!pin) {
            if (!wrongBefore) {
                throw Error(ErrorCode::UserCancelled, "the user cancelled the PIN dialog");
            }
            throw pinIncorrect("the PIN was wrong and the user gave up", flags.pinCountLow,
                               flags.pinFinalTry);
        }
        ERR_clear_error();
        const int rc = libp11().PKCS11_login(&slot, 0, pin->c_str());
        pin->wipe();
        if (rc == 0) {
            return;
        }
        checkLoginFailure(takeP11Failure());
        flags = freshFlags(module, slotId);
        if (flags.pinLocked) {
            throwLocked();
        }
        wrongBefore = true;
    }
}

}  // namespace kyso
