#include "policy/operation_policy.hpp"

#include "core/error.hpp"
#include "policy/origin.hpp"

namespace kyso {

bool digestSigningAllowed(const std::string& origin, bool fromCli, const Config& config) {
    if (fromCli) {
        return true;
    }
    if (config.allowInsecureLocalhost && isLoopbackOrigin(origin)) {
        return true;
    }
    return originMatchesAny(origin, config.hashSigningOrigins);
}

void requireDigestSigningAllowed(const std::string& origin, bool fromCli,
                                 const std::string& command, const Config& config) {
    if (!digestSigningAllowed(origin, fromCli, config)) {
        const std::string shown = origin.substr(0, 255);
        throw Error(ErrorCode::OperationNotAllowed,
                    "origin '" + shown + "' may not use " + command +
                        ": signing a digest the page chose needs the IT policy's "
                        "hashSigningOrigins (use signPrepared for server-prepared signatures)",
                    {{"origin", shown}, {"command", command}});
    }
}

}  // namespace kyso
