#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "core/pin_request.hpp"
#include "core/secure_string.hpp"
#include "core/signer.hpp"

namespace kyso {

// Where a module path came from; reported to the user and to IT (doctor, status).
struct ModuleSpec {
    std::string path;
    std::string source;  // "config", "p11-kit", "vendor", "cli"
};

struct TokenState {
    std::string label, serial, manufacturer, model;
    bool loginRequired = true;
    bool protectedAuthPath = false;  // PIN pad: log in without a typed PIN
    bool pinCountLow = false;
    bool pinFinalTry = false;
    bool pinLocked = false;
};

struct ModuleReport {
    ModuleSpec spec;
    bool loaded = false;
    std::string error;  // why it did not load (empty when loaded)
    std::string description, manufacturer;
    std::vector<TokenState> tokens;
};

// How a certificate's private key is known to be there.
enum class KeyPresence {
    None,        // no key: a CA certificate, a certificate without CKA_ID, or nothing matches
    Present,     // a private key (or, before login, its public key) with the same CKA_ID is seen
    AfterLogin,  // only the certificate is visible: many tokens hold no public-key objects and
                 // hide private keys until login, so the key is looked up by CKA_ID then
};

struct CertificateRecord {
    Bytes der;
    std::string thumbprint;  // lowercase hex SHA-256 of der
    std::string modulePath;
    TokenState token;
    bool hasPrivateKey = false;  // a candidate for signing: keyPresence is not None
    KeyPresence keyPresence = KeyPresence::None;
    bool alwaysAuthenticate = false;  // CKA_ALWAYS_AUTHENTICATE on the private key
};

// What the token room needs from whoever talks to the user. Implemented by the commands over
// the prompt room; the token room itself never shows anything.
class PinSource {
  public:
    // Keeps a "use your PIN pad" message on screen for as long as it lives.
    class Notice {
      public:
        virtual ~Notice() = default;
    };

    virtual ~PinSource() = default;
    // A PIN the user typed now, or nullopt when the user cancelled.
    virtual std::optional<SecureString> pin(const PinRequest& request) = 0;
    virtual std::unique_ptr<Notice> pinPadNotice(const PinRequest& request) = 0;
    // The user's yes or no to the operation on a token that asks no PIN (CKF_LOGIN_REQUIRED
    // clear): without it nothing would stand between a request and a signature. False: the
    // user refused (USER_CANCELLED).
    virtual bool consent(const PinRequest& request) = 0;
};

// A logged-in key: signs as many digests as needed (a batch) with one login; logs out and
// wipes what it held when destroyed.
class KeySession : public DigestSigner {
  public:
    virtual const CertificateRecord& certificate() const = 0;
};

// All PKCS#11 modules the host knows, through libp11. Thread-compatible, not thread-safe:
// the host serves one request at a time.
class TokenManager {
  public:
    virtual ~TokenManager() = default;

    // Loads modules not loaded yet and refreshes every slot, so a token inserted or removed
    // since the last call is seen. A module that fails is reported, never thrown.
    virtual std::vector<ModuleReport> modules() = 0;
    virtual std::vector<CertificateRecord> certificates() = 0;

    // Finds the certificate's key and logs in through `pins`:
    // - a token that needs no login asks `pins.consent` instead (USER_CANCELLED on a no),
    //   except for a key that needs a PIN for every signature: that PIN dialog is the consent;
    // - PIN_LOCKED before any attempt when the token says so;
    // - on a PIN pad, a notice while the pad is used;
    // - on a wrong PIN, asks again with PinRequest::retryAfterWrongPin and the token's fresh
    //   flags; a cancel then gives PIN_INCORRECT (with triesLeft), a first cancel USER_CANCELLED;
    // - CERTIFICATE_NOT_FOUND, TOKEN_NOT_FOUND, TOKEN_REMOVED, TOKEN_ERROR as they happen;
    //   for a key found only after login (KeyPresence::AfterLogin) that is after the PIN.
    // `pins` must outlive the session: keys with CKA_ALWAYS_AUTHENTICATE ask it again for
    // every signature.
    virtual std::unique_ptr<KeySession> openKey(const std::string& thumbprint, PinSource& pins) = 0;
};

// The libp11 implementation. `modules` are tried in order; duplicates (same real path) once.
std::unique_ptr<TokenManager> makeTokenManager(std::vector<ModuleSpec> modules);

}  // namespace kyso
