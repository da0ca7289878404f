#pragma once

#include "core/algorithms.hpp"
#include "core/bytes.hpp"

namespace kyso {

// "Sign these bytes": what the CMS/PDF code needs from a key, without knowing where the key
// lives. The token room implements it for keys on a PKCS#11 token; tests implement it with
// software keys.
class DigestSigner {
  public:
    virtual ~DigestSigner() = default;
    virtual KeyType keyType() const = 0;
    // `digest` is the hash of the data to sign (its length matches `hash`). Returns the
    // PKCS#1 signature for RSA schemes, the DER ECDSA-Sig-Value for ECDSA.
    virtual Bytes signDigest(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) = 0;
};

}  // namespace kyso
