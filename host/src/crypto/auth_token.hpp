#pragma once

#include <string>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "crypto/certificate_info.hpp"

namespace kyso {

// Web eID's authentication token format "web-eid:1.0" (shared/reference/web-eid.md), so that
// portals can use existing server-side validators.
inline constexpr const char* kAuthTokenFormat = "web-eid:1.0";

struct AuthAlgorithm {
    const char* name;  // JWS name: RS256, ES256, ES384, ES512
    HashAlgorithm hash;
    SignatureScheme scheme;
};

// RSA keys sign RS256; EC keys ES256/ES384/ES512 by curve. Throws UNSUPPORTED_ALGORITHM.
AuthAlgorithm authAlgorithmFor(const CertificateInfo& certificate);

// The server's nonce: 44-128 characters of base64 (at least 32 random bytes), else
// INVALID_REQUEST.
void checkChallengeNonce(const std::string& nonce);

// What the key signs: hash(hash(origin) || hash(nonce)), with the algorithm's hash. Hashing
// each part first keeps the two fields apart.
Bytes authTokenDigest(HashAlgorithm hash, const std::string& origin, const std::string& nonce);

}  // namespace kyso
