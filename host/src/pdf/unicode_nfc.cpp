#include "pdf/unicode_nfc.hpp"

#include <algorithm>
#include <iterator>

#include "pdf/unicode_nfc_data.hpp"

// unicode_nfc_data.hpp is generated with Python's unicodedata: every code point c in
// U+00C0..U+024F and U+1E00..U+1EFF whose canonical decomposition is a pair (a, b) with
// NFC(a b) == c, and unicodedata.combining() of U+0300..U+036F.

namespace kyso::pdf {

namespace {

int combiningClass(char32_t c) {
    if (c >= 0x0300 && c < 0x0300 + std::size(nfc_data::kCombiningClass0300)) {
        return nfc_data::kCombiningClass0300[c - 0x0300];
    }
    return 0;
}

char32_t compose(char32_t first, char32_t second) {
    const auto* begin = std::begin(nfc_data::kCompositions);
    const auto* end = std::end(nfc_data::kCompositions);
    const auto* it = std::lower_bound(begin, end, std::make_pair(first, second),
                                      [](const nfc_data::Composition& c, const auto& key) {
                                          return c.first < key.first ||
                                                 (c.first == key.first && c.second < key.second);
                                      });
    return it != end && it->first == first && it->second == second ? it->composed : 0;
}

}  // namespace

std::vector<char32_t> composeLatin(const std::vector<char32_t>& text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    std::size_t starter = 0;
    bool haveStarter = false;
    int lastClass = 0;  // class of the last mark kept after the starter (0: none yet)
    for (char32_t c : text) {
        const int cc = combiningClass(c);
        if (cc != 0 && haveStarter && (lastClass == 0 || lastClass < cc)) {
            // Not blocked (UAX #15): no kept mark of the same or higher class in between.
            if (const char32_t composed = compose(out[starter], c); composed != 0) {
                out[starter] = composed;
                continue;
            }
        }
        out.push_back(c);
        if (cc == 0) {
            starter = out.size() - 1;
            haveStarter = true;
            lastClass = 0;
        } else {
            lastClass = cc;
        }
    }
    return out;
}

}  // namespace kyso::pdf
