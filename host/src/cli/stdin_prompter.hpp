#pragma once

#include <memory>

#include "prompt/prompter.hpp"

namespace kyso {

// For scripts (`--pin-stdin`): the PIN is one line of stdin, used once. A wrong PIN is never
// retried: the second ask is answered "cancel", which gives PIN_INCORRECT. The local user
// running the command is the consent, so confirmations are granted.
std::unique_ptr<Prompter> makeStdinPrompter();

}  // namespace kyso
