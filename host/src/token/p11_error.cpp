#include "token/p11_error.hpp"

#include <openssl/err.h>

#include "token/libp11_library.hpp"

namespace kyso {

P11Failure takeP11Failure() {
    P11Failure failure;
    const int ckrLibrary = libp11().ERR_get_CKR_code();
    // The first CKR entry is the module's answer; later ones would be libp11 adding context.
    for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
        if (ERR_GET_LIB(e) == ckrLibrary && !failure.ckr) {
            // ERR_GET_REASON keeps the low 23 bits: every standard CKR_ value fits; a vendor
            // code (0x80000000 and up) loses its top bit and is reported as what is left.
            failure.ckr = static_cast<unsigned long>(ERR_GET_REASON(e));
        }
        char line[256];
        ERR_error_string_n(e, line, sizeof line);
        if (!failure.text.empty()) {
            failure.text += "; ";
        }
        failure.text += line;
    }
    return failure;
}

}  // namespace kyso
