#include "token/libp11_library.hpp"

#include <mutex>
#include <string>

#include "core/error.hpp"
#include "platform/shared_library.hpp"

namespace kyso {
namespace {

// The SONAME of Debian 12's libp11-3 (libp11 0.4.12); the package depends on it by name
// (installer/packaging.cmake), since dpkg-shlibdeps cannot see a dlopen.
constexpr const char* kLibp11 = "libp11.so.3";

// Why loading failed, "" once it worked.
std::string load(Libp11& api) {
    // Never unloaded: libp11 keeps module contexts and OpenSSL keys that live until exit.
    platform::ProcessLibrary library(kLibp11);
    if (!library.opened()) {
        return library.error();
    }
#define KYSO_BIND(name) library.bind(#name, api.name)
    KYSO_BIND(PKCS11_CTX_new);
    KYSO_BIND(PKCS11_CTX_load);
    KYSO_BIND(PKCS11_CTX_unload);
    KYSO_BIND(PKCS11_CTX_free);
    KYSO_BIND(PKCS11_set_ui_method);
    KYSO_BIND(PKCS11_enumerate_slots);
    KYSO_BIND(PKCS11_release_all_slots);
    KYSO_BIND(PKCS11_get_slotid_from_slot);
    KYSO_BIND(PKCS11_is_logged_in);
    KYSO_BIND(PKCS11_login);
    KYSO_BIND(PKCS11_logout);
    KYSO_BIND(PKCS11_enumerate_keys);
    KYSO_BIND(PKCS11_enumerate_public_keys);
    KYSO_BIND(PKCS11_get_private_key);
    KYSO_BIND(ERR_get_CKR_code);
#undef KYSO_BIND
    return library.missing();
}

}  // namespace

const Libp11& libp11() {
    static std::once_flag once;
    static Libp11 api{};
    static std::string failure;
    std::call_once(once, [] { failure = load(api); });
    if (!failure.empty()) {
        throw Error(ErrorCode::TokenError, failure);
    }
    return api;
}

}  // namespace kyso
