#include "core/ecdsa_format.hpp"

#include <openssl/bn.h>

#include "core/error.hpp"
#include "core/openssl_handles.hpp"

namespace kyso {

Bytes ecdsaDerToRaw(const Bytes& der, std::size_t fieldBytes) {
    const unsigned char* cursor = der.data();
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
    if (!sig) {
        throw Error(ErrorCode::TokenError, "the token returned a malformed ECDSA signature");
    }
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    Bytes raw(2 * fieldBytes);
    const int fieldInt = static_cast<int>(fieldBytes);
    if (BN_bn2binpad(r, raw.data(), fieldInt) != fieldInt ||
        BN_bn2binpad(s, raw.data() + fieldBytes, fieldInt) != fieldInt) {
        throw Error(ErrorCode::TokenError, "ECDSA signature does not fit the curve size");
    }
    return raw;
}

Bytes ecdsaRawToDer(const Bytes& raw) {
    if (raw.empty() || raw.size() % 2 != 0) {
        throw Error(ErrorCode::InvalidRequest, "a raw ECDSA signature has an even, nonzero length");
    }
    const int half = static_cast<int>(raw.size() / 2);
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw.data(), half, nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + half, half, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        throw Error(ErrorCode::Internal, "out of memory building an ECDSA signature");
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    Bytes der(static_cast<std::size_t>(length));
    unsigned char* out = der.data();
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

}  // namespace kyso
