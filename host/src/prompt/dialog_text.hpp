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

}  // namespace kyso
