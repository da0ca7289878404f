#pragma once

#include <string>
#include <vector>

#include "token/module_locations.hpp"
#include "token/token_manager.hpp"

namespace kyso {

struct ModuleSearch {
    std::vector<std::string> configuredPaths;  // source "config", tried first, even if missing
    bool discover = true;  // also p11-kit's registry and the known vendor locations
};

// The modules to try, in order: configured paths (kept even when the file is missing, so
// the user sees why their module did not load), then registered and vendor modules that
// exist. Each module once: later entries whose real path was already listed are dropped.
std::vector<ModuleSpec> findModules(const ModuleSearch& search, const ModuleLocations& where);
inline std::vector<ModuleSpec> findModules(const ModuleSearch& search) {
    return findModules(search, platformModuleLocations());
}

}  // namespace kyso
