#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Small UTF-8 helpers for dialog texts: cutting at character boundaries and cleaning text that
// comes from a web page before the user sees it in a trusted dialog.
namespace kyso::utf8 {

// Bytes in the UTF-8 sequence that starts at text[pos]; 1 for a byte that starts no valid
// sequence (so callers always make progress).
std::size_t sequenceLength(std::string_view text, std::size_t pos);

// Number of characters (code points) in valid UTF-8 text.
std::size_t length(std::string_view text);

// Text from a page, made safe to show: invalid bytes become U+FFFD, control characters
// (newlines included) become spaces so the page cannot lay out lines of the dialog, and
// bidirectional overrides are removed so it cannot reorder what the user reads. Longer than
// `maxChars` characters: cut and ended with "…".
std::string cleanUntrusted(std::string_view text, std::size_t maxChars);

// The first `maxChars` characters of `text` (whole sequences only).
std::string prefix(std::string_view text, std::size_t maxChars);

// `text` if it has at most `maxBytes` bytes, else its longest prefix of whole characters that
// fits with a closing "…" (3 bytes) in `maxBytes`.
std::string limitBytes(std::string_view text, std::size_t maxBytes);

}  // namespace kyso::utf8
