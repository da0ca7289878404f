#pragma once

#include "commands/host_services.hpp"
#include "protocol/command.hpp"

namespace kyso {

// A Web eID "web-eid:1.0" login token bound to the origin and the server's nonce.
class AuthenticateCommand : public Command {
  public:
    std::string_view name() const override { return "authenticate"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

}  // namespace kyso
