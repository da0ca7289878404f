#include "test_support.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kyso::testing {

CommandOutput runCommand(const std::string& command) {
    CommandOutput result;
    std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("popen failed: " + command);
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Bytes readBytes(const std::string& path) {
    const auto text = readText(path);
    return {text.begin(), text.end()};
}

nlohmann::json loadFixtures(const std::string& dir) {
    const std::string file = dir + "/fixtures.json";
    if (readText(file).empty()) {
        const auto made = runCommand(std::string(KYSO_SOURCE_DIR) +
                                     "/tests/fixtures/make-tokens.sh '" + dir + "'");
        if (made.status != 0) {
            throw std::runtime_error("make-tokens.sh failed: " + made.output);
        }
    }
    return nlohmann::json::parse(readText(file));
}

const nlohmann::json& fixtureIdentity(const nlohmann::json& fixtures, const std::string& name) {
    for (const auto& entry : fixtures["identities"]) {
        if (entry["name"] == name) {
            return entry;
        }
    }
    throw std::runtime_error("no fixture identity " + name);
}

std::string fixtureTokenPin(const nlohmann::json& fixtures, const std::string& label) {
    for (const auto& token : fixtures["tokens"]) {
        if (token["label"] == label) {
            return token["userPin"];
        }
    }
    throw std::runtime_error("no fixture token " + label);
}

}  // namespace kyso::testing
