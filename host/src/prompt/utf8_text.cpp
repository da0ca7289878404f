#include "prompt/utf8_text.hpp"

#include <cstdint>

namespace kyso::utf8 {
namespace {

// Decodes the sequence at text[pos]; returns 0 and leaves `codePoint` unset when invalid
// (overlong forms, surrogates and values past U+10FFFF are invalid too).
std::size_t decode(std::string_view text, std::size_t pos, std::uint32_t& codePoint) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(pos);
    std::size_t length = 0;
    std::uint32_t value = 0;
    std::uint32_t minimum = 0;
    if (lead < 0x80) {
        codePoint = lead;
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1Fu, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0Fu, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07u, minimum = 0x10000;
    } else {
        return 0;
    }
    if (pos + length > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            return 0;
        }
        value = (value << 6) | (byte(pos + i) & 0x3Fu);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return 0;
    }
    codePoint = value;
    return length;
}

bool isBidiControl(std::uint32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

bool isControl(std::uint32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

}  // namespace

std::size_t sequenceLength(std::string_view text, std::size_t pos) {
    std::uint32_t ignored = 0;
    std::size_t length = decode(text, pos, ignored);
    return length == 0 ? 1 : length;
}

std::size_t length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); pos += sequenceLength(text, pos)) {
        ++count;
    }
    return count;
}

std::string cleanUntrusted(std::string_view text, std::size_t maxChars) {
    std::string out;
    std::size_t chars = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::uint32_t codePoint = 0;
        std::size_t length = decode(text, pos, codePoint);
        if (chars == maxChars) {
            out += "…";
            break;
        }
        if (length == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            pos += 1;
        } else if (isBidiControl(codePoint)) {
            pos += length;
            continue;
        } else if (isControl(codePoint)) {
            out += ' ';
            pos += length;
        } else {
            out.append(text, pos, length);
            pos += length;
        }
        ++chars;
    }
    return out;
}

std::string prefix(std::string_view text, std::size_t maxChars) {
    std::size_t pos = 0;
    for (std::size_t chars = 0; chars < maxChars && pos < text.size(); ++chars) {
        pos += sequenceLength(text, pos);
    }
    return std::string(text.substr(0, pos));
}

std::string limitBytes(std::string_view text, std::size_t maxBytes) {
    static constexpr std::string_view kEllipsis = "…";
    if (text.size() <= maxBytes) {
        return std::string(text);
    }
    std::size_t keep = 0;
    while (keep < text.size()) {
        const std::size_t next = keep + sequenceLength(text, keep);
        if (next + kEllipsis.size() > maxBytes) {
            break;
        }
        keep = next;
    }
    return std::string(text.substr(0, keep)) + std::string(kEllipsis);
}

}  // namespace kyso::utf8
