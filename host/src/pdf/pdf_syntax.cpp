#include "pdf/pdf_syntax.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"

namespace kyso::pdf {

std::string pdfNumber(double value) {
    if (!std::isfinite(value)) {
        throw Error(ErrorCode::Internal, "non-finite number in PDF output");
    }
    std::array<char, 64> text{};
    std::snprintf(text.data(), text.size(), "%.4f", value);
    std::string result(text.data());
    while (result.back() == '0') {
        result.pop_back();
    }
    if (result.back() == '.') {
        result.pop_back();
    }
    if (result == "-0") {
        result = "0";
    }
    return result;
}

std::vector<char32_t> decodeUtf8(std::string_view utf8, std::string_view what) {
    std::vector<char32_t> out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    auto fail = [&]() { throwInvalidRequest(std::string(what) + " is not valid UTF-8"); };
    while (i < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        std::size_t extra = 0;
        char32_t cp = 0;
        char32_t minimum = 0;
        if (lead < 0x80) {
            cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1, cp = lead & 0x1Fu, minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2, cp = lead & 0x0Fu, minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3, cp = lead & 0x07u, minimum = 0x10000;
        } else {
            fail();
        }
        if (extra > 0 && i + extra >= utf8.size()) {
            fail();
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xC0) != 0x80) {
                fail();
            }
            cp = (cp << 6) | (next & 0x3Fu);
        }
        if (extra > 0 && (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
            fail();
        }
        out.push_back(cp);
        i += extra + 1;
    }
    return out;
}

std::string encodeUtf8(const std::vector<char32_t>& codePoints) {
    std::string out;
    for (char32_t cp : codePoints) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

std::string pdfTextString(std::string_view utf8) {
    const std::vector<char32_t> codePoints = decodeUtf8(utf8, "a signature text field");
    bool printableAscii = true;
    for (char32_t cp : codePoints) {
        printableAscii = printableAscii && cp >= 0x20 && cp < 0x7F;
    }
    if (printableAscii) {
        std::string out = "(";
        for (char32_t cp : codePoints) {
            if (cp == '(' || cp == ')' || cp == '\\') {
                out += '\\';
            }
            out += static_cast<char>(cp);
        }
        return out + ")";
    }
    static const char* const hex = "0123456789ABCDEF";
    std::string out = "<FEFF";
    auto unit = [&](std::uint32_t u) {
        for (int shift = 12; shift >= 0; shift -= 4) {
            out += hex[(u >> shift) & 0xF];
        }
    };
    for (char32_t cp : codePoints) {
        if (cp >= 0x10000) {
            const std::uint32_t v = static_cast<std::uint32_t>(cp) - 0x10000;
            unit(0xD800 + (v >> 10));
            unit(0xDC00 + (v & 0x3FF));
        } else {
            unit(static_cast<std::uint32_t>(cp));
        }
    }
    return out + ">";
}

std::string pdfName(std::string_view name) {
    static const std::string_view delimiters = "()<>[]{}/%#";
    std::string out = "/";
    for (char ch : name) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte < 0x21 || byte > 0x7E || delimiters.find(ch) != std::string_view::npos) {
            std::array<char, 4> escaped{};
            std::snprintf(escaped.data(), escaped.size(), "#%02X", byte);
            out += escaped.data();
        } else {
            out += ch;
        }
    }
    return out;
}

std::string pdfDate(std::time_t when) {
    std::tm local{};
    localtime_r(&when, &local);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "D:%Y%m%d%H%M%S", &local);
    const long offset = local.tm_gmtoff;
    const long minutes = std::labs(offset) / 60;
    std::array<char, 40> zone{};
    if (offset == 0) {
        std::snprintf(zone.data(), zone.size(), "Z");
    } else {
        std::snprintf(zone.data(), zone.size(), "%c%02ld'%02ld'", offset < 0 ? '-' : '+',
                      minutes / 60, minutes % 60);
    }
    return "(" + std::string(text.data()) + zone.data() + ")";
}

}  // namespace kyso::pdf
