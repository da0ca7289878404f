#pragma once

#include <string_view>

#include "prompt/assuan_client.hpp"
#include "prompt/dialog_text.hpp"

// The steps every pinentry dialog shares: options, texts, and reading the user's answer.
namespace kyso {

// Reads the greeting and sends the options and texts. `timeoutSeconds` 0: no SETTIMEOUT.
// False when the client's stop descriptor fired meanwhile.
bool setUpDialog(AssuanClient& client, const DialogTexts& texts, int timeoutSeconds);

enum class DialogOutcome { Accepted, Cancelled, NotConfirmed, Stopped };

// OK, cancel and "not confirmed" are answers; GPG_ERR_TIMEOUT throws TIMEOUT and any other
// error PROMPT_FAILED.
DialogOutcome interpretAnswer(const AssuanClient::Reply& reply);

}  // namespace kyso
