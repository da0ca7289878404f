#pragma once

#include <string>

#include "policy/config.hpp"

namespace kyso {

// Which origins may use the operations that are dangerous in a page's hands.
//
// Signing a digest the page chose (signHash, signHashes) is one: the host cannot tell what the
// digest stands for, and SHA-256(SHA-256(origin) || SHA-256(nonce)) of another site is that
// site's Web eID login (crypto/auth_token.hpp). Such a request is allowed only
//  - from the terminal (the local user's own CLI), or
//  - from an origin IT lists in the system policy's hashSigningOrigins, or
//  - from a loopback origin (localhost, 127.0.0.1, [::1]) with the developer setting
//    allowInsecureLocalhost on, where developers run their portals.
// Every other origin must send what it wants signed, in a form the host can read
// (signPrepared).
bool digestSigningAllowed(const std::string& origin, bool fromCli, const Config& config);

// Throws OPERATION_NOT_ALLOWED (details: origin, command) unless digestSigningAllowed().
// Called before any token access or dialog.
void requireDigestSigningAllowed(const std::string& origin, bool fromCli,
                                 const std::string& command, const Config& config);

}  // namespace kyso
