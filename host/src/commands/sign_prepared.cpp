#include "commands/sign_prepared.hpp"

#include "commands/hash_request.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "crypto/prepared_attributes.hpp"

namespace kyso {

CommandResult SignPreparedCommand::run(RequestContext& request, HostServices& services) {
    const Params params(request);
    // One kind today; XMLDSig SignedInfo would be another, with its own reader.
    const auto kind = params.requiredString("kind", 64);
    if (kind != "cms-signed-attributes") {
        params.fail("kind", "must be \"cms-signed-attributes\"");
    }
    HashSigningRequest signing;
    parseKeyParams(params, signing);
    signing.hash =
        parseHashAlgorithm(params.optionalString("hashAlgorithm", 16).value_or("SHA-256"));
    signing.rawEcdsa = false;  // a CMS SignerInfo holds the DER ECDSA-Sig-Value
    const auto data = params.requiredBinary("data");
    if (data->size() > kMaxDataBytes) {
        params.fail("data", "must be at most " + std::to_string(kMaxDataBytes) + " bytes");
    }
    // What the bytes are is settled before a token is touched: anything but document signed
    // attributes (a Web eID preimage, a raw digest) is refused here.
    const PreparedSignedAttributes attributes(*data, signing.hash, params.pathOf("data"));
    const auto documentName = params.optionalString("documentName", 800);

    chooseCertificate(signing, services);
    attributes.requireSigner(signing.certificate.record.der);

    auto dialog = dialogFor(request, OperationKind::SignPrepared, signing.certificate);
    dialog.siteDescription = signing.description;
    if (documentName && !documentName->empty()) {
        dialog.documents.push_back(*documentName);
    }
    if (attributes.signingTime()) {
        dialog.statedSigningTime = isoLocalTime(*attributes.signingTime());
    }
    request.progress({{"stage", "waiting-for-user"}});
    ConsentedKey key(services, signing.certificate, std::move(dialog));
    request.progress({{"stage", "signing"}});

    CommandResult out;
    out.result = signing.algorithmJson();
    out.result["signature"] = base64Encode(signing.sign(key.key(), attributes.digest()));
    return out;
}

}  // namespace kyso
