#include "crypto/libssl.hpp"

#include <mutex>
#include <string>

#include "platform/shared_library.hpp"

namespace kyso {
namespace {

// The SONAME Debian 12's libssl3 ships (OpenSSL 3's ABI); the package that holds it also holds
// the libcrypto.so.3 kyso-host links, so it is always installed with kyso.
constexpr const char* kLibSsl = "libssl.so.3";

// Why loading failed, "" once it worked; the table is filled only then.
std::string load(LibSsl& api) {
    platform::ProcessLibrary library(kLibSsl);
    if (!library.opened()) {
        return library.error();
    }
    library.bind("TLS_client_method", api.TLS_client_method);
    library.bind("SSL_CTX_new", api.SSL_CTX_new);
    library.bind("SSL_CTX_free", api.SSL_CTX_free);
    library.bind("SSL_CTX_set_default_verify_paths", api.SSL_CTX_set_default_verify_paths);
    library.bind("SSL_CTX_ctrl", api.SSL_CTX_ctrl);
    library.bind("SSL_CTX_set_verify", api.SSL_CTX_set_verify);
    library.bind("SSL_get0_param", api.SSL_get0_param);
    library.bind("SSL_ctrl", api.SSL_ctrl);
    library.bind("SSL_set1_host", api.SSL_set1_host);
    library.bind("BIO_new_ssl", api.BIO_new_ssl);
    library.bind("BIO_ssl_shutdown", api.BIO_ssl_shutdown);
    return library.missing();
}

}  // namespace

const LibSsl& libssl(ErrorCode failureCode) {
    static std::once_flag once;
    static LibSsl api{};
    static std::string failure;
    std::call_once(once, [] { failure = load(api); });
    if (!failure.empty()) {
        throw Error(failureCode, "HTTPS is not available: " + failure);
    }
    return api;
}

void SslCtxFree::operator()(SSL_CTX* context) const {
    // A context exists only if libssl loaded, so this cannot throw.
    libssl(ErrorCode::Internal).SSL_CTX_free(context);
}

}  // namespace kyso
