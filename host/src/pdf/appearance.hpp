#pragma once

// Appearance streams of a signature widget (ISO 32000-1 12.5.5, 12.7.4.5): a form XObject that
// shows text lines in an embedded TrueType subset and/or a PNG image, turned upright for rotated
// pages. Writes its objects into the update and returns the form's object number.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/placement.hpp"
#include "pdf/truetype_font.hpp"
#include "pdf/update_writer.hpp"

namespace kyso::pdf {

// Hands out object numbers for the update, upwards from the first free one.
class ObjectNumbers {
  public:
    explicit ObjectNumbers(std::uint32_t first) : next_(first) {}
    std::uint32_t allocate() { return next_++; }

  private:
    std::uint32_t next_;
};

// One font subset for several appearances of one update (the clerk's fills): add() every
// text, write() once, then name it in each AppearanceContent; each appearance would otherwise
// embed its own subset (about 3 KB each).
class SharedFont {
  public:
    explicit SharedFont(const std::string& fontPath);
    void add(const std::string& text);
    void write(UpdateWriter& writer, ObjectNumbers& numbers);

    const TrueTypeFont& font() const { return font_; }
    const TrueTypeFont::Subset& subset() const { return subset_; }
    std::uint32_t number() const { return number_; }  // 0 until written

  private:
    TrueTypeFont font_;
    std::map<std::uint16_t, char32_t> unicodeOf_;
    TrueTypeFont::Subset subset_;
    std::uint32_t number_ = 0;
};

struct AppearanceContent {
    std::vector<std::string> lines;  // UTF-8
    double fontSize = 10;
    const Bytes* pngImage = nullptr;  // may be null
    std::string fontPath;             // empty: the default font
    TextAlign align = TextAlign::Left;
    // A text field's appearance: the drawing is marked "/Tx BMC ... EMC" (12.7.3.3), which
    // tells viewers it is the field's value.
    bool textField = false;
    // A font written already for this update, holding every glyph of `lines`; null: the
    // appearance embeds its own subset (from fontPath).
    const SharedFont* sharedFont = nullptr;
};

// A form of `rect`'s size showing `content` upright on a page with /Rotate `rotate`.
std::uint32_t writeAppearance(UpdateWriter& writer, ObjectNumbers& numbers, const Rect& rect,
                              int rotate, const AppearanceContent& content);

// The box (width x height, in points) that shows `lines` at `fontSize` without shrinking:
// the widest line and the line count, plus the padding writeAppearance() leaves.
struct TextExtent {
    double width = 0, height = 0;
};
TextExtent measureText(const std::vector<std::string>& lines, double fontSize,
                       const std::string& fontPath = {});

// A font for an AcroForm's /DR, named by text fields' /DA: the default font (Liberation Serif)
// subset to printable ASCII and every Vietnamese letter, so a viewer that draws a field itself
// can show any Vietnamese value. Returns the Type0 font's object number.
std::uint32_t writeFormFont(UpdateWriter& writer, ObjectNumbers& numbers,
                            const std::string& fontPath = {});

// An empty text field's appearance: "/Tx BMC EMC" in a form of the widget's size.
std::uint32_t writeEmptyFieldAppearance(UpdateWriter& writer, ObjectNumbers& numbers,
                                        const Rect& rect, int rotate);

// An empty form for a signature that shows nothing: some validators (PDF/A, Acrobat's
// preflight) want every widget to have a normal appearance. Its BBox is [0 0 w h] of `rect`
// (the widget's, kept when an existing field is signed): a zero BBox on a widget with an area
// cannot be mapped onto it (12.5.5, Algorithm 8.1). [0 0 0 0] for an invisible widget.
std::uint32_t writeEmptyAppearance(UpdateWriter& writer, ObjectNumbers& numbers,
                                   const Rect& rect = {});

}  // namespace kyso::pdf
