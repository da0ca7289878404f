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
// keyPresence (and hasPrivateKey): Present when a private key with the certificate's CKA_ID
// is visible or, because tokens hide private keys until the PIN is given, a public key with
// that CKA_ID is; AfterLogin when private keys are hidden and neither is seen, for an
// end-entity certificate with a CKA_ID (many tokens hold only the certificate and the private
// key; openKey finds out for sure after login); None for CA certificates (basicConstraints
// CA), certificates without CKA_ID, and when private keys are visible and none matches.
// alwaysAuthenticate can likewise only be read once the private key is visible.
// Throws the tokenFailure() of a module call that fails.
std::vector<FoundCertificate> tokenCertificates(LoadedModule& module, PKCS11_SLOT& slot);

}  // namespace kyso
