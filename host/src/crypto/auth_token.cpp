#include "crypto/auth_token.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace kyso {
namespace {

Bytes digestOf(HashAlgorithm hash, const std::uint8_t* data, std::size_t size) {
    Bytes out(digestSize(hash));
    unsigned int length = 0;
    if (EVP_Digest(data, size, out.data(), &length, evpDigest(hash), nullptr) != 1) {
        throw Error(ErrorCode::Internal, "digest failed");
    }
    return out;
}

}  // namespace

AuthAlgorithm authAlgorithmFor(const CertificateInfo& certificate) {
    if (certificate.keyType == KeyType::Rsa) {
        return {"RS256", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15};
    }
    if (certificate.curve == "P-256") {
        return {"ES256", HashAlgorithm::Sha256, SignatureScheme::Ecdsa};
    }
    if (certificate.curve == "P-384") {
        return {"ES384", HashAlgorithm::Sha384, SignatureScheme::Ecdsa};
    }
    if (certificate.curve == "P-521") {
        return {"ES512", HashAlgorithm::Sha512, SignatureScheme::Ecdsa};
    }
    throw Error(ErrorCode::UnsupportedAlgorithm,
                "no Web eID algorithm for curve '" + certificate.curve + "'");
}

void checkChallengeNonce(const std::string& nonce) {
    const bool base64 = std::all_of(nonce.begin(), nonce.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
               c == '-' || c == '_';
    });
    if (nonce.size() < 44 || nonce.size() > 128 || !base64) {
        throw Error(ErrorCode::InvalidRequest,
                    "challengeNonce must be 44-128 base64 characters (at least 32 random bytes)",
                    {{"field", "params.challengeNonce"}});
    }
}

Bytes authTokenDigest(HashAlgorithm hash, const std::string& origin, const std::string& nonce) {
    Bytes joined =
        digestOf(hash, reinterpret_cast<const std::uint8_t*>(origin.data()), origin.size());
    const Bytes nonceHash =
        digestOf(hash, reinterpret_cast<const std::uint8_t*>(nonce.data()), nonce.size());
    joined.insert(joined.end(), nonceHash.begin(), nonceHash.end());
    return digestOf(hash, joined.data(), joined.size());
}

}  // namespace kyso
