#pragma once

// Edits one object of the input as text: its original source with only the keys kyso sets
// spliced in. Every other token (numbers with all their digits, literal and hex strings, names
// with #xx escapes, references, the order of keys, even comments) is written back byte for
// byte. Why not PoDoFo: it re-serialises a whole object (reals with six decimals, strings and
// names re-escaped), and revision-comparing validators (Acrobat, EU DSS, pyHanko) then judge an
// earlier signature's document modified by values nobody changed.

#include <string>
#include <string_view>
#include <vector>

namespace kyso::pdf {

class SourceEdit {
  public:
    // `text`: one complete dictionary "<< ... >>" or array "[ ... ]" (a value's exact source).
    // Throws INVALID_PDF when it is neither or does not parse.
    explicit SourceEdit(std::string text);

    bool isDictionary() const;
    // The value's source text under `key` ("12 0 R", "[0 0 595.3 841.9]", ...); empty when the
    // key is absent. Keys are compared with #xx escapes decoded (/An#6Eots is /Annots).
    std::string valueText(std::string_view key) const;
    // Replaces the value of `key` where it stands, or appends " /key value" before ">>".
    void set(std::string_view key, std::string_view valueSource);
    void remove(std::string_view key);
    // Appends items ("12 0 R") before the closing "]": of this array, or of the inline array
    // under `key` (INVALID_PDF if that value is not an inline array).
    void append(const std::vector<std::string>& items);
    void appendTo(std::string_view key, const std::vector<std::string>& items);

    const std::string& text() const { return text_; }

  private:
    struct Entry {
        std::string key;           // decoded
        std::size_t keyBegin = 0;  // at the '/'
        std::size_t valueBegin = 0, valueEnd = 0;
    };
    struct Layout {
        std::vector<Entry> entries;  // dictionary: its keys; array: items (key empty)
        std::size_t close = 0;       // where ">>" or "]" starts
    };
    Layout layout() const;
    const Entry* find(const Layout& layout, std::string_view key) const;
    // Inserts `source` at `at`, with a space on either side where tokens would otherwise run
    // together.
    void insert(std::size_t at, std::string_view source);
    void replace(std::size_t begin, std::size_t end, std::string_view source);

    std::string text_;
};

}  // namespace kyso::pdf
