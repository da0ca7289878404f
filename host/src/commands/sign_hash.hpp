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

// Signs many digests with one consent and one PIN (a portal's batch of declarations or
// server-prepared documents).
class SignHashesCommand : public Command {
  public:
    static constexpr std::size_t kMaxHashes = 10000;
    std::string_view name() const override { return "signHashes"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

}  // namespace kyso
