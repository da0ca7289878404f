#pragma once

#include <openssl/crypto.h>

#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/openssl_handles.hpp"
#include "crypto/openssl_errors.hpp"

namespace kyso {

// DER out of any OpenSSL i2d function: `encode(&buffer)` is called once with a null buffer
// pointer so that OpenSSL allocates exactly the right size. Throws INTERNAL: encoding our own
// structures fails only on a bug or out of memory.
template <typename Encode>
Bytes derOf(Encode encode, const char* what) {
    unsigned char* buffer = nullptr;
    const int length = encode(&buffer);
    if (length <= 0 || buffer == nullptr) {
        throw Error(ErrorCode::Internal,
                    std::string("cannot DER-encode ") + what + ": " + takeOpenSslErrors());
    }
    Bytes out(buffer, buffer + length);
    OPENSSL_free(buffer);
    return out;
}

// An X.509 certificate from DER; throws INVALID_REQUEST naming `what` when it is not one (or
// has bytes after the certificate).
X509Ptr parseCertificate(const Bytes& der, const std::string& what);

}  // namespace kyso
