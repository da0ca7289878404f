#include "core/algorithms.hpp"

#include <string>

#include "core/error.hpp"

namespace kyso {

const char* hashAlgorithmName(HashAlgorithm hash) {
    switch (hash) {
        case HashAlgorithm::Sha256:
            return "SHA-256";
        case HashAlgorithm::Sha384:
            return "SHA-384";
        case HashAlgorithm::Sha512:
            return "SHA-512";
    }
    return "SHA-256";
}

HashAlgorithm parseHashAlgorithm(std::string_view name) {
    for (auto hash : {HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512}) {
        if (name == hashAlgorithmName(hash)) {
            return hash;
        }
    }
    throw Error(
        ErrorCode::UnsupportedAlgorithm,
        "unsupported hash algorithm '" + std::string(name) + "' (use SHA-256, SHA-384 or SHA-512)");
}

std::size_t digestSize(HashAlgorithm hash) {
    switch (hash) {
        case HashAlgorithm::Sha256:
            return 32;
        case HashAlgorithm::Sha384:
            return 48;
        case HashAlgorithm::Sha512:
            return 64;
    }
    return 0;
}

const EVP_MD* evpDigest(HashAlgorithm hash) {
    switch (hash) {
        case HashAlgorithm::Sha256:
            return EVP_sha256();
        case HashAlgorithm::Sha384:
            return EVP_sha384();
        case HashAlgorithm::Sha512:
            return EVP_sha512();
    }
    return EVP_sha256();
}

const char* signatureSchemeName(SignatureScheme scheme) {
    switch (scheme) {
        case SignatureScheme::RsaPkcs1v15:
            return "RSA-PKCS1-v1_5";
        case SignatureScheme::RsaPss:
            return "RSA-PSS";
        case SignatureScheme::Ecdsa:
            return "ECDSA";
    }
    return "RSA-PKCS1-v1_5";
}

SignatureScheme parseSignatureScheme(std::string_view name) {
    for (auto scheme :
         {SignatureScheme::RsaPkcs1v15, SignatureScheme::RsaPss, SignatureScheme::Ecdsa}) {
        if (name == signatureSchemeName(scheme)) {
            return scheme;
        }
    }
    throw Error(ErrorCode::UnsupportedAlgorithm, "unsupported signature scheme '" +
                                                     std::string(name) +
                                                     "' (use RSA-PKCS1-v1_5, RSA-PSS or ECDSA)");
}

bool schemeFitsKey(SignatureScheme scheme, KeyType key) {
    return key == KeyType::Ec ? scheme == SignatureScheme::Ecdsa : scheme != SignatureScheme::Ecdsa;
}

const char* keyTypeName(KeyType key) {
    return key == KeyType::Rsa ? "RSA" : "EC";
}

}  // namespace kyso
