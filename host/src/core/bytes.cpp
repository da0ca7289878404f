#include "core/bytes.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <cctype>

#include "core/error.hpp"

namespace kyso {

std::string base64Encode(const std::uint8_t* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    // EVP_EncodeBlock takes an int length: encode in slices to stay inside its range.
    constexpr std::size_t kSlice = 3 * (1U << 28);
    std::size_t written = 0;
    for (std::size_t offset = 0; offset < size; offset += kSlice) {
        const std::size_t n = std::min(kSlice, size - offset);
        written += static_cast<std::size_t>(
            EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + written), data + offset,
                            static_cast<int>(n)));
    }
    out.resize(written);
    return out;
}

Bytes base64Decode(std::string_view text, std::string_view what) {
    auto fail = [&] { throwInvalidRequest(std::string(what) + " is not valid base64"); };
    if (text.size() % 4 != 0) {
        fail();
    }
    // A table, not std::isalnum: a 100 MB document is 140 M characters to check.
    static const auto kAlphabet = [] {
        std::array<bool, 256> table{};
        for (const char c :
             std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")) {
            table[static_cast<unsigned char>(c)] = true;
        }
        return table;
    }();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool alphabet = kAlphabet[static_cast<unsigned char>(c)];
        const bool padding =
            c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=');
        if (!alphabet && !padding) {
            fail();
        }
    }
    Bytes out(text.size() / 4 * 3);
    std::size_t written = 0;
    constexpr std::size_t kSlice = 4 * (1U << 28);
    for (std::size_t offset = 0; offset < text.size(); offset += kSlice) {
        const std::size_t n = std::min(kSlice, text.size() - offset);
        const int got = EVP_DecodeBlock(
            out.data() + written, reinterpret_cast<const unsigned char*>(text.data() + offset),
            static_cast<int>(n));
        if (got < 0) {
            fail();
        }
        written += static_cast<std::size_t>(got);
    }
    // EVP_DecodeBlock counts padding as zero bytes; drop them.
    std::size_t pad = 0;
    if (!text.empty() && text.back() == '=') {
        pad = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    }
    out.resize(written - pad);
    return out;
}

std::string hexEncode(const std::uint8_t* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[data[i] >> 4]);
        out.push_back(kDigits[data[i] & 0x0f]);
    }
    return out;
}

Bytes hexDecode(std::string_view text, std::string_view what) {
    Bytes out;
    int high = -1;
    for (const char c : text) {
        if (c == ':') {
            continue;
        }
        int v = -1;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else {
            throwInvalidRequest(std::string(what) + " is not hexadecimal");
        }
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::uint8_t>((high << 4) | v));
            high = -1;
        }
    }
    if (high >= 0) {
        throwInvalidRequest(std::string(what) + " has an odd number of hex digits");
    }
    return out;
}

Bytes sha256(const std::uint8_t* data, std::size_t size) {
    Bytes out(SHA256_DIGEST_LENGTH);
    SHA256(data, size, out.data());
    return out;
}

}  // namespace kyso
