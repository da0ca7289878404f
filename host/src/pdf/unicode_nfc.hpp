#pragma once

#include <vector>

namespace kyso::pdf {

// Canonical composition (NFC) for the Latin script, Vietnamese included: a base letter
// followed by combining marks (U+0300..U+036F) becomes the precomposed letter the font has
// ("a" U+0302 U+0301 -> "ấ"; "o" U+0323 U+0302 -> "ộ"). Marks that do not compose stay as
// they are. Outside Latin, text passes unchanged: no shaping is attempted.
std::vector<char32_t> composeLatin(const std::vector<char32_t>& text);

}  // namespace kyso::pdf
