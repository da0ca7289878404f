#pragma once

#include <optional>
#include <string>

#include "commands/signing_key.hpp"
#include "core/algorithms.hpp"
#include "protocol/params.hpp"

namespace kyso {

// The parameters signHash, signHashes and signPrepared share: which key, which hash, which scheme,
// which ECDSA output format, the site's description. Parsed and checked before any dialog opens.
struct HashSigningRequest {
    std::string thumbprint;
    std::optional<SignatureScheme> requestedScheme;
    ChosenCertificate certificate;
    HashAlgorithm hash = HashAlgorithm::Sha256;
    SignatureScheme scheme = SignatureScheme::RsaPkcs1v15;
    bool rawEcdsa = true;
    std::string description;

    // Throws INVALID_REQUEST unless `digest` has the length of `hash`; `field` names it.
    void checkDigest(const Bytes& digest, const std::string& field) const;
    // Signs one digest on `key` and formats it as asked.
    Bytes sign(KeySession& key, const Bytes& digest) const;
    // The JSON fields describing the algorithm used.
    nlohmann::json algorithmJson() const;
};

// Reads and checks the shared parameters, without touching a token.
HashSigningRequest parseHashSigningRequest(const Params& params);
// Only thumbprint, signatureScheme and description (signPrepared has its own hash rules).
void parseKeyParams(const Params& params, HashSigningRequest& request);
// Finds the certificate the request names and settles the scheme for its key.
void chooseCertificate(HashSigningRequest& request, HostServices& services);

}  // namespace kyso
