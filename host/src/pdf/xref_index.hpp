#pragma once

// Where each object of the input lives: the cross-reference sections (7.5.4 tables, 7.5.8
// streams, hybrid files' /XRefStm) read by kyso, newest first along /Prev, with bounded work.
//
// Why not PoDoFo's PdfParser: for every object in the file it creates an object up front
// (about 0.9 KB each: 178 MB for a 50,000-page file), it parses all object streams with a
// loop over all objects for each stream (11 s for that file), it inflates streams without a
// limit and its tokenizer recurses without limit (raw_syntax.hpp). kyso needs a handful of
// objects (catalog, a path down the page tree, a page, the AcroForm); SourceDocument loads
// those on demand from this index.

#include <cstdint>
#include <map>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/input_view.hpp"
#include "pdf/raw_syntax.hpp"

namespace kyso::pdf {

struct XrefLimits {
    // ISO 32000-1 Annex C: the largest object number is 8,388,607.
    std::uint32_t maxObjects = 8388607;
    std::size_t maxSections = 4096;          // revisions (incremental updates)
    std::size_t maxStreamBytes = 32u << 20;  // one cross-reference or object stream, decoded
    std::size_t maxTotalBytes = 256u << 20;  // all streams decoded for one document
};

class XrefIndex {
  public:
    // Reads every section from `startxref` along /Prev (a loop ends the chain).
    // Throws INVALID_PDF, TOO_LARGE (a stream decodes beyond the limits).
    XrefIndex(const InputView& input, std::uint64_t startxref, const XrefLimits& limits = {});

    struct Entry {
        enum class Kind { None, Plain, Compressed } kind = Kind::None;
        std::uint64_t offset = 0;  // Plain: where "N G obj" starts
        std::uint32_t stream = 0;  // Compressed: the object stream's number ...
        std::uint32_t index = 0;   // ... and the object's index in it
    };
    Entry find(std::uint32_t number) const;

    // One more than the highest object number in use or declared by /Size.
    std::uint32_t size() const { return size_; }

    // The sections' trailers, newest first: for a table the offset of the dictionary after
    // "trailer", for a stream the offset of the stream object.
    struct Trailer {
        std::uint64_t offset = 0;
        bool isStream = false;
        raw::Value dictionary;
    };
    const std::vector<Trailer>& trailers() const { return trailers_; }

    // An object stream (7.5.7), decoded (and cached), with its members' numbers and offsets.
    struct ObjectStream {
        Bytes data;
        std::vector<std::pair<std::uint32_t, std::size_t>> members;  // number, start in data
    };
    const ObjectStream& objectStream(std::uint32_t number);

  private:
    void readTable(std::size_t at);
    void readStream(std::uint64_t offset);
    void set(std::uint64_t number, std::uint64_t packed);
    Bytes decode(const raw::StreamObject& stream, std::size_t limit);

    InputView input_;
    XrefLimits limits_;
    std::vector<std::uint64_t> entries_;  // packed Entry, 0: none
    std::uint32_t size_ = 1;
    std::uint64_t entriesRead_ = 0;
    std::size_t decodedBytes_ = 0;
    std::vector<Trailer> trailers_;
    std::map<std::uint32_t, ObjectStream> streams_;
    std::size_t cachedBytes_ = 0;
};

}  // namespace kyso::pdf
