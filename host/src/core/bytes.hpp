#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kyso {

using Bytes = std::vector<std::uint8_t>;

// Encodings through OpenSSL's own codecs (no hand-written base64).
std::string base64Encode(const std::uint8_t* data, std::size_t size);
inline std::string base64Encode(const Bytes& data) {
    return base64Encode(data.data(), data.size());
}
// Strict standard base64 (RFC 4648 section 4, padded); throws INVALID_REQUEST naming `what`.
Bytes base64Decode(std::string_view text, std::string_view what);

std::string hexEncode(const std::uint8_t* data, std::size_t size);
inline std::string hexEncode(const Bytes& data) {
    return hexEncode(data.data(), data.size());
}
// Accepts upper or lower case and optional ':' separators; throws INVALID_REQUEST naming `what`.
Bytes hexDecode(std::string_view text, std::string_view what);

Bytes sha256(const std::uint8_t* data, std::size_t size);
inline Bytes sha256(const Bytes& data) {
    return sha256(data.data(), data.size());
}

}  // namespace kyso
