#pragma once

#include <optional>
#include <string>

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

// Throws ORIGIN_NOT_ALLOWED unless `origin` is well formed, https (or http on localhost with
// the developer setting), not denied by policy, and on the allow-list when there is one.
void checkOrigin(const std::string& origin, const Config& config);
bool originAllowed(const std::string& origin, const Config& config);

}  // namespace kyso
