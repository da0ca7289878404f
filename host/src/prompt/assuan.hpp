#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// The text side of Assuan, the line protocol GnuPG's pinentry speaks: escaping what we send,
// decoding what comes back, telling reply lines apart. No I/O here, so it is tested directly.
namespace kyso::assuan {

// Assuan refuses lines longer than 1000 bytes, the LF not counted.
constexpr std::size_t kMaxLineBytes = 1000;

// libgpg-error codes (the low 16 bits of an ERR value; the high bits name the source).
constexpr unsigned kErrTimeout = 62;
constexpr unsigned kErrCanceled = 99;
constexpr unsigned kErrNotConfirmed = 114;

// Percent-escapes '%' and every control character (CR and LF included), so a text can never
// end the line early or smuggle in a second command.
std::string escape(std::string_view text);

// "COMMAND escaped-text", shortened if needed so it fits in kMaxLineBytes: the text is cut at
// a character boundary (never inside a UTF-8 sequence or an escape) and ends with "…".
std::string commandLine(std::string_view command, std::string_view text);

// Appends the percent-decoded `data` to `out` without letting `out` grow past `maxSize`
// (so a caller that reserved that much never sees its buffer reallocated and copied).
// Returns false for a malformed escape or when the result would be too long.
bool appendDecoded(std::string_view data, std::string& out, std::size_t maxSize);

enum class LineKind { Ok, Err, Data, Status, Comment, Inquire, Unknown };

struct ParsedLine {
    LineKind kind = LineKind::Unknown;
    std::string_view rest;  // what follows the keyword and its space
};

ParsedLine parseLine(std::string_view line);

struct ErrReply {
    unsigned value = 0;  // the whole gpg_error_t, e.g. 83886179
    std::string text;    // "Operation cancelled <Pinentry>"
    unsigned code() const { return value & 0xFFFFu; }
};

// The part of an ERR line after "ERR "; nullopt when it does not start with a number.
std::optional<ErrReply> parseErr(std::string_view rest);

}  // namespace kyso::assuan
