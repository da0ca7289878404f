#include "policy/origin.hpp"

#include <algorithm>
#include <cctype>

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

// "https://*.gov.vn" matches https://a.gov.vn and https://b.a.gov.vn, not https://gov.vn.
bool matchesPattern(const Origin& origin, const std::string& pattern) {
    if (pattern == origin.text) {
        return true;
    }
    const std::string wildcard = "://*.";
    const auto at = pattern.find(wildcard);
    if (at == std::string::npos || pattern.substr(0, at) != origin.scheme) {
        return false;
    }
    const std::string suffix = "." + pattern.substr(at + wildcard.size());
    std::string hostPort = origin.host;
    if (origin.port) {
        hostPort += ":" + std::to_string(*origin.port);
    }
    return hostPort.size() > suffix.size() &&
           hostPort.compare(hostPort.size() - suffix.size(), suffix.size(), suffix) == 0;
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

bool originAllowed(const std::string& text, const Config& config) {
    const auto origin = parseOrigin(text);
    if (!origin) {
        return false;
    }
    if (origin->scheme == "http" && !(config.allowInsecureLocalhost && isLoopback(origin->host))) {
        return false;
    }
    const auto matches = [&](const std::string& pattern) {
        return matchesPattern(*origin, pattern);
    };
    if (std::any_of(config.deniedOrigins.begin(), config.deniedOrigins.end(), matches)) {
        return false;
    }
    return config.allowedOrigins.empty() ||
           std::any_of(config.allowedOrigins.begin(), config.allowedOrigins.end(), matches);
}

void checkOrigin(const std::string& origin, const Config& config) {
    if (!originAllowed(origin, config)) {
        throw Error(ErrorCode::OriginNotAllowed,
                    "origin '" + origin.substr(0, 255) +
                        "' may not use kyso (only https sites that policy allows)",
                    {{"origin", origin.substr(0, 255)}});
    }
}

bool originMatchesAny(const std::string& text, const std::vector<std::string>& patterns) {
    const auto origin = parseOrigin(text);
    return origin && std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
               return matchesPattern(*origin, pattern);
           });
}

bool isLoopbackOrigin(const std::string& text) {
    const auto origin = parseOrigin(text);
    return origin && isLoopback(origin->host);
}

}  // namespace kyso
