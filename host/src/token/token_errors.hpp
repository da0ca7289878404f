#pragma once

#include <string>

#include "core/error.hpp"
#include "core/pin_request.hpp"
#include "token/p11_error.hpp"

namespace kyso {

// Whether a CK_RV means the token went away (pulled out, or its sessions died with it).
bool ckrMeansRemoved(unsigned long ckr);
// Whether a CK_RV means "this PIN is wrong" (including a PIN the token refuses to check
// because of its length or characters: the user typed it, the user may type another).
bool ckrMeansWrongPin(unsigned long ckr);

// The kyso::Error a failed libp11 call means for the user. `doing` says what failed, in
// English, for the message ("logging in to the token", "signing"). TOKEN_ERROR carries
// {"pkcs11": "CKR_..."}.
Error tokenFailure(const P11Failure& failure, const std::string& doing);

// PIN_INCORRECT as the protocol describes it: {"triesLeft": 1 or null, "pinCountLow": bool}.
Error pinIncorrect(const std::string& message, bool pinCountLow, bool pinFinalTry);

}  // namespace kyso
