#include "crypto/libssl.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace kyso {
namespace {

// The SONAME Debian 12's libssl3 ships (OpenSSL 3's ABI); the package that holds it also holds
// the libcrypto.so.3 kyso-host links, so it is always installed with kyso.
constexpr const char* kLibSsl = "libssl.so.3";

template <typename Function>
void bind(void* library, const char* name, Function& slot, std::string& missing) {
    slot = reinterpret_cast<Function>(::dlsym(library, name));
    if (slot == nullptr) {
        missing += missing.empty() ? name : std::string(", ") + name;
    }
}

// Why loading failed, "" once it worked; the table is filled only then.
std::string load(LibSsl& api) {
    // Never unloaded. RTLD_LOCAL: nothing else is meant to find libssl's symbols through us.
    void* library = ::dlopen(kLibSsl, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* reason = ::dlerror();
        return std::string("cannot load ") + kLibSsl + ": " + (reason != nullptr ? reason : "?");
    }
    std::string missing;
    bind(library, "TLS_client_method", api.TLS_client_method, missing);
    bind(library, "SSL_CTX_new", api.SSL_CTX_new, missing);
    bind(library, "SSL_CTX_free", api.SSL_CTX_free, missing);
    bind(library, "SSL_CTX_set_default_verify_paths", api.SSL_CTX_set_default_verify_paths,
         missing);
    bind(library, "SSL_CTX_ctrl", api.SSL_CTX_ctrl, missing);
    bind(library, "SSL_CTX_set_verify", api.SSL_CTX_set_verify, missing);
    bind(library, "SSL_get0_param", api.SSL_get0_param, missing);
    bind(library, "SSL_ctrl", api.SSL_ctrl, missing);
    bind(library, "SSL_set1_host", api.SSL_set1_host, missing);
    bind(library, "BIO_new_ssl", api.BIO_new_ssl, missing);
    bind(library, "BIO_ssl_shutdown", api.BIO_ssl_shutdown, missing);
    return missing.empty() ? std::string() : std::string(kLibSsl) + " lacks " + missing;
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
