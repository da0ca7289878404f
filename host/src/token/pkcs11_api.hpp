#pragma once

// The PKCS#11 types and constants (CK_RV, CKR_*, CK_FUNCTION_LIST, ...), from p11-kit's
// header (Debian package libp11-kit-dev, which libp11-dev depends on). The root CMakeLists
// does not add p11-kit-1's include directory to the token room, so it is named by its path
// below /usr/include; with `pkg_check_modules(P11KIT p11-kit-1)` linked to kyso_token this
// can become <p11-kit/pkcs11.h>.
#include <p11-kit-1/p11-kit/pkcs11.h>
