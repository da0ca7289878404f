#pragma once

#include <openssl/types.h>

// libp11 0.4.12's header declares getters for its RSA_METHOD and EC_KEY_METHOD, types that
// OpenSSL 3 only declares when deprecated APIs are on (the project builds with
// OPENSSL_NO_DEPRECATED). kyso never calls those getters; declaring the same incomplete
// types lets the header compile without turning the deprecated APIs back on.
#if defined(OPENSSL_NO_DEPRECATED_3_0)
typedef struct rsa_meth_st RSA_METHOD;
typedef struct ec_key_method_st EC_KEY_METHOD;
#endif

#include <libp11.h>
