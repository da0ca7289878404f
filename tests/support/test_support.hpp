#pragma once

// What every test binary needs: running a command line, reading files, finding identities and
// tokens in the shared fixtures (tests/fixtures/make-tokens.sh writes fixtures.json).

#include <nlohmann/json.hpp>
#include <string>

#include "core/bytes.hpp"

namespace kyso::testing {

struct CommandOutput {
    int status = -1;     // the exit status, -1 if it did not exit normally
    std::string output;  // stdout and stderr together
};

// Runs `command` through the shell.
CommandOutput runCommand(const std::string& command);

// The whole file; empty when it cannot be read.
std::string readText(const std::string& path);
Bytes readBytes(const std::string& path);

// fixtures.json in `dir`, made by make-tokens.sh first if it is not there yet.
nlohmann::json loadFixtures(const std::string& dir);

// Entries of a fixtures.json document; throw std::runtime_error when absent.
const nlohmann::json& fixtureIdentity(const nlohmann::json& fixtures, const std::string& name);
std::string fixtureTokenPin(const nlohmann::json& fixtures, const std::string& label);

}  // namespace kyso::testing
