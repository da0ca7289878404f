#include "commands/sign_hash.hpp"

#include "commands/hash_request.hpp"
#include "core/error.hpp"
#include "policy/operation_policy.hpp"

namespace kyso {

CommandResult SignHashCommand::run(RequestContext& request, HostServices& services) {
    // A digest the page chose may be another site's login: only origins IT trusts with that.
    requireDigestSigningAllowed(request.origin, request.fromCli, std::string(name()),
                                services.config);
    const Params params(request);
    auto signing = parseHashSigningRequest(params);
    const auto digest = params.requiredBinary("hash");
    signing.checkDigest(*digest, "params.hash");
    chooseCertificate(signing, services);

    auto dialog = dialogFor(request, OperationKind::SignHash, signing.certificate);
    dialog.siteDescription = signing.description;
    request.progress({{"stage", "waiting-for-user"}});
    ConsentedKey key(services, signing.certificate, std::move(dialog));
    request.progress({{"stage", "signing"}});

    CommandResult out;
    out.result = signing.algorithmJson();
    out.result["signature"] = base64Encode(signing.sign(key.key(), *digest));
    return out;
}

CommandResult SignHashesCommand::run(RequestContext& request, HostServices& services) {
    requireDigestSigningAllowed(request.origin, request.fromCli, std::string(name()),
                                services.config);
    const Params params(request);
    const auto& hashes = request.params.value("hashes", nlohmann::json());
    if (!hashes.is_array() || hashes.empty() || hashes.size() > kMaxHashes) {
        throw Error(ErrorCode::InvalidRequest,
                    "params.hashes must be a list of 1 to " + std::to_string(kMaxHashes) +
                        " base64 digests",
                    {{"field", "params.hashes"}});
    }
    auto signing = parseHashSigningRequest(params);
    // Every digest is checked before the user is asked: a bad batch never costs a PIN.
    std::vector<Bytes> digests;
    digests.reserve(hashes.size());
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        const std::string field = "params.hashes[" + std::to_string(i) + "]";
        if (!hashes[i].is_string()) {
            throw Error(ErrorCode::InvalidRequest, field + " must be base64", {{"field", field}});
        }
        digests.push_back(base64Decode(hashes[i].get_ref<const std::string&>(), field));
        signing.checkDigest(digests.back(), field);
    }
    chooseCertificate(signing, services);

    // A batch dialog: "sign N documents", with their names.
    auto dialog = dialogFor(request, OperationKind::SignPdfBatch, signing.certificate);
    dialog.siteDescription = signing.description;
    // The dialog lists what is signed: the site's names for the items if it gave them.
    const auto& names = request.params.value("names", nlohmann::json::array());
    for (std::size_t i = 0; i < digests.size(); ++i) {
        const bool named = names.is_array() && i < names.size() && names[i].is_string();
        dialog.documents.push_back(named ? names[i].get<std::string>().substr(0, 200)
                                         : "#" + std::to_string(i + 1));
    }
    request.progress({{"stage", "waiting-for-user"}});
    ConsentedKey key(services, signing.certificate, std::move(dialog));

    CommandResult out;
    out.result = signing.algorithmJson();
    auto& signatures = out.result["signatures"] = nlohmann::json::array();
    for (std::size_t i = 0; i < digests.size(); ++i) {
        signatures.push_back(base64Encode(signing.sign(key.key(), digests[i])));
        if ((i + 1) % 50 == 0 || i + 1 == digests.size()) {
            request.progress({{"stage", "signing"}, {"done", i + 1}, {"total", digests.size()}});
        }
    }
    return out;
}

}  // namespace kyso
