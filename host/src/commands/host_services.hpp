#pragma once

#include <string>
#include <vector>

#include "policy/config.hpp"
#include "prompt/prompter.hpp"
#include "token/token_manager.hpp"

namespace kyso {

// What command handlers work with. Owned by main (native messaging) or the CLI.
struct HostServices {
    const Config& config;
    TokenManager& tokens;
    Prompter& prompter;
    std::vector<std::string> commandNames;  // for status
};

}  // namespace kyso
