#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pin_request.hpp"
#include "core/secure_string.hpp"

namespace kyso {

enum class Language { Vi, En };

enum class OperationKind {
    ListCertificates,
    SignHash,
    Authenticate,
    SignPdf,
    SignPdfBatch,
    SignPrepared,  // CMS signed attributes a site's server prepared (signPrepared)
};

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
    // Text the signature adds to the documents (the clerk's number and date, a copy mark):
    // the user sees what they put their name under.
    std::vector<std::string> additions;
    // The host's own warnings about what is signed (a document's scripts or actions), in the
    // dialog's language: shown whole, each on its own line, after what is asked and added.
    std::vector<std::string> warnings;
    std::string siteDescription;  // the site's own words, shown as such (<= 200 chars)
    // The signing time a prepared signature states (ISO 8601, local time), if it states one.
    std::string statedSigningTime;
    std::optional<CertificateSummary> certificate;
    // The token asks no PIN (CKF_LOGIN_REQUIRED clear): this confirmation is the only thing
    // between the request and the signature, and says so.
    bool withoutPin = false;
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
    std::string program;       // path or name on PATH; resolved through findPinentry()
    int timeoutSeconds = 120;  // the user has this long to answer a dialog (clamped to 1..3600)
};

// The host gives a pinentry this much longer than its own SETTIMEOUT before killing it, so a
// pinentry that honours the timeout reports it itself and one that hangs cannot hold us.
constexpr int kPinentryDeadlineMarginSeconds = 3;

// One pinentry process per dialog, spoken to in Assuan (prompt/pinentry_prompter.cpp).
std::unique_ptr<Prompter> makePinentryPrompter(const PinentrySettings& settings);

// Which pinentry to run: env KYSO_PINENTRY if set, else `configured` if not empty, else the
// first of pinentry (Debian's alternative), pinentry-gnome3, pinentry-qt, pinentry-gtk-2,
// pinentry-curses, pinentry-tty found on PATH. Returns the program as given or its full path,
// "" when none is found (doctor reports that).
std::string findPinentry(const std::string& configured);

}  // namespace kyso
