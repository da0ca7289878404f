#pragma once

#include "commands/host_services.hpp"
#include "protocol/command.hpp"

namespace kyso {

// Signs a digest computed elsewhere (usually by the portal's server).
class SignHashCommand : public Command {
  public:
    std::string_view name() const override { return "signHash"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

}  // namespace kyso
