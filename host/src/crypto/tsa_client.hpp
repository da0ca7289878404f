#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"

namespace kyso {

// Where and how to ask an RFC 3161 time-stamping authority.
struct TsaOptions {
    std::string url;  // http:// or https:// (the VGCA TSA is plain http)
    // Whole exchange (connect, send, receive), in whole seconds of the wall clock as OpenSSL
    // counts them (so up to a second off either way: use 2 or more in production). The VGCA
    // TSA has been seen taking from 2 s to over 2 minutes; callers that batch may prefer a
    // shorter value and a retry. A refused connection is retried until the timeout.
    int timeoutSeconds = 30;
    // A time-stamp response is a few KB (a token and the TSA's chain); anything far larger is
    // not a time-stamp response and is not read into memory.
    std::size_t maxResponseBytes = 256 * 1024;
    HashAlgorithm hash = HashAlgorithm::Sha256;  // message-imprint hash
    std::string policyOid;                       // requested TSA policy; empty: the TSA's default
    // Roots (DER) trusted to issue TSA certificates. With them the token's signature AND the
    // TSA's chain are checked (the TSA certificate must have the timeStamping usage). Without
    // them only the token's own signature is checked, with the certificate the token carries.
    std::vector<Bytes> trustedRoots;
    // Room cadesSizeBound() keeps for the token (and its certificates) inside the signature.
    std::size_t tokenReserveBytes = 16 * 1024;
};

struct TimestampToken {
    Bytes der;                // the TimeStampToken: a CMS ContentInfo (SignedData of TSTInfo)
    std::time_t genTime = 0;  // the time the TSA vouches for (UTC seconds)
};

// Asks the TSA to time-stamp `digest` (a hash computed with options.hash): a TimeStampReq
// with a fresh random 64-bit nonce and certReq=true, POSTed as application/timestamp-query.
// The answer must be granted, carry our nonce and imprint, and its signature must verify
// (see TsaOptions::trustedRoots).
// Throws INVALID_REQUEST if digest has the wrong length or the URL is malformed, and
// TSA_UNAVAILABLE for everything the TSA does wrong: refused connection, timeout, HTTP error
// status, oversized or unparsable answer, rejection (with the TSA's reason), wrong nonce or
// imprint, bad signature.
TimestampToken requestTimestamp(const TsaOptions& options, const Bytes& digest);

}  // namespace kyso
