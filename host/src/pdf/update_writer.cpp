#include "pdf/update_writer.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "core/error.hpp"

namespace kyso::pdf {

UpdateWriter::UpdateWriter(std::uint64_t inputSize, bool needsLeadingEol) : inputSize_(inputSize) {
    if (needsLeadingEol) {
        append("\n");
    }
}

void UpdateWriter::append(std::string_view text) {
    bytes_.insert(bytes_.end(), text.begin(), text.end());
}

void UpdateWriter::beginObject(std::uint32_t number, std::uint16_t generation) {
    if (!entries_.emplace(number, Entry{inputSize_ + bytes_.size(), generation}).second) {
        throw Error(ErrorCode::Internal,
                    "object " + std::to_string(number) + " written twice in one update");
    }
    append(std::to_string(number) + " " + std::to_string(generation) + " obj\n");
}

void UpdateWriter::writeObject(std::uint32_t number, std::uint16_t generation,
                               std::string_view body) {
    beginObject(number, generation);
    append(body);
    append("\nendobj\n");
}

void UpdateWriter::writeStreamObject(std::uint32_t number, std::string_view dictionaryEntries,
                                     const Bytes& data) {
    beginObject(number, 0);
    append("<<");
    append(dictionaryEntries);
    append(" /Length " + std::to_string(data.size()) + " >>\nstream\n");
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    append("\nendstream\nendobj\n");
}

std::uint32_t UpdateWriter::sizeAfter(std::uint32_t extra) const {
    std::uint32_t highest = extra;
    if (!entries_.empty()) {
        highest = std::max(highest, entries_.rbegin()->first);
    }
    return highest + 1;
}

namespace {

// Consecutive object numbers form one subsection ("first count" then the entries).
template <class Map, class Visit>
void forEachRun(const Map& entries, Visit&& visit) {
    auto it = entries.begin();
    while (it != entries.end()) {
        auto end = it;
        std::uint32_t expected = it->first;
        while (end != entries.end() && end->first == expected) {
            ++end, ++expected;
        }
        visit(it, end);
        it = end;
    }
}

std::string trailerKeys(const TrailerFields& trailer, std::uint32_t size) {
    std::string out = "/Size " + std::to_string(size) + " /Root " + trailer.root;
    if (!trailer.info.empty()) {
        out += " /Info " + trailer.info;
    }
    out += " /ID " + trailer.id + " /Prev " + std::to_string(trailer.prev);
    return out;
}

}  // namespace

void UpdateWriter::finishWithTable(const TrailerFields& trailer) {
    const std::uint64_t xrefOffset = inputSize_ + bytes_.size();
    append("xref\n");
    forEachRun(entries_, [&](auto begin, auto end) {
        append(std::to_string(begin->first) + " " + std::to_string(std::distance(begin, end)) +
               "\n");
        for (auto it = begin; it != end; ++it) {
            std::array<char, 32> line{};
            // Exactly 20 bytes per entry, including the two-character end of line (7.5.4).
            std::snprintf(line.data(), line.size(), "%010llu %05u n\r\n",
                          static_cast<unsigned long long>(it->second.offset),
                          static_cast<unsigned>(it->second.generation));
            append(line.data());
        }
    });
    append("trailer\n<< " + trailerKeys(trailer, sizeAfter(0)) + " >>\nstartxref\n" +
           std::to_string(xrefOffset) + "\n%%EOF\n");
}

void UpdateWriter::finishWithStream(std::uint32_t number, const TrailerFields& trailer) {
    const std::uint64_t xrefOffset = inputSize_ + bytes_.size();
    entries_.emplace(number, Entry{xrefOffset, 0});  // the stream lists itself
    int offsetWidth = 1;
    while (offsetWidth < 8 && (xrefOffset >> (8 * offsetWidth)) != 0) {
        ++offsetWidth;
    }
    Bytes data;
    std::string index;
    forEachRun(entries_, [&](auto begin, auto end) {
        index +=
            std::to_string(begin->first) + " " + std::to_string(std::distance(begin, end)) + " ";
        for (auto it = begin; it != end; ++it) {
            data.push_back(1);  // type 1: an uncompressed object at an offset
            for (int shift = 8 * (offsetWidth - 1); shift >= 0; shift -= 8) {
                data.push_back(static_cast<std::uint8_t>(it->second.offset >> shift));
            }
            data.push_back(static_cast<std::uint8_t>(it->second.generation >> 8));
            data.push_back(static_cast<std::uint8_t>(it->second.generation));
        }
    });
    index.pop_back();
    append(std::to_string(number) + " 0 obj\n<< /Type /XRef " +
           trailerKeys(trailer, sizeAfter(number)) + " /W [1 " + std::to_string(offsetWidth) +
           " 2] /Index [" + index + "] /Length " + std::to_string(data.size()) + " >>\nstream\n");
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    append("\nendstream\nendobj\nstartxref\n" + std::to_string(xrefOffset) + "\n%%EOF\n");
}

}  // namespace kyso::pdf
