#pragma once

#include "commands/host_services.hpp"
#include "protocol/command.hpp"

namespace kyso {

// Every certificate on every token; the list identifies the person, so the user confirms.
class ListCertificatesCommand : public Command {
  public:
    std::string_view name() const override { return "listCertificates"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

}  // namespace kyso
