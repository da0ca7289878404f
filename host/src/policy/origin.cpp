#include "policy/origin.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/error.hpp"

namespace kyso {
namespace {

bool isHostChar(char c) {
    // Browsers send hosts lowercased and IDNs in punycode, so plain LDH plus dots, and
    // brackets/colons for IPv6 literals, is the whole alphabet.
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '[' ||
           c == ']' || c == ':';
}

bool isLoopback(const std::string& host) {
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

int defaultPort(const std::string& scheme) {
    return scheme == "https" ? 443 : 80;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() > suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A list entry that is not a pattern matches nothing; the configuration loader refuses such
// entries (config.cpp), so this only concerns lists built in code.
bool matchesAny(const Origin& origin, const std::vector<std::string>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& text) {
        const auto pattern = parseOriginPattern(text);
        return pattern && originMatches(origin, *pattern);
    });
}

}  // namespace

std::optional<Origin> parseOrigin(const std::string& text) {
    if (text.empty() || text.size() > 255) {
        return std::nullopt;
    }
    const auto sep = text.find("://");
    if (sep == std::string::npos) {
        return std::nullopt;
    }
    Origin origin;
    origin.text = text;
    origin.scheme = text.substr(0, sep);
    if (origin.scheme != "https" && origin.scheme != "http") {
        return std::nullopt;
    }
    std::string rest = text.substr(sep + 3);
    // A port follows the last ':' outside an IPv6 literal.
    const auto closeBracket = rest.rfind(']');
    const auto colon = rest.rfind(':');
    if (colon != std::string::npos && (closeBracket == std::string::npos || colon > closeBracket)) {
        const std::string port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            })) {
            return std::nullopt;
        }
        const int value = std::stoi(port);
        if (value < 1 || value > 65535) {
            return std::nullopt;
        }
        origin.port = value;
        rest = rest.substr(0, colon);
    }
    if (rest.empty() || !std::all_of(rest.begin(), rest.end(), isHostChar) || rest.front() == '.' ||
        rest.back() == '.') {
        return std::nullopt;
    }
    origin.host = rest;
    return origin;
}

std::optional<OriginPattern> parseOriginPattern(const std::string& text) {
    // Host names are case-insensitive; IT may well write "https://DichVuCong.gov.vn".
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string wildcard = "://*.";
    const auto at = lower.find(wildcard);
    const bool anySubdomain = at != std::string::npos;
    if (anySubdomain) {
        lower.erase(at + 3, 2);  // "https://*.gov.vn" -> "https://gov.vn"
    }
    const auto origin = parseOrigin(lower);
    if (!origin) {
        return std::nullopt;
    }
    return OriginPattern{origin->scheme, origin->host, anySubdomain, origin->port};
}

bool originMatches(const Origin& origin, const OriginPattern& pattern) {
    if (origin.scheme != pattern.scheme) {
        return false;
    }
    const bool hostMatches = pattern.anySubdomain ? endsWith(origin.host, "." + pattern.host)
                                                  : origin.host == pattern.host;
    if (!hostMatches) {
        return false;
    }
    // No port in the pattern: the host on any port (a deny must not be dodged with ":444").
    return !pattern.port || *pattern.port == origin.port.value_or(defaultPort(origin.scheme));
}

void checkPolicyUsable(const Config& config) {
    if (config.brokenPolicy) {
        throw Error(ErrorCode::PolicyError,
                    "the IT policy " + config.brokenPolicy->path + " cannot be used (" +
                        config.brokenPolicy->reason +
                        "): every origin is refused until it is fixed",
                    {{"path", config.brokenPolicy->path}});
    }
}

bool originAllowed(const std::string& text, const Config& config) {
    if (config.brokenPolicy) {
        return false;  // fail closed: the policy's denies are unknown
    }
    const auto origin = parseOrigin(text);
    if (!origin) {
        return false;
    }
    if (origin->scheme == "http" && !(config.allowInsecureLocalhost && isLoopback(origin->host))) {
        return false;
    }
    if (matchesAny(*origin, config.deniedOrigins)) {
        return false;
    }
    return config.allowedOrigins.empty() || matchesAny(*origin, config.allowedOrigins);
}

void checkOrigin(const std::string& origin, const Config& config) {
    checkPolicyUsable(config);
    if (!originAllowed(origin, config)) {
        throw Error(ErrorCode::OriginNotAllowed,
                    "origin '" + origin.substr(0, 255) +
                        "' may not use kyso (only https sites that policy allows)",
                    {{"origin", origin.substr(0, 255)}});
    }
}

bool originMatchesAny(const std::string& text, const std::vector<std::string>& patterns) {
    const auto origin = parseOrigin(text);
    return origin && matchesAny(*origin, patterns);
}

bool isLoopbackOrigin(const std::string& text) {
    const auto origin = parseOrigin(text);
    return origin && isLoopback(origin->host);
}

}  // namespace kyso
