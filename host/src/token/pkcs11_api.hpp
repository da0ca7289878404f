#pragma once

// The PKCS#11 types and constants (CK_RV, CKR_*, CK_FUNCTION_LIST, ...), from p11-kit's
// header (libp11-kit-dev; the token room links PkgConfig::P11KIT for its include directory).
// libp11's public header has none of them.
#include <p11-kit/pkcs11.h>
