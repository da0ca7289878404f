#include "commands/authenticate.hpp"

#include "commands/signing_key.hpp"
#include "core/ecdsa_format.hpp"
#include "core/version.hpp"
#include "crypto/auth_token.hpp"
#include "protocol/params.hpp"

namespace kyso {

CommandResult AuthenticateCommand::run(RequestContext& request, HostServices& services) {
    const Params params(request);
    const auto nonce = params.requiredString("challengeNonce", 128);
    checkChallengeNonce(nonce);
    const auto thumbprint = params.optionalString("thumbprint", 128);
    // The CLI has no browser origin; it must say which origin the token is for.
    const std::string origin =
        request.fromCli ? params.requiredString("origin", 255) : request.origin;

    auto certificate = thumbprint ? findSigningCertificate(services, *thumbprint)
                                  : findOnlyLoginCertificate(services);
    const auto algorithm = authAlgorithmFor(certificate.info);
    const Bytes digest = authTokenDigest(algorithm.hash, origin, nonce);

    request.progress({{"stage", "waiting-for-user"}});
    ConsentedKey key(services, certificate,
                     dialogFor(request, OperationKind::Authenticate, certificate));
    Bytes signature = key.key().signDigest(algorithm.hash, algorithm.scheme, digest);
    if (algorithm.scheme == SignatureScheme::Ecdsa) {
        signature = ecdsaDerToRaw(signature, ecdsaFieldBytes(certificate.info.keyBits));
    }

    CommandResult out;
    out.result = {{"unverifiedCertificate", base64Encode(certificate.record.der)},
                  {"algorithm", algorithm.name},
                  {"signature", base64Encode(signature)},
                  {"format", kAuthTokenFormat},
                  {"appVersion", std::string("https://kyso.vn/kyso-host/") + kVersion}};
    return out;
}

}  // namespace kyso
