#pragma once

#include <openssl/x509.h>

#include "core/algorithms.hpp"

namespace kyso {

// Sets a SignerInfo's signatureAlgorithm to name both the scheme and the hash, as RFC 5754 and
// RFC 4056 describe: sha256WithRSAEncryption (NULL parameters), id-RSASSA-PSS with
// RSASSA-PSS-params (hash, MGF1 with the same hash, salt length = hash length, trailer 1) or
// ecdsa-with-SHA256/384/512 (no parameters). OpenSSL would write plain rsaEncryption for
// PKCS#1 v1.5, which is valid but tells a reader less.
void setSignatureAlgorithm(X509_ALGOR* algorithm, HashAlgorithm hash, SignatureScheme scheme);

}  // namespace kyso
