#pragma once

#include <memory>
#include <optional>

#include "core/error.hpp"
#include "core/openssl_handles.hpp"
#include "token/loaded_module.hpp"
#include "token/token_manager.hpp"

namespace kyso {

// The login on one token, undone when this goes away: PKCS11_logout, then the module may drop
// its libp11 slot objects again, which also wipes libp11's own copy of the PIN.
class TokenLogin {
  public:
    TokenLogin(std::shared_ptr<LoadedModule> module, unsigned long slotId)
        : module_(std::move(module)), slotId_(slotId) {
        module_->holdSlots();
    }
    TokenLogin(const TokenLogin&) = delete;
    TokenLogin& operator=(const TokenLogin&) = delete;
    ~TokenLogin();

    LoadedModule& module() const { return *module_; }
    unsigned long slotId() const { return slotId_; }

  private:
    std::shared_ptr<LoadedModule> module_;
    unsigned long slotId_;
};

// A logged-in private key on a token, signing digests with EVP_PKEY_sign on libp11's
// EVP_PKEY (the key never leaves the token: libp11's RSA and EC methods call C_Sign).
// RSA-PSS: libp11 has OpenSSL build the PSS encoding and the token do raw RSA
// (CKM_RSA_X_509), which some tokens forbid; when the token lists CKM_RSA_PKCS_PSS the
// session signs with that instead (raw::signPss), and falls back to raw RSA otherwise.
class P11KeySession final : public KeySession {
  public:
    P11KeySession(std::unique_ptr<TokenLogin> login, EvpPkeyPtr key, Bytes keyId,
                  CertificateRecord record, PinSource& pins);
    ~P11KeySession() override;

    KeyType keyType() const override { return keyType_; }
    const CertificateRecord& certificate() const override { return record_; }
    Bytes signDigest(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) override;

  private:
    Bytes signOnce(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest);
    // The token's own CKM_RSA_PKCS_PSS; empty when the token lacks it or refuses the
    // parameters (then libp11's raw RSA is tried).
    Bytes signPssOnToken(HashAlgorithm hash, const Bytes& digest);
    [[noreturn]] void throwSignFailure(bool contextLogin);
    [[noreturn]] void throwContextFailure(Error error);

    std::unique_ptr<TokenLogin> login_;  // declared first: logs out after the key is freed
    EvpPkeyPtr key_;
    Bytes keyId_;  // CKA_ID of the private key
    CertificateRecord record_;
    PinSource& pins_;
    KeyType keyType_;
    // Set when the PIN for one signature failed (wrong, cancelled): libp11 0.4.12 leaves
    // that signing operation open on its pooled session (C_SignInit done, no C_Sign), so
    // the module refuses every later C_SignInit there with CKR_OPERATION_ACTIVE. The
    // session is spent; the caller opens the key again (a new login, new sessions).
    std::optional<Error> spent_;
};

}  // namespace kyso
