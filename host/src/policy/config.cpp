#include "policy/config.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "platform/paths.hpp"

namespace kyso {
namespace {

std::vector<std::string> stringList(const nlohmann::json& value, const char* key) {
    if (!value.is_array()) {
        throw Error(ErrorCode::InvalidRequest, std::string(key) + " must be a list of strings");
    }
    std::vector<std::string> out;
    for (const auto& item : value) {
        if (!item.is_string()) {
            throw Error(ErrorCode::InvalidRequest, std::string(key) + " must be a list of strings");
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

template <typename T>
T typed(const nlohmann::json& value, const char* key) {
    try {
        return value.get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::InvalidRequest, std::string(key) + " has the wrong type");
    }
}

std::string envOr(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

void loadFile(Config& config, const std::string& path, bool fromPolicy) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return;  // no file: defaults
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        // All or nothing: a file with one bad key changes no setting.
        Config updated = config;
        applyConfigJson(updated, text.str(), fromPolicy);
        config = std::move(updated);
        config.loadedFiles.push_back(path);
    } catch (const Error& e) {
        config.problems.push_back(path + ": " + e.what());
    }
}

}  // namespace

std::string systemPolicyPath() {
    return envOr("KYSO_POLICY", platform::systemPolicyFile());
}
std::string userConfigPath() {
    return envOr("KYSO_CONFIG", platform::userConfigFile());
}

void applyConfigJson(Config& config, const std::string& text, bool fromPolicy) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        throw Error(ErrorCode::InvalidRequest, "not a JSON object");
    }
    for (const auto& [key, value] : doc.items()) {
        if (key == "pkcs11Modules") {
            // Modules IT names are tried before the user's own.
            auto modules = stringList(value, "pkcs11Modules");
            config.pkcs11Modules.insert(
                fromPolicy ? config.pkcs11Modules.begin() : config.pkcs11Modules.end(),
                modules.begin(), modules.end());
        } else if (key == "discoverModules") {
            config.discoverModules = typed<bool>(value, "discoverModules");
        } else if (key == "pinentry") {
            config.pinentry = typed<std::string>(value, "pinentry");
        } else if (key == "dialogTimeoutSeconds") {
            config.dialogTimeoutSeconds = typed<int>(value, "dialogTimeoutSeconds");
            if (config.dialogTimeoutSeconds < 5 || config.dialogTimeoutSeconds > 3600) {
                throw Error(ErrorCode::InvalidRequest, "dialogTimeoutSeconds must be 5..3600");
            }
        } else if (key == "language") {
            config.defaultLanguage = typed<std::string>(value, "language") == "en" ? "en" : "vi";
        } else if (key == "allowInsecureLocalhost") {
            config.allowInsecureLocalhost = typed<bool>(value, "allowInsecureLocalhost");
        } else if (key == "allowedOrigins") {
            // An IT allow-list replaces whatever the user listed.
            auto origins = stringList(value, "allowedOrigins");
            if (fromPolicy) {
                config.allowedOrigins.clear();
            }
            config.allowedOrigins.insert(config.allowedOrigins.end(), origins.begin(),
                                         origins.end());
        } else if (key == "deniedOrigins") {
            auto origins = stringList(value, "deniedOrigins");
            config.deniedOrigins.insert(config.deniedOrigins.end(), origins.begin(), origins.end());
        } else if (key == "maxRequestBytes") {
            const auto bytes = typed<std::uint64_t>(value, "maxRequestBytes");
            if (bytes < 1024U * 1024U || bytes > 4096ULL * 1024U * 1024U) {
                throw Error(ErrorCode::InvalidRequest, "maxRequestBytes must be 1 MiB..4 GiB");
            }
            config.maxRequestBytes = static_cast<std::size_t>(bytes);
        } else if (key == "blobExpirySeconds") {
            config.blobExpirySeconds = typed<int>(value, "blobExpirySeconds");
            if (config.blobExpirySeconds < 1 || config.blobExpirySeconds > 3600) {
                throw Error(ErrorCode::InvalidRequest, "blobExpirySeconds must be 1..3600");
            }
        } else if (key == "cancelBackoffSeconds") {
            config.cancelBackoffSeconds = typed<int>(value, "cancelBackoffSeconds");
            if (config.cancelBackoffSeconds < 1 || config.cancelBackoffSeconds > 600) {
                throw Error(ErrorCode::InvalidRequest, "cancelBackoffSeconds must be 1..600");
            }
        } else if (key == "tsaUrl") {
            config.tsaUrl = typed<std::string>(value, "tsaUrl");
        } else if (key == "tsaTimeoutSeconds") {
            config.tsaTimeoutSeconds = typed<int>(value, "tsaTimeoutSeconds");
            if (config.tsaTimeoutSeconds < 2 || config.tsaTimeoutSeconds > 600) {
                throw Error(ErrorCode::InvalidRequest, "tsaTimeoutSeconds must be 2..600");
            }
        } else if (key == "chainCertificates") {
            auto files = stringList(value, "chainCertificates");
            config.chainCertificates.insert(config.chainCertificates.end(), files.begin(),
                                            files.end());
        } else if (key == "logFile") {
            config.logFile = typed<std::string>(value, "logFile");
        }
        // Unknown keys are ignored so that a newer file works with an older host.
    }
}

Config loadConfig() {
    // The user's file first, then IT policy on top: policy switches win, its allow-list
    // replaces the user's, deny-lists add up.
    Config config;
    loadFile(config, userConfigPath(), false);
    loadFile(config, systemPolicyPath(), true);
    return config;
}

}  // namespace kyso
