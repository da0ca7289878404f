#include "commands/list_certificates.hpp"

#include "commands/module_json.hpp"
#include "commands/signing_key.hpp"
#include "core/error.hpp"
#include "crypto/certificate_info.hpp"
#include "protocol/params.hpp"

namespace kyso {
namespace {

// "present": the key (or its public half) was seen; "after-login": only the certificate is
// visible before the PIN, the key is looked up by CKA_ID then; "none": it cannot sign.
const char* keyPresenceName(KeyPresence presence) {
    switch (presence) {
        case KeyPresence::Present:
            return "present";
        case KeyPresence::AfterLogin:
            return "after-login";
        case KeyPresence::None:
            break;
    }
    return "none";
}

nlohmann::json schemesFor(KeyType key) {
    return key == KeyType::Rsa ? nlohmann::json{"RSA-PKCS1-v1_5", "RSA-PSS"}
                               : nlohmann::json{"ECDSA"};
}

}  // namespace

CommandResult ListCertificatesCommand::run(RequestContext& request, HostServices& services) {
    const bool includeExpired = Params(request).optionalBool("includeExpired", false);
    if (!request.fromCli) {
        request.progress({{"stage", "waiting-for-user"}});
        if (!services.prompter.confirm(
                dialogFor(request, OperationKind::ListCertificates, std::nullopt))) {
            throw Error(ErrorCode::UserCancelled, "the user did not allow listing certificates");
        }
    }
    const auto modules = services.tokens.modules();
    const auto now = std::time(nullptr);
    CommandResult out;
    auto& list = out.result["certificates"] = nlohmann::json::array();
    for (const auto& record : services.tokens.certificates()) {
        CertificateInfo info;
        try {
            info = readCertificateCached(record.thumbprint, record.der);
        } catch (const Error&) {
            continue;  // an object that is not a usable certificate is not the user's problem
        }
        if (!includeExpired && !info.validAt(now)) {
            continue;
        }
        auto entry = certificateJson(info);
        entry["thumbprint"] = record.thumbprint;
        entry["certificate"] = base64Encode(record.der);
        entry["hasPrivateKey"] = record.hasPrivateKey;
        entry["privateKey"] = keyPresenceName(record.keyPresence);
        entry["alwaysAuthenticate"] = record.alwaysAuthenticate;
        entry["signatureSchemes"] = schemesFor(info.keyType);
        auto token = tokenJson(record.token);
        token["module"] = record.modulePath;
        entry["token"] = std::move(token);
        list.push_back(std::move(entry));
    }
    out.result["modules"] = modulesJson(modules);
    return out;
}

}  // namespace kyso
