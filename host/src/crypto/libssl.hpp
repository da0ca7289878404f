#pragma once

#include <openssl/ssl.h>

#include <memory>

#include "core/error.hpp"

namespace kyso {

// The libssl functions the HTTPS client uses, found in libssl.so.3 when the first HTTPS
// exchange needs them. kyso-host does not link libssl: every start of the host (one per
// browser port) would pay for loading and relocating it, and only a time stamp from an https://
// TSA ever uses TLS (docs/performance.md). Everything else of OpenSSL is in libcrypto.
struct LibSsl {
    decltype(&::TLS_client_method) TLS_client_method;
    decltype(&::SSL_CTX_new) SSL_CTX_new;
    decltype(&::SSL_CTX_free) SSL_CTX_free;
    decltype(&::SSL_CTX_set_default_verify_paths) SSL_CTX_set_default_verify_paths;
    decltype(&::SSL_CTX_ctrl) SSL_CTX_ctrl;  // SSL_CTX_set_min_proto_version is a macro of it
    decltype(&::SSL_CTX_set_verify) SSL_CTX_set_verify;
    decltype(&::SSL_get0_param) SSL_get0_param;
    decltype(&::SSL_ctrl) SSL_ctrl;  // SSL_set_tlsext_host_name is a macro of it
    decltype(&::SSL_set1_host) SSL_set1_host;
    decltype(&::BIO_new_ssl) BIO_new_ssl;
    decltype(&::BIO_ssl_shutdown) BIO_ssl_shutdown;
};

// Loaded once, for the life of the process. A libssl that cannot be loaded, or lacks one of
// the functions, throws `failureCode` (the caller's code for a failed exchange) saying so.
const LibSsl& libssl(ErrorCode failureCode);

// An SSL_CTX, freed through the loaded libssl.
struct SslCtxFree {
    void operator()(SSL_CTX* context) const;
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

}  // namespace kyso
