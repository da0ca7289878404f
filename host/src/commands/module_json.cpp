#include "commands/module_json.hpp"

namespace kyso {

nlohmann::json tokenJson(const TokenState& token) {
    return {{"label", token.label},
            {"serial", token.serial},
            {"manufacturer", token.manufacturer},
            {"model", token.model},
            {"pinLocked", token.pinLocked},
            {"pinCountLow", token.pinCountLow},
            {"pinFinalTry", token.pinFinalTry},
            {"protectedAuthPath", token.protectedAuthPath}};
}

nlohmann::json modulesJson(const std::vector<ModuleReport>& modules) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& module : modules) {
        nlohmann::json entry{
            {"path", module.spec.path}, {"source", module.spec.source}, {"loaded", module.loaded}};
        if (module.loaded) {
            entry["description"] = module.description;
            entry["manufacturer"] = module.manufacturer;
            entry["tokens"] = nlohmann::json::array();
            for (const auto& token : module.tokens) {
                entry["tokens"].push_back(tokenJson(token));
            }
        } else {
            entry["error"] = module.error;
        }
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace kyso
