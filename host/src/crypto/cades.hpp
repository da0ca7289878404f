#pragma once

// CAdES signatures (ETSI EN 319 122) as PAdES wants them (ETSI EN 319 142-1, SubFilter
// ETSI.CAdES.detached): what the PDF writer and the future `signCms` command call.
// docs/cades.md says what the CMS contains and why.
//
// A PDF signature, in order:
//   CadesRequest request;                      // all but contentDigest
//   request.signerCertificate = certDer; request.chain = {intermediateDer};
//   request.timestamp = TsaOptions{"http://tsa.example.vn/"};  // or leave empty: B-B
//   reserve = cadesSizeBound(request);         // bytes for /Contents (2 hex digits each)
//   ... write the PDF with the placeholder, hash the ByteRange ...
//   request.contentDigest = byteRangeDigest;
//   Bytes cms = buildCades(request, signer);   // one token signature; cms.size() <= reserve
//                                              // unless the TSA's token beat the reserve

#include <cstddef>
#include <optional>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "core/signer.hpp"
#include "crypto/tsa_client.hpp"

namespace kyso {

struct CadesRequest {
    // Hash of the signed content with `hash` (for a PDF: of the ByteRange bytes). The content
    // itself is not embedded (detached signature). Ignored by cadesSizeBound().
    Bytes contentDigest;
    HashAlgorithm hash = HashAlgorithm::Sha256;
    // RSA keys: RsaPkcs1v15 (what VN verifiers expect) or RsaPss; EC keys: Ecdsa.
    SignatureScheme scheme = SignatureScheme::RsaPkcs1v15;
    Bytes signerCertificate;              // DER; its key is the DigestSigner's key
    std::vector<Bytes> chain;             // DER, issuer first, as far as known; embedded as given
    std::optional<TsaOptions> timestamp;  // set: level B-T (a signature time-stamp); else B-B
};

// Builds a detached CMS SignedData (DER) at level B-B, or B-T when request.timestamp is set:
//   signed attributes: content-type (id-data), message-digest, signing-certificate-v2
//   (ESSCertIDv2 over the signer's certificate with `hash`, with issuerSerial) and NO
//   signing-time (PAdES keeps the time in the signature dictionary's /M);
//   certificates: the signer's, then `chain`; signatureAlgorithm naming hash and scheme
//   (sha256WithRSAEncryption, RSASSA-PSS with its parameters, ecdsa-with-SHA256, ...).
// The signer is asked for exactly one signature. The result is checked against the
// certificate's public key before it is returned.
// Throws INVALID_REQUEST (digest length, certificate not DER), UNSUPPORTED_ALGORITHM (scheme
// does not fit the key), whatever the signer throws (PIN, token errors), TOKEN_ERROR if the
// signature does not verify, TSA_UNAVAILABLE when the time-stamp cannot be had (the B-B
// signature is then lost: callers that must keep it build B-B and call
// addSignatureTimestamp() themselves).
Bytes buildCades(const CadesRequest& request, DigestSigner& signer);

// Adds a signature time-stamp (id-aa-signatureTimeStampToken, an unsigned attribute) to the
// first SignerInfo of `cms` (DER): B-B -> B-T. The imprint is the hash (options.hash) of the
// SignerInfo's signature value. Throws INVALID_REQUEST if `cms` is not a SignedData with a
// signer, TSA_UNAVAILABLE as requestTimestamp().
Bytes addSignatureTimestamp(const Bytes& cms, const TsaOptions& options);

// A safe upper bound of buildCades()'s output size for this request (contentDigest is not
// needed): the CMS is assembled with a signature of the key's largest size, and, when a
// time-stamp is asked for, request.timestamp->tokenReserveBytes are added. The PDF writer
// reserves this much for /Contents (2 hex digits per byte).
std::size_t cadesSizeBound(const CadesRequest& request);

}  // namespace kyso
