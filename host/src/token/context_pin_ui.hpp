#pragma once

#include <openssl/ui.h>

#include <exception>

#include "core/pin_request.hpp"
#include "token/token_manager.hpp"

namespace kyso {

// libp11 asks for the PIN of a CKA_ALWAYS_AUTHENTICATE key (CKU_CONTEXT_SPECIFIC login)
// through an OpenSSL UI_METHOD, in the middle of EVP_PKEY_sign. This is the state our
// UI_METHOD works on: the signing code fills it before the call and reads it after.
struct ContextPinPrompt {
    PinSource* pins = nullptr;  // null outside a signature: the UI then refuses
    PinRequest request;         // contextSpecific = true, with the token's fresh flags
    int asks = 0;
    bool cancelled = false;
    bool unusable = false;       // a PIN libp11 cannot pass on (fewer than 4 or over 32 bytes)
    std::exception_ptr failure;  // what the PinSource threw (TIMEOUT, PROMPT_FAILED): no
                                 // exception may cross libp11's C frames, so it waits here

    void prepare(PinSource& source, const PinRequest& what) {
        pins = &source;
        request = what;
        asks = 0;
        cancelled = unusable = false;
        failure = nullptr;
    }
};

// The process-wide UI_METHOD whose reader asks ContextPinPrompt::pins (the UI's user data).
// Every module context gets it at load, so libp11 never falls back to OpenSSL's console UI,
// which would read the browser's pipe as if it were a terminal.
UI_METHOD* contextPinUiMethod();

}  // namespace kyso
