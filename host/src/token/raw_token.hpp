#pragma once

#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "token/pkcs11_api.hpp"

// The few PKCS#11 calls made past libp11, on the module's own function list (see
// module_library.hpp): libp11 0.4.12 keeps CKA_ALWAYS_AUTHENTICATE private and only refreshes
// token flags together with the whole slot list (which frees every PKCS11_SLOT it handed out).
namespace kyso::raw {

struct TokenFlags {
    bool loginRequired = false;
    bool protectedAuthPath = false;
    bool pinCountLow = false;
    bool pinFinalTry = false;
    bool pinLocked = false;
};

// C_GetTokenInfo now; nullopt when the token is gone or the call fails.
std::optional<TokenFlags> tokenFlags(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot);

// Whether a session can be opened on the token now (opened and closed again), or the CK_RV
// that refused it. libp11 0.4.12 waits on a condition variable for ever when its first
// C_OpenSession on a slot fails (fixed upstream after 0.4.12, "Return on other errors at
// pkcs11_get_session"); asking first keeps a token pulled out since the slot list was read
// from hanging the host. A token pulled out in the microseconds between remains a risk.
CK_RV probeSession(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot);

// CKA_ALWAYS_AUTHENTICATE of the private key with this CKA_ID, read in a short read-only
// session of our own (the login state is the application's, so it sees what libp11's
// logged-in sessions see). nullopt when no such key is visible (not logged in yet).
std::optional<bool> alwaysAuthenticate(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot,
                                       const Bytes& id);

// A certificate object as the token stores it.
struct CertificateObject {
    Bytes der;  // CKA_VALUE
    Bytes id;   // CKA_ID (empty when the object has none)
};

// Every X.509 certificate object on the token, read in a short session of our own. Raw reads
// instead of PKCS11_enumerate_certs: libp11 decodes each certificate with d2i_X509, and
// OpenSSL 3's public-key decoders make that about half of a list-and-sign round trip
// (docs/performance.md); the slot list is rebuilt on every request, so libp11's cache never
// helps. Throws nothing: a failing call gives the CK_RV in `failure`.
std::vector<CertificateObject> certificateObjects(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot,
                                                  CK_RV* failure);

// Whether the token lists `mechanism` with CKF_SIGN (C_GetMechanismInfo now).
bool canSign(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot, CK_MECHANISM_TYPE mechanism);

// RSA-PSS parameters: the digest's hash, MGF1 with it, a salt as long as the digest.
struct PssParams {
    CK_MECHANISM_TYPE hash;    // CKM_SHA256, ...
    CK_RSA_PKCS_MGF_TYPE mgf;  // CKG_MGF1_SHA256, ...
};

// A CKM_RSA_PKCS_PSS signature of `digest` by the private key with this CKA_ID, in a short
// session of our own (the application's login covers it). The token does the PSS encoding, so
// a token that forbids raw RSA (CKM_RSA_X_509) still signs. Not for keys that need a
// context-specific login (CKA_ALWAYS_AUTHENTICATE): that login happens through libp11.
// Empty on failure, with the CK_RV in `failure` and in `atInit` whether C_SignInit (the
// mechanism or its parameters) was what the token refused.
Bytes signPss(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot, const Bytes& keyId,
              const PssParams& params, const Bytes& digest, CK_RV* failure, bool* atInit);

}  // namespace kyso::raw
