#pragma once

// The few PDF structures kyso reads itself, before PoDoFo sees anything: cross-reference
// sections, trailers, object stream headers. Every function here does work bounded by its
// input and refuses what PoDoFo 0.9.8 would not survive: its tokenizer recurses without limit
// through a dictionary nested in a dictionary (a 1 MB file of "<< /A << /A ..." overflows the
// stack), and its stream decoder inflates whole streams into memory with no limit (a 2 MB
// object stream can ask for GBs). docs/pdf-signing.md lists the limits.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/input_view.hpp"

namespace kyso::pdf::raw {

// Arrays and dictionaries nested deeper than this are refused (INVALID_PDF). Real documents
// nest a few levels (a page's /Resources << /Font << /F1 ... >> >>); deeper structure is made
// of references, which cost no recursion.
constexpr int kMaxNesting = 64;

// A direct value, kept only as far as kyso needs it (dictionary keys, integers, names,
// references, arrays of integers or names). Anything else is checked for nesting and skipped.
struct Value {
    enum class Kind { Other, Integer, Name, Reference, Array, Dictionary };
    Kind kind = Kind::Other;
    std::int64_t integer = 0;            // Integer; Reference: the object number
    std::string name;                    // Name (without the slash, #xx escapes left as they are)
    std::vector<std::int64_t> integers;  // Array: its integers, in order
    std::vector<std::string> names;      // Array: its names, in order
    std::vector<Value> dictionaries;     // Array: its first few dictionaries (/DecodeParms [<<>>])
    std::map<std::string, Value> entries;  // Dictionary

    const Value* get(const std::string& key) const;
    std::optional<std::int64_t> integerAt(const std::string& key) const;
};

// Whitespace and comments (7.2.3, 7.2.4) from `at`; returns the first other offset.
std::size_t skipSpace(const InputView& in, std::size_t at);

// An unsigned integer at `at` (after whitespace); advances past it.
std::optional<std::uint64_t> readUnsigned(const InputView& in, std::size_t& at);

// `word` at `at` (after whitespace) followed by a delimiter or whitespace; advances past it.
bool readKeyword(const InputView& in, std::size_t& at, std::string_view word);

// The value at `at` (after whitespace); advances past it. INVALID_PDF on nesting deeper than
// kMaxNesting or input that ends inside the value.
Value readValue(const InputView& in, std::size_t& at);

// Checks the nesting of the value at `at` without keeping it; advances past it.
void skipValue(const InputView& in, std::size_t& at);

// A stream object "N G obj << ... >> stream ... endstream" at `offset`.
struct StreamObject {
    std::uint32_t number = 0;
    Value dictionary;
    std::size_t dataStart = 0;
    std::size_t dataLength = 0;
};
StreamObject readStreamObject(const InputView& in, std::size_t offset);

// The decoded data of a stream with no filter or /FlateDecode (with or without a PNG
// predictor): what cross-reference and object streams use. Other filters there are refused
// (INVALID_PDF). More than `limit` decoded bytes: TOO_LARGE, found after decoding at most
// limit + 64 KiB, whatever the stream claims.
Bytes decodeStream(const InputView& in, const StreamObject& stream, std::size_t limit);

}  // namespace kyso::pdf::raw
