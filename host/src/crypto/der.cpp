#include "crypto/der.hpp"

#include <openssl/x509.h>

namespace kyso {

X509Ptr parseCertificate(const Bytes& der, const std::string& what) {
    const unsigned char* p = der.data();
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert || p != der.data() + der.size()) {
        takeOpenSslErrors();
        throwInvalidRequest(what + " is not a DER X.509 certificate");
    }
    return cert;
}

}  // namespace kyso
