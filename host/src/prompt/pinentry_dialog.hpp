#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "prompt/assuan_client.hpp"
#include "prompt/dialog_text.hpp"

// The steps every pinentry dialog shares: options, texts, and reading the user's answer.
namespace kyso {

// The OPTION lines for this host's situation (terminal, locale), read from the environment.
// Called on the caller's thread: the environment is not safe to read beside a setenv().
std::vector<std::string> pinentryOptions();

// Reads the greeting and sends `options`, then the texts. `timeoutSeconds` 0: no SETTIMEOUT.
// False when the client's stop descriptor fired meanwhile.
bool setUpDialog(AssuanClient& client, const std::vector<std::string>& options,
                 const DialogTexts& texts, int timeoutSeconds);

enum class DialogOutcome { Accepted, Cancelled, NotConfirmed, Stopped };

// OK, cancel and "not confirmed" are answers; GPG_ERR_TIMEOUT throws TIMEOUT and any other
// error PROMPT_FAILED.
DialogOutcome interpretAnswer(const AssuanClient::Reply& reply);

}  // namespace kyso
