#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/config.hpp"

namespace kyso {

// An origin as browsers serialise it: scheme://host[:port], nothing else.
struct Origin {
    std::string scheme;
    std::string host;
    std::optional<int> port;
    std::string text;  // the canonical form, as received
};

// Parses the origin the browser reported; nullopt if it is not exactly an origin (path, query,
// userinfo, bad characters, over 255 characters).
std::optional<Origin> parseOrigin(const std::string& text);

// One entry of an origin list in the configuration (allowedOrigins, deniedOrigins, ...):
// "https://portal.gov.vn" or "https://*.gov.vn" (any subdomain, not gov.vn itself), optionally
// with a port. Without a port it matches the host on any port; with one, only that port, where
// an origin without a port has its scheme's default (443, 80): browsers leave it out.
struct OriginPattern {
    std::string scheme;
    std::string host;  // for a wildcard, the part after "*."
    bool anySubdomain = false;
    std::optional<int> port;
};

// nullopt if `text` is not such a pattern (a path, a bare host, "*" elsewhere, ...).
std::optional<OriginPattern> parseOriginPattern(const std::string& text);
bool originMatches(const Origin& origin, const OriginPattern& pattern);

// Throws POLICY_ERROR (details: path) when the IT policy file exists but could not be used:
// then every origin is refused until IT fixes it.
void checkPolicyUsable(const Config& config);

// Throws POLICY_ERROR as above, or ORIGIN_NOT_ALLOWED unless `origin` is well formed, https (or
// http on localhost with the developer setting), not denied by policy, and on the allow-list
// when there is one.
void checkOrigin(const std::string& origin, const Config& config);
bool originAllowed(const std::string& origin, const Config& config);

// True when `origin` is well formed and matches one of `patterns` (the syntax of
// allowedOrigins: an exact origin or "https://*.example.vn").
bool originMatchesAny(const std::string& origin, const std::vector<std::string>& patterns);
// True for http(s)://localhost, 127.0.0.1 and [::1], with any port.
bool isLoopbackOrigin(const std::string& origin);

}  // namespace kyso
