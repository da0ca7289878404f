#include "commands/status.hpp"

#include <algorithm>

#include "commands/module_json.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "policy/origin.hpp"
#include "protocol/params.hpp"

namespace kyso {
namespace {

// Whether the origin may use kyso, and if not, the error code its requests would get.
nlohmann::json originJson(const std::string& origin, const Config& config) {
    nlohmann::json out = {{"value", origin}, {"allowed", originAllowed(origin, config)}};
    if (config.brokenPolicy) {
        out["reason"] = errorCodeName(ErrorCode::PolicyError);
    } else if (out["allowed"] == false) {
        out["reason"] = errorCodeName(ErrorCode::OriginNotAllowed);
    }
    return out;
}

bool anyTokenPresent(const std::vector<ModuleReport>& modules) {
    return std::any_of(modules.begin(), modules.end(),
                       [](const ModuleReport& module) { return !module.tokens.empty(); });
}

}  // namespace

// Answers without loading any PKCS#11 module unless asked: it is the extension's handshake
// and must stay about as fast as starting a process.
//
// A page learns only what it needs to detect kyso: labels, serial numbers, manufacturers and
// module paths would identify the user to every site, so they go only to the terminal (and,
// after the user's consent, with listCertificates). An allowed page may learn whether a token
// is inserted at all; any other page not even that.
CommandResult StatusCommand::run(RequestContext& request, HostServices& services) {
    CommandResult out;
    out.result = {{"name", "kyso-host"},
                  {"version", kVersion},
                  {"protocol", kProtocolVersion},
                  {"minProtocol", 1},
                  {"commands", services.commandNames}};
    if (!request.origin.empty()) {
        out.result["origin"] = originJson(request.origin, services.config);
    }
    if (const auto& broken = services.config.brokenPolicy; broken && request.fromCli) {
        out.result["policyError"] = {{"path", broken->path}, {"reason", broken->reason}};
    }
    if (!Params(request).optionalBool("modules", false)) {
        return out;
    }
    if (request.fromCli) {
        out.result["modules"] = modulesJson(services.tokens.modules());
    } else if (!request.origin.empty() && originAllowed(request.origin, services.config)) {
        out.result["tokenPresent"] = anyTokenPresent(services.tokens.modules());
    }
    return out;
}

}  // namespace kyso
