#pragma once

#include <string>

#include "core/pin_request.hpp"
#include "prompt/prompter.hpp"

// What the dialogs say, in the user's language (messages.cpp holds the catalog). Every text
// here is plain UTF-8; escaping and the Assuan line limit are the caller's business, except
// that descriptions are built to fit one SETDESC line.
namespace kyso {

struct DialogTexts {
    std::string title;
    std::string description;
    std::string prompt;  // GETPIN only
    std::string error;   // shown as a warning line; empty for none
    std::string okLabel;
    std::string cancelLabel;
};

// "Allow this site to see your certificates?" (listCertificates) and other consents.
DialogTexts confirmTexts(const DialogContext& context);
// Asking for the PIN; `emptyBefore` when the user just pressed OK with an empty field.
DialogTexts pinTexts(const DialogContext& context, const PinRequest& request, bool emptyBefore);
// "Enter your PIN on the device's keypad" while a PIN pad is used.
DialogTexts pinPadTexts(const DialogContext& context);

// At most this many document names are listed; the rest are counted ("… và 95 tài liệu khác").
constexpr std::size_t kMaxListedDocuments = 5;

// The description is one Assuan line: "SETDESC " and the percent-escaped text in 1,000 bytes
// (assuan.hpp), so 992 escaped bytes; a newline costs 3 ("%0A"), as does a '%'.
constexpr std::size_t kDescriptionBudget = 992;

// Certificate holder and issuer are shown up to this many characters (X.520's
// ub-common-name) and this many bytes (40 Vietnamese letters of 3 bytes, 29 four-byte
// characters, then "…"), so that the longest origin, the certificate, the consent line and a
// warning of the host's always fit the budget together (tests/unit/prompt/dialog_budget_test).
constexpr std::size_t kCertificateNameChars = 64;
constexpr std::size_t kCertificateNameBytes = 120;

// How the description is laid out (every dialog of the host):
//   who asks (the origin, never shortened: at most 255 ASCII characters)
//   what is asked (operation; document name(s))
//   the text the signature adds (fills, copy mark: never shortened, see requiredTextFits)
//   the host's warnings (never shortened)
//   the site's description
//   the certificate: holder, issuer, expiry
//   the consent line(s)
// Page-supplied text (the site's description, then the document list, then document names)
// is what gets shortened to fit, visibly: "… (N characters left out)" for the description,
// "… and N more documents" for the list, "…" in a name.
//
// True when every dialog `context` can lead to (the consent, the PIN dialog, a PIN for one
// signature, the PIN-pad notice, the no-PIN consent) fits the budget with the never-shortened
// parts whole. Commands ask before any dialog and refuse fills that would not fit.
bool requiredTextFits(const DialogContext& context);

}  // namespace kyso
