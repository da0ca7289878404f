#include "commands/signing_key.hpp"

#include <algorithm>
#include <ctime>

#include "core/error.hpp"
#include "core/time_format.hpp"

namespace kyso {
namespace {

// Asks the user through the host's own dialogs, saying who asks, for what, with which key.
class PromptPinSource : public PinSource {
  public:
    PromptPinSource(Prompter& prompter, DialogContext dialog)
        : prompter_(prompter), dialog_(std::move(dialog)) {}

    std::optional<SecureString> pin(const PinRequest& request) override {
        return prompter_.askPin(dialog_, request);
    }

    std::unique_ptr<Notice> pinPadNotice(const PinRequest& /*request*/) override {
        class Holder : public Notice {
          public:
            explicit Holder(std::unique_ptr<Prompter::Notice> inner) : inner_(std::move(inner)) {}

          private:
            std::unique_ptr<Prompter::Notice> inner_;
        };
        return std::make_unique<Holder>(prompter_.pinPadNotice(dialog_));
    }

    // The same dialog as the PIN's (who asks, what, documents, certificate), saying that this
    // token needs no PIN, so that pressing OK is what signs.
    bool consent(const PinRequest& /*request*/) override {
        DialogContext consent = dialog_;
        consent.withoutPin = true;
        return prompter_.confirm(consent);
    }

  private:
    Prompter& prompter_;
    DialogContext dialog_;
};

bool anyTokenPresent(HostServices& services) {
    const auto modules = services.tokens.modules();
    return std::any_of(modules.begin(), modules.end(),
                       [](const ModuleReport& m) { return !m.tokens.empty(); });
}

}  // namespace

ChosenCertificate findSigningCertificate(HostServices& services, const std::string& thumbprint) {
    std::string wanted = thumbprint;
    std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (auto& record : services.tokens.certificates()) {
        if (record.thumbprint == wanted && record.hasPrivateKey) {
            auto info = readCertificateCached(record.thumbprint, record.der);
            requireValidAt(info, record.thumbprint, std::time(nullptr));
            return {std::move(record), std::move(info)};
        }
    }
    if (!anyTokenPresent(services)) {
        throw Error(ErrorCode::TokenNotFound, "no token is present");
    }
    throw Error(ErrorCode::CertificateNotFound,
                "no certificate with a private key has thumbprint " + wanted,
                {{"thumbprint", wanted}});
}

ChosenCertificate findOnlyLoginCertificate(HostServices& services) {
    std::vector<ChosenCertificate> usable;
    const auto now = std::time(nullptr);
    for (auto& record : services.tokens.certificates()) {
        if (!record.hasPrivateKey) {
            continue;
        }
        auto info = readCertificateCached(record.thumbprint, record.der);
        const auto& usage = info.keyUsage;
        const bool forLogin = usage.empty() || std::find(usage.begin(), usage.end(),
                                                         "digitalSignature") != usage.end();
        if (forLogin && info.validAt(now)) {
            usable.push_back({std::move(record), std::move(info)});
        }
    }
    if (usable.size() == 1) {
        return std::move(usable.front());
    }
    if (usable.empty()) {
        if (!anyTokenPresent(services)) {
            throw Error(ErrorCode::TokenNotFound, "no token is present");
        }
        throw Error(ErrorCode::CertificateNotFound, "no valid login certificate on the tokens");
    }
    throw Error(ErrorCode::InvalidRequest,
                "several certificates can log in: name one with params.thumbprint",
                {{"field", "params.thumbprint"}});
}

DialogContext dialogFor(const RequestContext& request, OperationKind operation,
                        const std::optional<ChosenCertificate>& certificate) {
    DialogContext dialog;
    dialog.origin = request.fromCli ? std::string("kyso-host") : request.origin;
    dialog.lang = request.lang;
    dialog.operation = operation;
    if (certificate) {
        dialog.certificate = CertificateSummary{certificate->info.subject.commonName,
                                                certificate->info.issuer.commonName,
                                                isoLocalTime(certificate->info.notAfter)};
    }
    return dialog;
}

ConsentedKey::ConsentedKey(HostServices& services, const ChosenCertificate& certificate,
                           DialogContext dialog)
    : pins_(std::make_unique<PromptPinSource>(services.prompter, std::move(dialog))),
      session_(services.tokens.openKey(certificate.record.thumbprint, *pins_)) {}

ConsentedKey::~ConsentedKey() = default;

}  // namespace kyso
