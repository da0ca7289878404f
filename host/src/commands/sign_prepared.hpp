#pragma once

#include "commands/host_services.hpp"
#include "protocol/command.hpp"

namespace kyso {

// Signs the CMS signed attributes (DER) a portal's server prepared for a CAdES or PAdES
// signature: the page sends the bytes, not their hash, so the host can see that they are a
// document signature by the chosen certificate (crypto/prepared_attributes.hpp) and say so in
// the dialog. Any allowed origin may use it, unlike signHash (policy/operation_policy.hpp).
class SignPreparedCommand : public Command {
  public:
    // Signed attributes are a few hundred bytes; a few KiB with a signature policy.
    static constexpr std::size_t kMaxDataBytes = 64U * 1024U;
    std::string_view name() const override { return "signPrepared"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

}  // namespace kyso
