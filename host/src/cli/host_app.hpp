#pragma once

#include <memory>

#include "commands/host_services.hpp"
#include "policy/config.hpp"
#include "protocol/dispatcher.hpp"

namespace kyso {

// The host's parts wired together from the configuration; both front ends (native messaging
// and the CLI) run commands through one of these. Nothing here touches a token until a
// command asks: starting is cheap.
class HostApp {
  public:
    HostApp(Config config, std::unique_ptr<Prompter> prompter);

    HostServices& services() { return services_; }
    const Dispatcher& dispatcher() const { return dispatcher_; }
    const Config& config() const { return config_; }

  private:
    Config config_;
    std::unique_ptr<TokenManager> tokens_;
    std::unique_ptr<Prompter> prompter_;
    Dispatcher dispatcher_;
    HostServices services_;
};

// The modules to try: the configured ones first, then (unless switched off) those found in
// p11-kit's registry and the known vendor locations.
std::vector<ModuleSpec> modulesToTry(const Config& config);

// The pinentry dialogs as configured.
std::unique_ptr<Prompter> makeConfiguredPrompter(const Config& config);

}  // namespace kyso
