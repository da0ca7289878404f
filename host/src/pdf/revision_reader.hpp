#pragma once

// One revision of a PDF read as its source tokens: the file's prefix up to that revision's
// %%EOF, its cross-reference sections (xref_index.hpp) and each object as a tree of the tokens
// it was written with. Two revisions' objects compare equal only when every token is the same
// text: `595.303937007874` and `595.303937` differ, and so do `(A)` and `<41>`, `/A#20B` and
// `/A B`, or the same keys in another order. This is what revision_diff.hpp compares; PoDoFo's
// parsed values would hide exactly the rewrites a strict validator sees.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pdf/input_view.hpp"
#include "pdf/xref_index.hpp"

namespace kyso::pdf {

// A value as written. Atoms (numbers, strings, booleans, null) and names keep their text;
// dictionaries keep their keys in order.
struct Token {
    enum class Kind { Atom, Name, Reference, Array, Dictionary };
    Kind kind = Kind::Atom;
    std::string text;          // Atom: the token; Name: without the slash; Reference: "N G"
    std::uint32_t number = 0;  // Reference: the object number
    std::vector<Token> items;  // Array
    std::vector<std::pair<std::string, Token>> entries;  // Dictionary, in the file's order

    const Token* get(const std::string& key) const;  // nullptr when absent
    bool isName(const std::string& name) const { return kind == Kind::Name && text == name; }
};

bool operator==(const Token& a, const Token& b);
inline bool operator!=(const Token& a, const Token& b) {
    return !(a == b);
}

// An indirect object: its value and, for a stream, where its data lies in the file.
struct SourceObject {
    Token value;
    bool isStream = false;
    std::size_t dataStart = 0;
    std::size_t dataLength = 0;
};

class RevisionReader {
  public:
    // The revision that ends at `end` bytes of `file` (a signature's ByteRange end, or the
    // file's size). Throws INVALID_PDF, TOO_LARGE as XrefIndex does.
    RevisionReader(const InputView& file, std::size_t end);

    std::size_t end() const { return input_.size; }
    std::uint32_t size() const { return index_->size(); }
    XrefIndex::Entry entry(std::uint32_t number) const { return index_->find(number); }
    // Root of the newest trailer that has one; 0 if none.
    std::uint32_t root() const { return root_; }

    // The object, parsed on first use and kept; nullptr when the revision has none.
    const SourceObject* object(std::uint32_t number);
    // `value` itself, or the object it refers to (one hop: references to references are rare
    // and kyso never writes them); nullptr for a missing object.
    const Token* resolve(const Token* value);
    // The stream data's bytes as they are in the file.
    std::string_view data(const SourceObject& object) const;

    // True when `number` is stored at the same place with the same bytes as in `other`, which
    // must be a revision of the same file: the cheap test that spares parsing.
    bool sameStorage(const RevisionReader& other, std::uint32_t number) const;

  private:
    SourceObject parse(std::uint32_t number);

    InputView input_;
    std::unique_ptr<XrefIndex> index_;
    std::map<std::uint32_t, std::unique_ptr<SourceObject>> parsed_;
    std::uint32_t root_ = 0;
};

// A value read from `at` in `in` (after whitespace); advances past it. INVALID_PDF on nesting
// deeper than raw::kMaxNesting or input that ends inside the value.
Token readToken(const InputView& in, std::size_t& at);

}  // namespace kyso::pdf
