#include "commands/sign_hash.hpp"

#include "commands/signing_key.hpp"
#include "core/ecdsa_format.hpp"
#include "core/error.hpp"
#include "protocol/params.hpp"

namespace kyso {

CommandResult SignHashCommand::run(RequestContext& request, HostServices& services) {
    const Params params(request);
    const auto thumbprint = params.requiredString("thumbprint", 128);
    const auto hash = parseHashAlgorithm(params.requiredString("hashAlgorithm", 16));
    const auto digest = params.requiredBinary("hash");
    if (digest->size() != digestSize(hash)) {
        throw Error(ErrorCode::InvalidRequest,
                    std::string("params.hash must be ") + std::to_string(digestSize(hash)) +
                        " bytes for " + hashAlgorithmName(hash) + ", got " +
                        std::to_string(digest->size()),
                    {{"field", "params.hash"}});
    }
    const auto format = params.optionalString("ecdsaFormat", 8).value_or("raw");
    if (format != "raw" && format != "der") {
        throw Error(ErrorCode::InvalidRequest, "params.ecdsaFormat must be raw or der",
                    {{"field", "params.ecdsaFormat"}});
    }
    const auto description = params.optionalString("description", 200 * 4).value_or("");

    auto certificate = findSigningCertificate(services, thumbprint);
    const auto schemeName = params.optionalString("signatureScheme", 32);
    const auto scheme =
        schemeName ? parseSignatureScheme(*schemeName)
                   : (certificate.info.keyType == KeyType::Ec ? SignatureScheme::Ecdsa
                                                              : SignatureScheme::RsaPkcs1v15);
    if (!schemeFitsKey(scheme, certificate.info.keyType)) {
        throw Error(ErrorCode::UnsupportedAlgorithm,
                    std::string("a ") + keyTypeName(certificate.info.keyType) +
                        " key cannot sign " + signatureSchemeName(scheme));
    }

    auto dialog = dialogFor(request, OperationKind::SignHash, certificate);
    dialog.siteDescription = description;
    request.progress({{"stage", "waiting-for-user"}});
    ConsentedKey key(services, certificate, std::move(dialog));
    request.progress({{"stage", "signing"}});
    Bytes signature = key.key().signDigest(hash, scheme, *digest);
    const bool raw = scheme == SignatureScheme::Ecdsa && format == "raw";
    if (raw) {
        signature = ecdsaDerToRaw(signature, ecdsaFieldBytes(certificate.info.keyBits));
    }

    CommandResult out;
    out.result = {{"signature", base64Encode(signature)},
                  {"signatureScheme", signatureSchemeName(scheme)},
                  {"hashAlgorithm", hashAlgorithmName(hash)},
                  {"ecdsaFormat", scheme == SignatureScheme::Ecdsa ? nlohmann::json(format)
                                                                   : nlohmann::json(nullptr)},
                  {"certificate", base64Encode(certificate.record.der)}};
    return out;
}

}  // namespace kyso
