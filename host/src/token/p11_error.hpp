#pragma once

#include <optional>
#include <string>

namespace kyso {

// What libp11 said about its last failure. libp11 reports through OpenSSL's error queue: the
// PKCS#11 return value (CK_RV) of a failed module call is the *reason* of an entry in the
// error library ERR_get_CKR_code() names (p11_ckr.c); its own failures (module not
// loadable, UI failed, ...) use a second library (p11_err.c).
struct P11Failure {
    std::optional<unsigned long> ckr;  // the CK_RV the module returned, when one is known
    std::string text;                  // every queued error, for the diagnostic log
};

// Empties the calling thread's OpenSSL error queue and returns what libp11 left there. Call
// ERR_clear_error() before the libp11 call so that old entries cannot be mistaken for its own.
P11Failure takeP11Failure();

}  // namespace kyso
