#pragma once

#include "token/libp11_api.hpp"

namespace kyso {

// The libp11 functions the token room calls, found in libp11.so.3 when the first token command
// needs them. kyso-host does not link libp11: a browser starts the host for every port, and
// `status` (the handshake) should not pay for loading and relocating a library it never uses
// (docs/performance.md). libp11 shares the process's libcrypto.so.3, so its keys are ordinary
// EVP_PKEYs to the rest of the host.
struct Libp11 {
    decltype(&::PKCS11_CTX_new) PKCS11_CTX_new;
    decltype(&::PKCS11_CTX_load) PKCS11_CTX_load;
    decltype(&::PKCS11_CTX_unload) PKCS11_CTX_unload;
    decltype(&::PKCS11_CTX_free) PKCS11_CTX_free;
    decltype(&::PKCS11_set_ui_method) PKCS11_set_ui_method;
    decltype(&::PKCS11_enumerate_slots) PKCS11_enumerate_slots;
    decltype(&::PKCS11_release_all_slots) PKCS11_release_all_slots;
    decltype(&::PKCS11_get_slotid_from_slot) PKCS11_get_slotid_from_slot;
    decltype(&::PKCS11_is_logged_in) PKCS11_is_logged_in;
    decltype(&::PKCS11_login) PKCS11_login;
    decltype(&::PKCS11_logout) PKCS11_logout;
    decltype(&::PKCS11_enumerate_keys) PKCS11_enumerate_keys;
    decltype(&::PKCS11_enumerate_public_keys) PKCS11_enumerate_public_keys;
    decltype(&::PKCS11_get_private_key) PKCS11_get_private_key;
    decltype(&::ERR_get_CKR_code) ERR_get_CKR_code;
};

// Loaded once, for the life of the process; throws TOKEN_ERROR naming the library and the
// loader's reason if it cannot be loaded or lacks a function. Once a module context exists,
// this cannot throw.
const Libp11& libp11();

}  // namespace kyso
