#include "cli/host_app.hpp"

#include "token/module_discovery.hpp"

namespace kyso {

std::vector<ModuleSpec> modulesToTry(const Config& config) {
    return findModules(ModuleSearch{config.pkcs11Modules, config.discoverModules});
}

std::unique_ptr<Prompter> makeConfiguredPrompter(const Config& config) {
    PinentrySettings settings;
    settings.program = config.pinentry;
    settings.timeoutSeconds = config.dialogTimeoutSeconds;
    return makePinentryPrompter(settings);
}

HostApp::HostApp(Config config, std::unique_ptr<Prompter> prompter)
    : config_(std::move(config)),
      tokens_(makeTokenManager(modulesToTry(config_))),
      prompter_(std::move(prompter)),
      dispatcher_(makeDispatcher()),
      services_{config_, *tokens_, *prompter_, dispatcher_.commandNames()} {}

}  // namespace kyso
