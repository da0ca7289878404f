#pragma once

#include "commands/host_services.hpp"
#include "protocol/command.hpp"

namespace kyso {

class StatusCommand : public Command {
  public:
    std::string_view name() const override { return "status"; }
    bool needsOrigin() const override { return false; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

}  // namespace kyso
