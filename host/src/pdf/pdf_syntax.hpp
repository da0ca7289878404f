#pragma once

// Small writers for PDF tokens (ISO 32000-1 7.3): what the incremental update serialises
// itself instead of going through PoDoFo's writer.

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::pdf {

// A number as PDF wants it: no exponent, at most 4 decimals, no trailing zeros ("12", "0.5").
std::string pdfNumber(double value);

// A text string (7.9.2.2): printable ASCII as a literal string "(...)" with escapes, anything
// else as UTF-16BE with a byte order mark, hex-encoded "<FEFF...>". Input is UTF-8.
std::string pdfTextString(std::string_view utf8);

// "/Name" with #xx escapes for delimiters, whitespace and bytes outside 0x21..0x7e (7.3.5).
std::string pdfName(std::string_view name);

// A date (7.9.4) in local time with its real UTC offset: "(D:20261123191622+07'00')".
std::string pdfDate(std::time_t when);

// UTF-8 to code points. Throws INVALID_REQUEST on malformed UTF-8 (overlong forms, surrogates,
// values above U+10FFFF, truncated sequences); `what` names the offending field.
std::vector<char32_t> decodeUtf8(std::string_view utf8, std::string_view what);
std::string encodeUtf8(const std::vector<char32_t>& codePoints);

}  // namespace kyso::pdf
