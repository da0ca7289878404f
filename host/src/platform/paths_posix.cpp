#include <cstdlib>

#include "platform/paths.hpp"

namespace kyso::platform {

std::string systemPolicyFile() {
    return "/etc/kyso/policy.json";
}

std::string userConfigFile() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
        return std::string(xdg) + "/kyso/config.json";
    }
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : "") + "/.config/kyso/config.json";
}

// POSIX streams have no text mode: nothing to do.
void setBinaryStdio() {}

}  // namespace kyso::platform
