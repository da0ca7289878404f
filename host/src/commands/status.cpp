#include "commands/status.hpp"

#include "commands/module_json.hpp"
#include "core/version.hpp"
#include "policy/origin.hpp"
#include "protocol/params.hpp"

namespace kyso {

// Answers without loading any PKCS#11 module unless asked: it is the extension's handshake
// and must stay about as fast as starting a process.
CommandResult StatusCommand::run(RequestContext& request, HostServices& services) {
    CommandResult out;
    out.result = {{"name", "kyso-host"},
                  {"version", kVersion},
                  {"protocol", kProtocolVersion},
                  {"minProtocol", 1},
                  {"commands", services.commandNames}};
    if (!request.origin.empty()) {
        out.result["origin"] = {{"value", request.origin},
                                {"allowed", originAllowed(request.origin, services.config)}};
    }
    if (Params(request).optionalBool("modules", false)) {
        out.result["modules"] = modulesJson(services.tokens.modules());
    }
    return out;
}

}  // namespace kyso
