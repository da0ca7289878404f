#pragma once

#include "core/bytes.hpp"

namespace kyso {

// ECDSA signatures come out of OpenSSL as DER ECDSA-Sig-Value; JWS and Web eID use the raw
// concatenation r || s, each left-padded to the curve's field size (IEEE P1363).
Bytes ecdsaDerToRaw(const Bytes& der, std::size_t fieldBytes);
Bytes ecdsaRawToDer(const Bytes& raw);

// Field size in bytes for a curve's bit length (256 -> 32, 384 -> 48, 521 -> 66).
inline std::size_t ecdsaFieldBytes(int curveBits) {
    return (static_cast<std::size_t>(curveBits) + 7) / 8;
}

}  // namespace kyso
