#include "commands/hash_request.hpp"

#include "core/ecdsa_format.hpp"
#include "core/error.hpp"

namespace kyso {

void HashSigningRequest::checkDigest(const Bytes& digest, const std::string& field) const {
    if (digest.size() != digestSize(hash)) {
        throw Error(ErrorCode::InvalidRequest,
                    field + " must be " + std::to_string(digestSize(hash)) + " bytes for " +
                        hashAlgorithmName(hash) + ", got " + std::to_string(digest.size()),
                    {{"field", field}});
    }
}

Bytes HashSigningRequest::sign(KeySession& key, const Bytes& digest) const {
    Bytes signature = key.signDigest(hash, scheme, digest);
    if (scheme == SignatureScheme::Ecdsa && rawEcdsa) {
        signature = ecdsaDerToRaw(signature, ecdsaFieldBytes(certificate.info.keyBits));
    }
    return signature;
}

nlohmann::json HashSigningRequest::algorithmJson() const {
    return {
        {"signatureScheme", signatureSchemeName(scheme)},
        {"hashAlgorithm", hashAlgorithmName(hash)},
        {"ecdsaFormat", scheme == SignatureScheme::Ecdsa ? nlohmann::json(rawEcdsa ? "raw" : "der")
                                                         : nlohmann::json(nullptr)},
        {"certificate", base64Encode(certificate.record.der)}};
}

void parseKeyParams(const Params& params, HashSigningRequest& request) {
    request.thumbprint = params.requiredString("thumbprint", 128);
    // 200 characters of Vietnamese text take up to 800 bytes of UTF-8.
    request.description = params.optionalString("description", 800).value_or("");
    if (const auto scheme = params.optionalString("signatureScheme", 32)) {
        request.requestedScheme = parseSignatureScheme(*scheme);
    }
}

HashSigningRequest parseHashSigningRequest(const Params& params) {
    HashSigningRequest request;
    parseKeyParams(params, request);
    request.hash = parseHashAlgorithm(params.requiredString("hashAlgorithm", 16));
    const auto format = params.optionalString("ecdsaFormat", 8).value_or("raw");
    if (format != "raw" && format != "der") {
        throw Error(ErrorCode::InvalidRequest, "params.ecdsaFormat must be raw or der",
                    {{"field", "params.ecdsaFormat"}});
    }
    request.rawEcdsa = format == "raw";
    return request;
}

void chooseCertificate(HashSigningRequest& request, HostServices& services) {
    request.certificate = findSigningCertificate(services, request.thumbprint);
    const KeyType key = request.certificate.info.keyType;
    request.scheme = request.requestedScheme.value_or(
        key == KeyType::Ec ? SignatureScheme::Ecdsa : SignatureScheme::RsaPkcs1v15);
    if (!schemeFitsKey(request.scheme, key)) {
        throw Error(ErrorCode::UnsupportedAlgorithm, std::string("a ") + keyTypeName(key) +
                                                         " key cannot sign " +
                                                         signatureSchemeName(request.scheme));
    }
}

}  // namespace kyso
