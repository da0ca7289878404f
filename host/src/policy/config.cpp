#include "policy/config.hpp"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "core/error.hpp"
#include "platform/paths.hpp"
#include "policy/origin.hpp"

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

// An origin list: every entry must be an origin pattern. A deny entry that could never match
// ("evil.vn", "https://evil.vn/") would quietly let the site in, so it makes the file invalid.
std::vector<std::string> originList(const nlohmann::json& value, const char* key) {
    auto patterns = stringList(value, key);
    for (const auto& pattern : patterns) {
        if (!parseOriginPattern(pattern)) {
            throw Error(ErrorCode::InvalidRequest,
                        std::string(key) + ": '" + pattern.substr(0, 100) +
                            "' is not an origin pattern (https://host, https://*.domain, "
                            "optionally :port)");
        }
    }
    return patterns;
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

enum class FileRead { Missing, Read, Failed };

// Reads `path` whole. Only a file that is not there counts as missing: one that exists but
// cannot be opened or read (permissions, a directory, an I/O error) is a failure, with why.
FileRead readWholeFile(const std::string& path, std::string& text, std::string& why) {
    std::error_code ec;
    if (std::filesystem::symlink_status(path, ec).type() == std::filesystem::file_type::not_found) {
        return FileRead::Missing;
    }
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) {
        why = "it is a symbolic link to a file that does not exist";
        return FileRead::Failed;
    }
    if (ec) {
        why = ec.message();
        return FileRead::Failed;
    }
    if (std::filesystem::is_directory(status)) {
        why = "it is a directory";
        return FileRead::Failed;
    }
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int error = errno;
        why = error != 0 ? std::generic_category().message(error) : "it cannot be opened";
        return FileRead::Failed;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        why = "it cannot be read";
        return FileRead::Failed;
    }
    text = content.str();
    return FileRead::Read;
}

// All or nothing: a file with one bad key changes no setting. Returns why it was not applied
// (empty: applied or missing).
std::string loadFile(Config& config, const std::string& path, bool fromPolicy) {
    std::string text;
    std::string why;
    const auto read = readWholeFile(path, text, why);
    if (read == FileRead::Missing) {
        return {};  // no file: defaults
    }
    if (read == FileRead::Read) {
        try {
            Config updated = config;
            applyConfigJson(updated, text, fromPolicy);
            config = std::move(updated);
            config.loadedFiles.push_back(path);
            return {};
        } catch (const Error& e) {
            why = e.what();
        }
    }
    return why;
}

}  // namespace

bool policyPathFromEnvironment() {
#ifdef KYSO_TEST_HOOKS
    return true;
#else
    return false;
#endif
}

std::string systemPolicyPath() {
    if (policyPathFromEnvironment()) {
        return envOr("KYSO_POLICY", platform::systemPolicyFile());
    }
    return platform::systemPolicyFile();
}
std::string userConfigPath() {
    return envOr("KYSO_CONFIG", platform::userConfigFile());
}

void applyConfigJson(Config& config, const std::string& text, bool fromPolicy) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without the
        // library's tag: doctor shows it to IT.
        std::string what = e.what();
        const auto tag = what.find("] ");
        throw Error(ErrorCode::InvalidRequest,
                    "not valid JSON: " + (tag == std::string::npos ? what : what.substr(tag + 2)));
    }
    if (!doc.is_object()) {
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
            auto origins = originList(value, "allowedOrigins");
            if (fromPolicy) {
                config.allowedOrigins.clear();
            }
            config.allowedOrigins.insert(config.allowedOrigins.end(), origins.begin(),
                                         origins.end());
        } else if (key == "deniedOrigins") {
            auto origins = originList(value, "deniedOrigins");
            config.deniedOrigins.insert(config.deniedOrigins.end(), origins.begin(), origins.end());
        } else if (key == "hashSigningOrigins") {
            // Only IT may grant digest signing: the key in the user's file is ignored.
            if (fromPolicy) {
                config.hashSigningOrigins = originList(value, "hashSigningOrigins");
            }
        } else if (key == "maxRequestBytes") {
            const auto bytes = typed<std::uint64_t>(value, "maxRequestBytes");
            if (bytes < 1024U * 1024U || bytes > 4096ULL * 1024U * 1024U) {
                throw Error(ErrorCode::InvalidRequest, "maxRequestBytes must be 1 MiB..4 GiB");
            }
            config.maxRequestBytes = static_cast<std::size_t>(bytes);
        } else if (key == "refuseActiveContent") {
            // Only narrows: true in either file wins (docs/configuration.md).
            const bool refuse = typed<bool>(value, "refuseActiveContent");
            config.refuseActiveContent = config.refuseActiveContent || refuse;
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
    const auto userPath = userConfigPath();
    if (auto why = loadFile(config, userPath, false); !why.empty()) {
        config.problems.push_back(userPath + ": " + why);
    }
    const auto policyPath = systemPolicyPath();
    if (auto why = loadFile(config, policyPath, true); !why.empty()) {
        config.brokenPolicy = BrokenPolicy{policyPath, why};
    }
    return config;
}

}  // namespace kyso
