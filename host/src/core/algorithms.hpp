#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <string_view>

namespace kyso {

enum class HashAlgorithm { Sha256, Sha384, Sha512 };
enum class SignatureScheme { RsaPkcs1v15, RsaPss, Ecdsa };
enum class KeyType { Rsa, Ec };

// Wire names: "SHA-256", "SHA-384", "SHA-512".
const char* hashAlgorithmName(HashAlgorithm hash);
HashAlgorithm parseHashAlgorithm(std::string_view name);  // throws INVALID_REQUEST
std::size_t digestSize(HashAlgorithm hash);
const EVP_MD* evpDigest(HashAlgorithm hash);

// Wire names: "RSA-PKCS1-v1_5", "RSA-PSS", "ECDSA".
const char* signatureSchemeName(SignatureScheme scheme);
SignatureScheme parseSignatureScheme(std::string_view name);  // throws INVALID_REQUEST
bool schemeFitsKey(SignatureScheme scheme, KeyType key);

const char* keyTypeName(KeyType key);  // "RSA", "EC"

}  // namespace kyso
