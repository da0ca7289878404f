#pragma once

#include <vector>

#include "core/bytes.hpp"
#include "token/libp11_api.hpp"
#include "token/loaded_module.hpp"
#include "token/token_manager.hpp"

namespace kyso {

// A certificate found on a token, with what openKey needs to find its key again.
struct FoundCertificate {
    CertificateRecord record;
    Bytes id;  // CKA_ID, shared by the certificate and its key pair
    unsigned long slotId = 0;
};

// The token in `slot`: names from the slot list, PIN flags read from the token now (the
// list may be older than the last wrong PIN while a key is held).
TokenState currentTokenState(LoadedModule& module, PKCS11_SLOT& slot);

// Every X.509 certificate on the token in `slot` (a slot of `module`'s current list).
// hasPrivateKey: a private key with the certificate's CKA_ID is visible, or, because tokens
// hide private keys until the PIN is given, a public key with that CKA_ID is (real tokens
// carry the public key next to the private one; openKey finds out for sure after login).
// alwaysAuthenticate can likewise only be read once the private key is visible.
// Throws the tokenFailure() of a module call that fails.
std::vector<FoundCertificate> tokenCertificates(LoadedModule& module, PKCS11_SLOT& slot);

}  // namespace kyso
