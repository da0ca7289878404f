#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pin_request.hpp"
#include "core/secure_string.hpp"

namespace kyso {

enum class Language { Vi, En };

enum class OperationKind { ListCertificates, SignHash, Authenticate, SignPdf, SignPdfBatch };

// Who the dialog is about: shown so the user knows which certificate will be used.
struct CertificateSummary {
    std::string holder;    // subject common name (UTF-8)
    std::string issuer;    // issuer common name
    std::string notAfter;  // ISO 8601 local time
};

// Everything a dialog tells the user: who asks, what for, with which certificate.
struct DialogContext {
    std::string origin;  // as the browser reported it; "kyso-host (command line)" for the CLI
    Language lang = Language::Vi;
    OperationKind operation = OperationKind::SignHash;
    std::vector<std::string> documents;  // names of documents being signed, if any
    std::string siteDescription;         // the site's own words, shown as such (<= 200 chars)
    std::optional<CertificateSummary> certificate;
};

// The user's side of the host. Implementations: pinentry (prompt/pinentry_prompter.*).
// Every method throws kyso::Error with TIMEOUT when the user does not answer in time and
// PROMPT_FAILED when the dialog program is missing or broke.
class Prompter {
public:
    class Notice {
    public:
        virtual ~Notice() = default;  // closes the message
    };

    virtual ~Prompter() = default;
    // Asks the user to allow the operation; false when they refuse or close the dialog.
    virtual bool confirm(const DialogContext& context) = 0;
    // The PIN the user typed, or nullopt when they cancelled.
    virtual std::optional<SecureString> askPin(const DialogContext& context,
                                               const PinRequest& request) = 0;
    // Shows "enter your PIN on the PIN pad" until the returned notice is destroyed.
    virtual std::unique_ptr<Notice> pinPadNotice(const DialogContext& context) = 0;
};

struct PinentrySettings {
    std::string program;       // path or name on PATH
    int timeoutSeconds = 120;  // the user has this long to answer a dialog
};

std::unique_ptr<Prompter> makePinentryPrompter(PinentrySettings settings);

}  // namespace kyso
