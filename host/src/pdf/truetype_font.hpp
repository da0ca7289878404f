#pragma once

// Just enough of TrueType (the OpenType 'glyf' flavour) for signature appearances: character
// to glyph mapping (cmap formats 4 and 12), advance widths, metrics for the PDF font
// descriptor, and a compact subset: only the glyphs used (and their composite components),
// renumbered 0..n-1 in their original order.

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/bytes.hpp"

namespace kyso::pdf {

class TrueTypeFont {
  public:
    // Throws INVALID_REQUEST if `data` is not a TrueType font with the tables needed.
    explicit TrueTypeFont(Bytes data);
    static TrueTypeFont load(const std::string& path);

    std::uint16_t glyphFor(char32_t codePoint) const;  // 0 (.notdef) if the font lacks it
    std::uint16_t advance(std::uint16_t glyph) const;  // in font units
    std::uint16_t unitsPerEm() const { return unitsPerEm_; }
    int ascender() const { return ascender_; }
    int descender() const { return descender_; }
    int capHeight() const { return capHeight_; }
    double italicAngle() const { return italicAngle_; }
    const std::int16_t* boundingBox() const { return bbox_; }  // xMin yMin xMax yMax
    const std::string& postScriptName() const { return postScriptName_; }

    // A font with only `glyphs`, .notdef and the components of composite glyphs, renumbered
    // (newId maps the original ids; .notdef stays 0), without hinting instructions. Tables:
    // head hhea maxp hmtx loca glyf.
    struct Subset {
        Bytes font;
        std::map<std::uint16_t, std::uint16_t> newId;
    };
    Subset subset(const std::set<std::uint16_t>& glyphs) const;

  private:
    struct Table {
        std::uint32_t offset = 0, length = 0;
    };
    Table table(const char* tag) const;
    bool hasTable(const char* tag) const;
    std::uint16_t u16(std::size_t at) const;
    std::uint32_t u32(std::size_t at) const;
    std::uint32_t glyphOffset(std::uint16_t glyph) const;
    template <class Components>
    static void stripInstructions(Bytes& glyph, const Components& components,
                                  const std::map<std::uint16_t, std::uint16_t>& newId);
    void findCmap();
    void readName();

    Bytes data_;
    std::uint16_t numGlyphs_ = 0;
    std::uint16_t numberOfHMetrics_ = 0;
    std::uint16_t unitsPerEm_ = 1000;
    bool longLoca_ = false;
    int ascender_ = 0, descender_ = 0, capHeight_ = 0;
    double italicAngle_ = 0;
    std::int16_t bbox_[4] = {0, 0, 0, 0};
    std::string postScriptName_ = "Font";
    std::size_t cmap4_ = 0;   // offset of a format 4 subtable, 0 if none
    std::size_t cmap12_ = 0;  // offset of a format 12 subtable, 0 if none
};

}  // namespace kyso::pdf
