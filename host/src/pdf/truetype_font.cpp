#include "pdf/truetype_font.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <vector>

#include "core/error.hpp"

namespace kyso::pdf {

namespace {

[[noreturn]] void badFont(const std::string& why) {
    throwInvalidRequest("unusable TrueType font: " + why);
}

void put16(Bytes& out, std::size_t at, std::uint16_t v) {
    out[at] = static_cast<std::uint8_t>(v >> 8);
    out[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes& out, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    }
}
void append32(Bytes& out, std::uint32_t v) {
    out.resize(out.size() + 4);
    put32(out, out.size() - 4, v);
}

std::uint32_t checksum(const Bytes& data, std::size_t from, std::size_t length) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < length; i += 4) {
        std::uint32_t word = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            word = (word << 8) | (i + k < length ? data[from + i + k] : 0u);
        }
        sum += word;
    }
    return sum;
}

std::uint16_t get16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>((b.at(at) << 8) | b.at(at + 1));
}

}  // namespace

// Removes a glyph's hinting instructions (the subset carries no fpgm/prep/cvt: at signature
// sizes, PDF viewers rasterise without the font's hinting anyway, and the instructions are
// about half of Liberation's glyph data) and renumbers composite components.
template <class Components>
void TrueTypeFont::stripInstructions(Bytes& glyph, const Components& components,
                                     const std::map<std::uint16_t, std::uint16_t>& newId) {
    const auto contours = static_cast<std::int16_t>(get16(glyph, 0));
    if (contours >= 0) {
        const std::size_t lengthAt = 10 + 2u * static_cast<std::size_t>(contours);
        if (lengthAt + 2 > glyph.size()) {
            return;
        }
        const std::size_t length = get16(glyph, lengthAt);
        if (lengthAt + 2 + length > glyph.size()) {
            return;
        }
        glyph.erase(glyph.begin() + static_cast<std::ptrdiff_t>(lengthAt + 2),
                    glyph.begin() + static_cast<std::ptrdiff_t>(lengthAt + 2 + length));
        put16(glyph, lengthAt, 0);
        return;
    }
    for (std::size_t at : components.flagsAt) {
        put16(glyph, at, static_cast<std::uint16_t>(get16(glyph, at) & ~0x0100u));
        const auto found = newId.find(get16(glyph, at + 2));
        put16(glyph, at + 2, found != newId.end() ? found->second : 0);
    }
    if (components.end > 0 && components.end <= glyph.size()) {
        glyph.resize(components.end);
    }
}

TrueTypeFont TrueTypeFont::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throwInvalidRequest("cannot read the font " + path);
    }
    Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return TrueTypeFont(std::move(data));
}

std::uint16_t TrueTypeFont::u16(std::size_t at) const {
    if (at + 2 > data_.size()) {
        badFont("a table runs past the end of the file");
    }
    return static_cast<std::uint16_t>((data_[at] << 8) | data_[at + 1]);
}

std::uint32_t TrueTypeFont::u32(std::size_t at) const {
    return (static_cast<std::uint32_t>(u16(at)) << 16) | u16(at + 2);
}

bool TrueTypeFont::hasTable(const char* tag) const {
    const std::uint16_t count = u16(4);
    for (std::uint16_t i = 0; i < count; ++i) {
        if (std::memcmp(&data_.at(12 + 16u * i), tag, 4) == 0) {
            return true;
        }
    }
    return false;
}

TrueTypeFont::Table TrueTypeFont::table(const char* tag) const {
    const std::uint16_t count = u16(4);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t record = 12 + 16u * i;
        u32(record + 12);  // bounds
        if (std::memcmp(&data_[record], tag, 4) == 0) {
            const Table t{u32(record + 8), u32(record + 12)};
            if (t.offset > data_.size() || t.length > data_.size() - t.offset) {
                badFont(std::string("table ") + tag + " is outside the file");
            }
            return t;
        }
    }
    badFont(std::string("no ") + tag + " table");
}

TrueTypeFont::TrueTypeFont(Bytes data) : data_(std::move(data)) {
    if (data_.size() < 12 || (u32(0) != 0x00010000 && u32(0) != 0x74727565)) {
        badFont("not a TrueType font (CFF-based OpenType fonts are not supported)");
    }
    const Table head = table("head");
    unitsPerEm_ = u16(head.offset + 18);
    for (std::size_t i = 0; i < 4; ++i) {
        bbox_[i] = static_cast<std::int16_t>(u16(head.offset + 36 + 2 * i));
    }
    longLoca_ = u16(head.offset + 50) != 0;
    const Table hhea = table("hhea");
    ascender_ = static_cast<std::int16_t>(u16(hhea.offset + 4));
    descender_ = static_cast<std::int16_t>(u16(hhea.offset + 6));
    numberOfHMetrics_ = u16(hhea.offset + 34);
    numGlyphs_ = u16(table("maxp").offset + 4);
    if (unitsPerEm_ < 16 || numGlyphs_ == 0 || numberOfHMetrics_ == 0 ||
        numberOfHMetrics_ > numGlyphs_) {
        badFont("inconsistent head/hhea/maxp");
    }
    if (table("hmtx").length < 4u * numberOfHMetrics_ ||
        table("loca").length < (longLoca_ ? 4u : 2u) * (numGlyphs_ + 1u)) {
        badFont("hmtx or loca too short");
    }
    table("glyf");
    capHeight_ = ascender_;
    if (hasTable("OS/2")) {
        const Table os2 = table("OS/2");
        if (os2.length >= 90 && u16(os2.offset) >= 2) {
            capHeight_ = static_cast<std::int16_t>(u16(os2.offset + 88));
        }
    }
    if (hasTable("post")) {
        italicAngle_ = static_cast<std::int32_t>(u32(table("post").offset + 4)) / 65536.0;
    }
    findCmap();
    readName();
}

void TrueTypeFont::findCmap() {
    const Table cmap = table("cmap");
    const std::uint16_t count = u16(cmap.offset + 2);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t record = cmap.offset + 4 + 8u * i;
        const std::uint16_t platform = u16(record);
        const std::uint16_t encoding = u16(record + 2);
        const std::size_t sub = cmap.offset + u32(record + 4);
        const bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!unicode) {
            continue;
        }
        const std::uint16_t format = u16(sub);
        if (format == 4 && cmap4_ == 0) {
            cmap4_ = sub;
        } else if (format == 12 && cmap12_ == 0) {
            cmap12_ = sub;
        }
    }
    if (cmap4_ == 0 && cmap12_ == 0) {
        badFont("no Unicode cmap (format 4 or 12)");
    }
}

void TrueTypeFont::readName() {
    if (!hasTable("name")) {
        return;
    }
    const Table name = table("name");
    const std::uint16_t count = u16(name.offset + 2);
    const std::size_t strings = name.offset + u16(name.offset + 4);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t record = name.offset + 6 + 12u * i;
        if (u16(record + 6) != 6) {  // PostScript name
            continue;
        }
        const bool wide = u16(record) != 1;
        const std::size_t length = u16(record + 8);
        const std::size_t at = strings + u16(record + 10);
        std::string result;
        for (std::size_t k = wide ? 1 : 0; k < length; k += wide ? 2 : 1) {
            const char c = static_cast<char>(data_.at(at + k));
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-') {
                result += c;
            }
        }
        if (!result.empty()) {
            postScriptName_ = result;
            return;
        }
    }
}

std::uint16_t TrueTypeFont::glyphFor(char32_t cp) const {
    if (cmap12_ != 0) {
        const std::uint32_t groups = u32(cmap12_ + 12);
        for (std::uint32_t g = 0; g < groups; ++g) {
            const std::size_t at = cmap12_ + 16 + 12u * g;
            const std::uint32_t start = u32(at);
            if (cp >= start && cp <= u32(at + 4)) {
                const std::uint32_t glyph = u32(at + 8) + (cp - start);
                return glyph < numGlyphs_ ? static_cast<std::uint16_t>(glyph) : 0;
            }
        }
        return 0;
    }
    if (cp > 0xFFFF) {
        return 0;
    }
    const std::size_t segCount = u16(cmap4_ + 6) / 2u;
    const std::size_t ends = cmap4_ + 14;
    const std::size_t starts = ends + 2 * segCount + 2;
    const std::size_t deltas = starts + 2 * segCount;
    const std::size_t rangeOffsets = deltas + 2 * segCount;
    for (std::size_t i = 0; i < segCount; ++i) {
        if (u16(ends + 2 * i) < cp) {
            continue;
        }
        const std::uint16_t start = u16(starts + 2 * i);
        if (start > cp) {
            return 0;
        }
        const std::uint16_t delta = u16(deltas + 2 * i);
        const std::uint16_t rangeOffset = u16(rangeOffsets + 2 * i);
        std::uint32_t glyph = 0;
        if (rangeOffset == 0) {
            glyph = (cp + delta) & 0xFFFFu;
        } else {
            glyph = u16(rangeOffsets + 2 * i + rangeOffset + 2 * (cp - start));
            if (glyph != 0) {
                glyph = (glyph + delta) & 0xFFFFu;
            }
        }
        return glyph < numGlyphs_ ? static_cast<std::uint16_t>(glyph) : 0;
    }
    return 0;
}

std::uint16_t TrueTypeFont::advance(std::uint16_t glyph) const {
    const std::size_t index = std::min<std::size_t>(glyph, numberOfHMetrics_ - 1u);
    return u16(table("hmtx").offset + 4 * index);
}

std::uint32_t TrueTypeFont::glyphOffset(std::uint16_t glyph) const {
    const std::size_t loca = table("loca").offset;
    const std::uint32_t offset = longLoca_ ? u32(loca + 4u * glyph) : 2u * u16(loca + 2u * glyph);
    return offset;
}

TrueTypeFont::Subset TrueTypeFont::subset(const std::set<std::uint16_t>& glyphs) const {
    const Table glyf = table("glyf");
    // Where, within a composite glyph, its components' flags and glyph ids are, and where the
    // component list ends (instructions may follow). Empty for simple or empty glyphs.
    struct Components {
        std::vector<std::size_t> flagsAt;
        std::size_t end = 0;
    };
    auto components = [&](std::uint16_t g) {
        Components found;
        const std::uint32_t begin = glyphOffset(g);
        const std::uint32_t end = glyphOffset(static_cast<std::uint16_t>(g + 1));
        if (end <= begin || end > glyf.length ||
            static_cast<std::int16_t>(u16(glyf.offset + begin)) >= 0) {
            return found;  // empty (a space), damaged, or a simple glyph
        }
        std::size_t pos = 10;
        const std::size_t limit = end - begin;
        for (int component = 0; component < 64 && pos + 4 <= limit; ++component) {
            const std::uint16_t flags = u16(glyf.offset + begin + pos);
            found.flagsAt.push_back(pos);
            pos += 4 + ((flags & 0x0001) ? 4 : 2);
            pos += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
            if ((flags & 0x0020) == 0) {
                break;
            }
        }
        found.end = std::min(pos, limit);
        return found;
    };
    // Which glyphs to keep: the requested ones, .notdef, and composite components.
    std::set<std::uint16_t> keep;
    std::vector<std::uint16_t> work(glyphs.begin(), glyphs.end());
    work.push_back(0);
    while (!work.empty()) {
        const std::uint16_t g = work.back();
        work.pop_back();
        if (g >= numGlyphs_ || !keep.insert(g).second) {
            continue;
        }
        for (std::size_t at : components(g).flagsAt) {
            work.push_back(u16(glyf.offset + glyphOffset(g) + at + 2));
        }
    }
    Subset result;
    for (std::uint16_t g : keep) {
        result.newId.emplace(g, static_cast<std::uint16_t>(result.newId.size()));
    }

    Bytes newGlyf;
    Bytes newLoca;
    Bytes newHmtx;
    const std::size_t hmtx = table("hmtx").offset;
    for (std::uint16_t g : keep) {
        append32(newLoca, static_cast<std::uint32_t>(newGlyf.size()));
        const std::size_t metric = 4u * std::min<std::size_t>(g, numberOfHMetrics_ - 1u);
        const std::size_t lsb = g < numberOfHMetrics_
                                    ? hmtx + metric + 2
                                    : hmtx + 4u * numberOfHMetrics_ + 2u * (g - numberOfHMetrics_);
        newHmtx.insert(newHmtx.end(), {data_[hmtx + metric], data_[hmtx + metric + 1]});
        newHmtx.insert(newHmtx.end(), {data_.at(lsb), data_.at(lsb + 1)});
        const std::uint32_t begin = glyphOffset(g);
        const std::uint32_t end = glyphOffset(static_cast<std::uint16_t>(g + 1));
        if (end > begin && end <= glyf.length && end - begin >= 10) {
            const auto from = data_.begin() + static_cast<std::ptrdiff_t>(glyf.offset) + begin;
            Bytes glyph(from, from + (end - begin));
            stripInstructions(glyph, components(g), result.newId);
            newGlyf.insert(newGlyf.end(), glyph.begin(), glyph.end());
            newGlyf.resize((newGlyf.size() + 3) & ~std::size_t{3});
        }
    }
    append32(newLoca, static_cast<std::uint32_t>(newGlyf.size()));
    const auto count = static_cast<std::uint16_t>(keep.size());

    auto copyOf = [&](const char* tag) {
        const Table t = table(tag);
        const auto from = data_.begin() + static_cast<std::ptrdiff_t>(t.offset);
        return Bytes(from, from + t.length);
    };
    std::map<std::string, Bytes> tables;  // sorted by tag, as the directory must be
    tables["glyf"] = std::move(newGlyf);
    tables["loca"] = std::move(newLoca);
    tables["hmtx"] = std::move(newHmtx);
    for (const char* tag : {"head", "hhea", "maxp"}) {
        tables[tag] = copyOf(tag);
    }
    if (tables["hhea"].size() < 36 || tables["maxp"].size() < 6) {
        badFont("hhea or maxp table too short");
    }
    put16(tables["hhea"], 34, count);  // numberOfHMetrics: every kept glyph has its own
    put16(tables["maxp"], 4, count);   // numGlyphs
    Bytes& head = tables["head"];
    if (head.size() < 54) {
        badFont("head table too short");
    }
    put32(head, 8, 0);   // checkSumAdjustment, set below
    put16(head, 50, 1);  // indexToLocFormat: long offsets

    const auto tableCount = static_cast<std::uint16_t>(tables.size());
    std::uint16_t power = 1, log2 = 0;
    while (power * 2 <= tableCount) {
        power = static_cast<std::uint16_t>(power * 2), ++log2;
    }
    Bytes out(12 + 16u * tableCount, 0);
    put32(out, 0, 0x00010000);
    put16(out, 4, tableCount);
    put16(out, 6, static_cast<std::uint16_t>(power * 16));
    put16(out, 8, log2);
    put16(out, 10, static_cast<std::uint16_t>(tableCount * 16 - power * 16));
    std::size_t record = 12;
    std::size_t headAt = 0;
    for (const auto& [tag, bytes] : tables) {
        const std::size_t at = out.size();
        if (tag == "head") {
            headAt = at;
        }
        out.insert(out.end(), bytes.begin(), bytes.end());
        out.resize((out.size() + 3) & ~std::size_t{3});
        std::memcpy(&out[record], tag.data(), 4);
        put32(out, record + 4, checksum(out, at, bytes.size()));
        put32(out, record + 8, static_cast<std::uint32_t>(at));
        put32(out, record + 12, static_cast<std::uint32_t>(bytes.size()));
        record += 16;
    }
    put32(out, headAt + 8, 0xB1B0AFBAu - checksum(out, 0, out.size()));
    result.font = std::move(out);
    return result;
}

}  // namespace kyso::pdf
