#pragma once

#include <string>

// What differs per operating system lives behind these small functions; a Windows or macOS
// port adds its own paths_<os>.cpp (selected in CMake) and nothing else changes.
namespace kyso::platform {

// The IT department's policy file (Linux: /etc/kyso/policy.json).
std::string systemPolicyFile();
// The user's own configuration (Linux: $XDG_CONFIG_HOME/kyso/config.json).
std::string userConfigFile();
// Puts stdin/stdout in binary mode (no newline translation) for native messaging frames.
void setBinaryStdio();

}  // namespace kyso::platform
