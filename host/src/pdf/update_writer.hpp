#pragma once

// Writes the bytes of one incremental update (ISO 32000-1 7.5.6): objects, then a
// cross-reference section of the same kind as the previous one (a classic table after a
// table, a cross-reference stream after a stream), a trailer with /Prev, startxref, %%EOF.
// Offsets are absolute: the update is meant to be appended to an input of `inputSize` bytes.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace kyso::pdf {

struct TrailerFields {
    std::uint64_t prev = 0;  // offset of the previous cross-reference section
    std::string root;        // "12 0 R"
    std::string info;        // "3 0 R" or empty
    std::string id;          // "[<...> <...>]"
};

class UpdateWriter {
  public:
    // `needsLeadingEol`: the input does not end with an end-of-line, so one is written first
    // (an object must not start on the %%EOF line).
    UpdateWriter(std::uint64_t inputSize, bool needsLeadingEol);

    // "N G obj\n" + body + "\nendobj\n". The body is a complete PDF object.
    void writeObject(std::uint32_t number, std::uint16_t generation, std::string_view body);
    // A stream object: `dictionaryEntries` are the keys without << >> and without /Length.
    void writeStreamObject(std::uint32_t number, std::string_view dictionaryEntries,
                           const Bytes& data);
    // Object start positions within the update; lets callers find a placeholder.
    std::size_t size() const { return bytes_.size(); }

    void finishWithTable(const TrailerFields& trailer);
    // `number` is the cross-reference stream's own object number (the highest in the update).
    void finishWithStream(std::uint32_t number, const TrailerFields& trailer);

    Bytes& bytes() { return bytes_; }

  private:
    void append(std::string_view text);
    void beginObject(std::uint32_t number, std::uint16_t generation);
    std::uint32_t sizeAfter(std::uint32_t extra) const;

    std::uint64_t inputSize_;
    Bytes bytes_;
    struct Entry {
        std::uint64_t offset;
        std::uint16_t generation;
    };
    std::map<std::uint32_t, Entry> entries_;
};

}  // namespace kyso::pdf
