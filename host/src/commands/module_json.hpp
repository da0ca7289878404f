#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "token/token_manager.hpp"

namespace kyso {

// The protocol's JSON forms of token-room reports (docs/protocol.md, status).
nlohmann::json tokenJson(const TokenState& token);
nlohmann::json modulesJson(const std::vector<ModuleReport>& modules);

}  // namespace kyso
