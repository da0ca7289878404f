#pragma once

#include <memory>
#include <optional>
#include <string>

#include "commands/host_services.hpp"
#include "crypto/certificate_info.hpp"
#include "protocol/command.hpp"

namespace kyso {

// A certificate with a private key, chosen for a request, and what the dialog says about it.
struct ChosenCertificate {
    CertificateRecord record;
    CertificateInfo info;
};

// The certificate with this thumbprint that has a private key: CERTIFICATE_NOT_FOUND (or
// TOKEN_NOT_FOUND when no token is present at all) otherwise. It must be valid now:
// CERTIFICATE_EXPIRED otherwise, before any dialog (a signature made with it is worthless).
ChosenCertificate findSigningCertificate(HostServices& services, const std::string& thumbprint);

// The only usable login certificate when the caller did not name one.
ChosenCertificate findOnlyLoginCertificate(HostServices& services);

// The dialog context for an operation on behalf of `request`.
DialogContext dialogFor(const RequestContext& request, OperationKind operation,
                        const std::optional<ChosenCertificate>& certificate);

// Logs in to the chosen key: the PIN dialog (or the PIN pad notice) is the user's consent; on
// a token that needs no login, a confirmation saying so (PinSource::consent).
// The returned session keeps `pins` alive for keys that need a PIN per signature.
class ConsentedKey {
  public:
    ConsentedKey(HostServices& services, const ChosenCertificate& certificate,
                 DialogContext dialog);
    ~ConsentedKey();
    ConsentedKey(const ConsentedKey&) = delete;
    ConsentedKey& operator=(const ConsentedKey&) = delete;

    KeySession& key() { return *session_; }

  private:
    std::unique_ptr<PinSource> pins_;
    std::unique_ptr<KeySession> session_;
};

}  // namespace kyso
