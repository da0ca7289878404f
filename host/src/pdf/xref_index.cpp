#include "pdf/xref_index.hpp"

#include <set>

#include "core/error.hpp"

namespace kyso::pdf {

using raw::Value;

namespace {

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorCode::InvalidPdf, message);
}

// Entries packed in 64 bits (most files have 10^3..10^6 objects): 2 bits of kind, then the
// offset, or the stream number (23 bits) and the index (32 bits).
constexpr std::uint64_t kPlain = 1, kCompressed = 2;

// Decoded object streams kept at once; beyond this the cache starts again.
constexpr std::size_t kMaxCachedBytes = 64u << 20;

std::uint64_t field(const std::uint8_t* p, std::int64_t width) {
    std::uint64_t v = 0;
    for (std::int64_t i = 0; i < width; ++i) {
        v = (v << 8) | p[i];
    }
    return v;
}

}  // namespace

XrefIndex::XrefIndex(const InputView& input, std::uint64_t startxref, const XrefLimits& limits)
    : input_(input), limits_(limits) {
    std::set<std::uint64_t> visited;
    std::optional<std::uint64_t> next = startxref;
    while (next && visited.insert(*next).second) {
        if (visited.size() > limits_.maxSections) {
            invalid("more than " + std::to_string(limits_.maxSections) +
                    " cross-reference sections");
        }
        std::size_t at = static_cast<std::size_t>(*next);
        if (raw::readKeyword(input_, at, "xref")) {
            readTable(at);
        } else {
            readStream(*next);
        }
        const Value& trailer = trailers_.back().dictionary;
        // A hybrid file's table is completed by a cross-reference stream (7.5.8.4), which
        // comes before the previous section.
        if (const auto stm = trailer.integerAt("XRefStm");
            !trailers_.back().isStream && stm && *stm > 0 &&
            static_cast<std::uint64_t>(*stm) < input_.size && visited.insert(*stm).second) {
            readStream(static_cast<std::uint64_t>(*stm));
            trailers_.pop_back();  // the table's trailer stays the section's trailer
        }
        next.reset();
        if (const auto prev = trailers_.back().dictionary.integerAt("Prev");
            prev && *prev >= 0 && static_cast<std::uint64_t>(*prev) < input_.size) {
            next = static_cast<std::uint64_t>(*prev);
        }
    }
    if (const auto declared = trailers_.front().dictionary.integerAt("Size");
        declared && *declared > 0) {
        if (*declared > limits_.maxObjects + 1) {
            invalid("the trailer declares more objects than a PDF may hold");
        }
        size_ = std::max<std::uint32_t>(size_, static_cast<std::uint32_t>(*declared));
    }
}

void XrefIndex::set(std::uint64_t number, std::uint64_t packed) {
    if (number > limits_.maxObjects) {
        invalid("an object number beyond " + std::to_string(limits_.maxObjects));
    }
    if (number >= entries_.size()) {
        entries_.resize(number + 1);
    }
    if (entries_[number] == 0) {  // newer sections come first and win
        entries_[number] = packed;
        size_ = std::max<std::uint32_t>(size_, static_cast<std::uint32_t>(number + 1));
    }
}

void XrefIndex::readTable(std::size_t at) {
    // Subsections "first count" of 20-byte entries "oooooooooo ggggg n" (7.5.4), then
    // "trailer << ... >>".
    for (;;) {
        std::size_t here = at;
        const auto first = raw::readUnsigned(input_, here);
        if (!first) {
            break;
        }
        const auto count = raw::readUnsigned(input_, here);
        if (!count || *first + *count > std::uint64_t{limits_.maxObjects} + 1) {
            invalid("a cross-reference subsection claims more objects than a PDF may hold");
        }
        // An entry is 20 bytes (18 with a one-byte end of line, tolerated): a subsection
        // cannot claim more entries than the rest of the file holds.
        if (*count > (input_.size - here) / 18) {
            invalid("a cross-reference subsection claims more entries than the file holds");
        }
        entriesRead_ += *count;
        if (entriesRead_ > 4ull * limits_.maxObjects) {
            invalid("too many cross-reference entries");
        }
        for (std::uint64_t i = 0; i < *count; ++i) {
            const auto offset = raw::readUnsigned(input_, here);
            const auto generation = raw::readUnsigned(input_, here);
            here = raw::skipSpace(input_, here);
            if (!offset || !generation || here >= input_.size ||
                (input_.data[here] != 'n' && input_.data[here] != 'f')) {
                invalid("a damaged cross-reference table");
            }
            // Free entries are not recorded: an older revision's object of that number then
            // remains findable, which only matters for a reference to a deleted object.
            if (input_.data[here] == 'n' && *offset > 0 && *offset < input_.size) {
                set(*first + i, (*offset << 2) | kPlain);
            }
            ++here;
        }
        at = here;
    }
    if (!raw::readKeyword(input_, at, "trailer")) {
        invalid("a cross-reference table without a trailer");
    }
    Trailer trailer;
    trailer.offset = raw::skipSpace(input_, at);
    trailer.dictionary = raw::readValue(input_, at);
    if (trailer.dictionary.kind != Value::Kind::Dictionary) {
        invalid("a trailer is not a dictionary");
    }
    trailers_.push_back(std::move(trailer));
}

Bytes XrefIndex::decode(const raw::StreamObject& stream, std::size_t limit) {
    const std::size_t left = limits_.maxTotalBytes - decodedBytes_;
    Bytes data = raw::decodeStream(input_, stream, std::min({limit, limits_.maxStreamBytes, left}));
    decodedBytes_ += data.size();
    return data;
}

void XrefIndex::readStream(std::uint64_t offset) {
    const raw::StreamObject stream =
        raw::readStreamObject(input_, static_cast<std::size_t>(offset));
    const Value& d = stream.dictionary;
    const Value* type = d.get("Type");
    if (type == nullptr || type->kind != Value::Kind::Name || type->name != "XRef") {
        invalid("startxref or /Prev points at neither a cross-reference table nor a stream");
    }
    const auto size = d.integerAt("Size");
    if (!size || *size < 0 || *size > std::int64_t{limits_.maxObjects} + 1) {
        invalid("a cross-reference stream's /Size is missing or beyond what a PDF may hold");
    }
    const Value* w = d.get("W");
    if (w == nullptr || w->integers.size() != 3) {
        invalid("a cross-reference stream without a valid /W");
    }
    std::int64_t rowWidth = 0;
    for (const std::int64_t width : w->integers) {
        if (width < 0 || width > 8) {
            invalid("a cross-reference stream's /W field is wider than 8 bytes");
        }
        rowWidth += width;
    }
    if (rowWidth == 0) {
        invalid("a cross-reference stream's /W is all zero");
    }
    std::vector<std::int64_t> index = {0, *size};
    if (const Value* given = d.get("Index"); given != nullptr) {
        index = given->integers;
        if (index.size() % 2 != 0) {
            invalid("a cross-reference stream's /Index is not pairs of numbers");
        }
    }
    std::uint64_t rows = 0;
    for (std::size_t i = 0; i < index.size(); i += 2) {
        if (index[i] < 0 || index[i + 1] < 0 ||
            index[i] + index[i + 1] > std::int64_t{limits_.maxObjects} + 1) {
            invalid("a cross-reference stream's /Index claims more objects than a PDF may hold");
        }
        rows += static_cast<std::uint64_t>(index[i + 1]);
    }
    entriesRead_ += rows;
    if (entriesRead_ > 4ull * limits_.maxObjects) {
        invalid("too many cross-reference entries");
    }
    // What the rows need, with a PNG predictor's byte per row and some slack; a stream that
    // inflates to more is a bomb, not a cross-reference stream.
    const std::uint64_t needed = rows * static_cast<std::uint64_t>(rowWidth + 1) + 65536;
    const Bytes data = decode(stream, static_cast<std::size_t>(needed));
    const std::int64_t* widths = w->integers.data();
    std::size_t row = 0;
    for (std::size_t i = 0; i < index.size(); i += 2) {
        for (std::int64_t k = 0; k < index[i + 1]; ++k, ++row) {
            if ((row + 1) * static_cast<std::size_t>(rowWidth) > data.size()) {
                break;  // fewer rows than claimed: PoDoFo read those there were, too
            }
            const std::uint8_t* p = data.data() + row * static_cast<std::size_t>(rowWidth);
            const std::uint64_t kind = widths[0] == 0 ? 1 : field(p, widths[0]);
            const std::uint64_t a = field(p + widths[0], widths[1]);
            const std::uint64_t b = field(p + widths[0] + widths[1], widths[2]);
            const auto number = static_cast<std::uint64_t>(index[i] + k);
            if (kind == 1 && a > 0 && a < input_.size) {
                set(number, (a << 2) | kPlain);
            } else if (kind == 2 && a <= limits_.maxObjects && b <= 0xffffffffu) {
                set(number, (((a << 32) | b) << 2) | kCompressed);
            }
        }
    }
    Trailer trailer;
    trailer.offset = offset;
    trailer.isStream = true;
    trailer.dictionary = d;
    trailers_.push_back(std::move(trailer));
}

XrefIndex::Entry XrefIndex::find(std::uint32_t number) const {
    Entry e;
    if (number >= entries_.size() || entries_[number] == 0) {
        return e;
    }
    const std::uint64_t packed = entries_[number];
    if ((packed & 3) == kPlain) {
        e.kind = Entry::Kind::Plain;
        e.offset = packed >> 2;
    } else {
        e.kind = Entry::Kind::Compressed;
        e.stream = static_cast<std::uint32_t>(packed >> 34);
        e.index = static_cast<std::uint32_t>((packed >> 2) & 0xffffffffu);
    }
    return e;
}

const XrefIndex::ObjectStream& XrefIndex::objectStream(std::uint32_t number) {
    if (const auto cached = streams_.find(number); cached != streams_.end()) {
        return cached->second;
    }
    const Entry where = find(number);
    if (where.kind != Entry::Kind::Plain) {
        invalid("object stream " + std::to_string(number) + " is missing");
    }
    const raw::StreamObject stream =
        raw::readStreamObject(input_, static_cast<std::size_t>(where.offset));
    const auto n = stream.dictionary.integerAt("N");
    const auto first = stream.dictionary.integerAt("First");
    if (stream.number != number || !n || !first || *n < 0 || *first < 0 ||
        *n > std::int64_t{limits_.maxObjects}) {
        invalid("object stream " + std::to_string(number) + " is damaged");
    }
    ObjectStream decoded;
    decoded.data = decode(stream, limits_.maxStreamBytes);
    // The header: /N pairs "number offset" in the first /First bytes (7.5.7). Each pair needs
    // at least four bytes, so /N cannot exceed what /First holds.
    if (static_cast<std::uint64_t>(*first) > decoded.data.size() || *n > *first / 2 + 1) {
        invalid("object stream " + std::to_string(number) + " has a bad /N or /First");
    }
    const InputView header{decoded.data.data(), static_cast<std::size_t>(*first)};
    std::size_t at = 0;
    for (std::int64_t i = 0; i < *n; ++i) {
        const auto member = raw::readUnsigned(header, at);
        const auto offset = raw::readUnsigned(header, at);
        if (!member || !offset || *member > limits_.maxObjects ||
            *offset > decoded.data.size() - static_cast<std::size_t>(*first)) {
            invalid("object stream " + std::to_string(number) + " has a damaged header");
        }
        decoded.members.emplace_back(static_cast<std::uint32_t>(*member),
                                     static_cast<std::size_t>(*first + *offset));
    }
    if (cachedBytes_ + decoded.data.size() > kMaxCachedBytes) {
        streams_.clear();
        cachedBytes_ = 0;
    }
    cachedBytes_ += decoded.data.size();
    return streams_.emplace(number, std::move(decoded)).first->second;
}

}  // namespace kyso::pdf
