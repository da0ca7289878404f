#pragma once

#include <cstddef>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace kyso {

// One HTTP(S) POST of an ASN.1 body through OpenSSL's HTTP client (OSSL_HTTP_transfer): for
// protocols that speak DER over HTTP (RFC 3161 time stamps, OCSP).
struct HttpPost {
    std::string url;          // http://host[:port]/path or https://...
    std::string contentType;  // of the request body
    Bytes body;
    std::string expectedContentType;  // of the answer; another type is an error
    // The whole exchange; values below 1 count as 1. OpenSSL counts whole seconds of the
    // wall clock (time()), so the real limit may be up to a second shorter or longer.
    int timeoutSeconds = 30;
    std::size_t maxResponseBytes = 256 * 1024;
    ErrorCode failureCode = ErrorCode::Internal;  // what a failed exchange throws
    std::string peerName = "server";              // for messages: "the TSA", ...
};

// Returns the answer's body (an ASN.1 value). A malformed URL throws INVALID_REQUEST; a refused
// connection, a timeout, an HTTP error status, a wrong content type, an oversized or non-ASN.1
// body throw `failureCode` with a message naming the URL and what went wrong.
// OpenSSL retries a refused connection until the timeout: a TSA that is down costs the whole
// timeout (whole seconds: up to one second more), but one that is restarting is reached.
// HTTPS checks the server against the system's trusted roots and the URL's host name.
// Proxies come from the usual environment variables (http_proxy, https_proxy, no_proxy).
// Name resolution is not covered by the timeout (getaddrinfo cannot be bounded here).
Bytes httpPost(const HttpPost& request);

}  // namespace kyso
