#pragma once

#include <openssl/cms.h>

#include "core/openssl_handles.hpp"
#include "crypto/cades.hpp"
#include "crypto/crypto_handles.hpp"

namespace kyso {

// A detached SignedData with one SignerInfo whose signed attributes and algorithms are final
// and whose signature is still empty: what buildCades() signs and cadesSizeBound() measures.
struct SignedDataDraft {
    X509Ptr signerCert;
    CmsPtr cms;
    CMS_SignerInfo* signerInfo = nullptr;  // owned by cms
};

// Throws INVALID_REQUEST (certificates), UNSUPPORTED_ALGORITHM (scheme vs key).
SignedDataDraft draftSignedData(const CadesRequest& request, const Bytes& contentDigest);

// The key type of a certificate's public key; UNSUPPORTED_ALGORITHM if neither RSA nor EC.
KeyType certificateKeyType(X509* cert);

}  // namespace kyso
