#include "pdf/appearance.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "pdf/flate.hpp"
#include "pdf/pdf_syntax.hpp"
#include "pdf/png_image.hpp"
#include "pdf/truetype_font.hpp"
#include "pdf/unicode_nfc.hpp"

namespace kyso::pdf {

namespace {

// Liberation Serif has Times New Roman's metrics (what Nghị định 30 asks for) and every
// Vietnamese letter precomposed. fonts-liberation2 first: its coverage is the complete one.
const char* const kDefaultFonts[] = {
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
};
constexpr double kPadding = 2;
constexpr double kLeading = 1.2;
constexpr double kMinFontSize = 3;
constexpr std::size_t kMaxLines = 16;
constexpr std::size_t kMaxLineChars = 512;

std::string defaultFontPath() {
    for (const char* path : kDefaultFonts) {
        if (std::filesystem::exists(path)) {
            return path;
        }
    }
    throwInvalidRequest("no font for the signature text: install fonts-liberation2");
}

struct Line {
    std::vector<std::uint16_t> glyphs;
    double widthUnits = 0;  // sum of advances in font units
};

std::string hex4(std::uint32_t v) {
    std::array<char, 8> text{};
    std::snprintf(text.data(), text.size(), "%04X", v & 0xFFFFu);
    return text.data();
}

std::string utf16Hex(char32_t cp) {
    if (cp >= 0x10000) {
        const std::uint32_t v = static_cast<std::uint32_t>(cp) - 0x10000;
        return hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF));
    }
    return hex4(static_cast<std::uint32_t>(cp));
}

// "ABCDEF+" (9.6.4): six capitals that differ between subsets of different glyphs.
std::string subsetTag(const std::set<std::uint16_t>& glyphs) {
    std::uint32_t hash = 2166136261u;
    for (std::uint16_t g : glyphs) {
        hash = (hash ^ g) * 16777619u;
    }
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += static_cast<char>('A' + hash % 26);
        hash /= 26;
    }
    return tag + "+";
}

// A ToUnicode CMap (9.10.3) so text extraction gives back the Vietnamese letters.
Bytes toUnicodeCmap(const std::map<std::uint16_t, char32_t>& unicodeOf) {
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    auto it = unicodeOf.begin();
    while (it != unicodeOf.end()) {
        std::string block;
        std::size_t count = 0;
        for (; it != unicodeOf.end() && count < 100; ++it, ++count) {
            block += "<" + hex4(it->first) + "> <" + utf16Hex(it->second) + ">\n";
        }
        cmap += std::to_string(count) + " beginbfchar\n" + block + "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return Bytes(cmap.begin(), cmap.end());
}

// Type0 font, Identity-H, CIDFontType2 with CIDToGIDMap /Identity: the codes in the content
// stream are the subset's glyph ids. `unicodeOf` is keyed by the original glyph ids.
std::uint32_t writeFont(UpdateWriter& writer, ObjectNumbers& numbers, const TrueTypeFont& font,
                        const TrueTypeFont::Subset& subset,
                        const std::map<std::uint16_t, char32_t>& unicodeOf) {
    std::set<std::uint16_t> glyphs;
    std::map<std::uint16_t, char32_t> unicodeOfNew;
    for (const auto& [glyph, cp] : unicodeOf) {
        glyphs.insert(glyph);
        unicodeOfNew.emplace(subset.newId.at(glyph), cp);
    }
    const double scale = 1000.0 / font.unitsPerEm();
    auto units = [&](double v) { return pdfNumber(std::round(v * scale)); };
    const std::string name = subsetTag(glyphs) + font.postScriptName();

    const Bytes& program = subset.font;
    const std::uint32_t fontFile = numbers.allocate();
    writer.writeStreamObject(fontFile,
                             " /Filter /FlateDecode /Length1 " + std::to_string(program.size()),
                             flateEncode(program));

    const std::int16_t* box = font.boundingBox();
    const std::uint32_t descriptor = numbers.allocate();
    writer.writeObject(descriptor, 0,
                       "<< /Type /FontDescriptor /FontName /" + name + " /Flags 34 /FontBBox [" +
                           units(box[0]) + " " + units(box[1]) + " " + units(box[2]) + " " +
                           units(box[3]) + "] /ItalicAngle " + pdfNumber(font.italicAngle()) +
                           " /Ascent " + units(font.ascender()) + " /Descent " +
                           units(font.descender()) + " /CapHeight " + units(font.capHeight()) +
                           " /StemV 80 /FontFile2 " + std::to_string(fontFile) + " 0 R >>");

    std::string widths;
    for (std::uint16_t g : glyphs) {
        widths += std::to_string(subset.newId.at(g)) + " [" + units(font.advance(g)) + "] ";
    }
    const std::uint32_t cidFont = numbers.allocate();
    writer.writeObject(cidFont, 0,
                       "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /" + name +
                           " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                           "/Supplement 0 >> /FontDescriptor " +
                           std::to_string(descriptor) + " 0 R /DW 1000 /W [" + widths +
                           "] /CIDToGIDMap /Identity >>");

    const std::uint32_t toUnicode = numbers.allocate();
    writer.writeStreamObject(toUnicode, " /Filter /FlateDecode",
                             flateEncode(toUnicodeCmap(unicodeOfNew)));

    const std::uint32_t type0 = numbers.allocate();
    writer.writeObject(type0, 0,
                       "<< /Type /Font /Subtype /Type0 /BaseFont /" + name +
                           " /Encoding /Identity-H /DescendantFonts [" + std::to_string(cidFont) +
                           " 0 R] /ToUnicode " + std::to_string(toUnicode) + " 0 R >>");
    return type0;
}

// One line in glyphs of `font`, control characters dropped (no place in a one-line label);
// `unicodeOf` collects glyph -> code point for the ToUnicode map.
Line layoutLine(const TrueTypeFont& font, const std::string& text,
                std::map<std::uint16_t, char32_t>& unicodeOf) {
    const std::vector<char32_t> codePoints = composeLatin(decodeUtf8(text, "the signature text"));
    if (codePoints.size() > kMaxLineChars) {
        throwInvalidRequest("a line of signature text is too long");
    }
    Line line;
    for (char32_t cp : codePoints) {
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            continue;
        }
        const std::uint16_t glyph = font.glyphFor(cp);
        line.glyphs.push_back(glyph);
        line.widthUnits += font.advance(glyph);
        unicodeOf.emplace(glyph, cp);
    }
    return line;
}

TrueTypeFont loadFont(const std::string& fontPath) {
    return TrueTypeFont::load(fontPath.empty() ? defaultFontPath() : fontPath);
}

std::string matrixText(const Matrix& m) {
    return "[" + pdfNumber(m.a) + " " + pdfNumber(m.b) + " " + pdfNumber(m.c) + " " +
           pdfNumber(m.d) + " " + pdfNumber(m.e) + " " + pdfNumber(m.f) + "]";
}

}  // namespace

SharedFont::SharedFont(const std::string& fontPath) : font_(loadFont(fontPath)) {}

void SharedFont::add(const std::string& text) {
    layoutLine(font_, text, unicodeOf_);
}

void SharedFont::write(UpdateWriter& writer, ObjectNumbers& numbers) {
    std::set<std::uint16_t> used;
    for (const auto& entry : unicodeOf_) {
        used.insert(entry.first);
    }
    subset_ = font_.subset(used);
    number_ = writeFont(writer, numbers, font_, subset_, unicodeOf_);
}

TextExtent measureText(const std::vector<std::string>& lines, double fontSize,
                       const std::string& fontPath) {
    const TrueTypeFont font = loadFont(fontPath);
    std::map<std::uint16_t, char32_t> unicodeOf;
    double widest = 0;
    for (const std::string& text : lines) {
        widest = std::max(widest, layoutLine(font, text, unicodeOf).widthUnits / font.unitsPerEm());
    }
    // Half a point of slack on each axis: the box must never make writeAppearance() shrink
    // the text by a rounding error.
    return {widest * fontSize + 2 * kPadding + 0.5,
            static_cast<double>(lines.size()) * kLeading * fontSize + 2 * kPadding + 0.5};
}

std::uint32_t writeFormFont(UpdateWriter& writer, ObjectNumbers& numbers,
                            const std::string& fontPath) {
    const TrueTypeFont font = loadFont(fontPath);
    // Printable ASCII, the Latin-1 and Latin Extended letters Vietnamese uses, and the
    // Vietnamese block of Latin Extended Additional (U+1EA0-U+1EF9).
    std::vector<char32_t> repertoire;
    for (char32_t cp = 0x20; cp < 0x7F; ++cp) {
        repertoire.push_back(cp);
    }
    for (char32_t cp : std::u32string(U"ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư–“”…")) {
        repertoire.push_back(cp);
    }
    for (char32_t cp = 0x1EA0; cp <= 0x1EF9; ++cp) {
        repertoire.push_back(cp);
    }
    std::map<std::uint16_t, char32_t> unicodeOf;
    std::set<std::uint16_t> used;
    for (char32_t cp : repertoire) {
        if (const std::uint16_t glyph = font.glyphFor(cp); glyph != 0) {
            unicodeOf.emplace(glyph, cp);
            used.insert(glyph);
        }
    }
    return writeFont(writer, numbers, font, font.subset(used), unicodeOf);
}

std::uint32_t writeEmptyFieldAppearance(UpdateWriter& writer, ObjectNumbers& numbers,
                                        const Rect& rect, int rotate) {
    const bool sideways = rotate == 90 || rotate == 270;
    const double width = sideways ? rect.height() : rect.width();
    const double height = sideways ? rect.width() : rect.height();
    const std::string stream = "/Tx BMC\nEMC\n";
    const std::uint32_t number = numbers.allocate();
    writer.writeStreamObject(number,
                             " /Type /XObject /Subtype /Form /BBox [0 0 " + pdfNumber(width) + " " +
                                 pdfNumber(height) + "] /Matrix " +
                                 matrixText(uprightMatrix(rotate)) + " /Resources << >>",
                             Bytes(stream.begin(), stream.end()));
    return number;
}

std::uint32_t writeEmptyAppearance(UpdateWriter& writer, ObjectNumbers& numbers, const Rect& rect) {
    const std::uint32_t number = numbers.allocate();
    const double width = std::max(rect.width(), 0.0);
    const double height = std::max(rect.height(), 0.0);
    writer.writeStreamObject(number,
                             " /Type /XObject /Subtype /Form /BBox [0 0 " + pdfNumber(width) + " " +
                                 pdfNumber(height) + "]",
                             Bytes{});
    return number;
}

std::uint32_t writeAppearance(UpdateWriter& writer, ObjectNumbers& numbers, const Rect& rect,
                              int rotate, const AppearanceContent& content) {
    if (content.lines.size() > kMaxLines) {
        throwInvalidRequest("at most 16 lines of signature text");
    }
    if (!(content.fontSize > 0 && content.fontSize <= 72)) {
        throwInvalidRequest("the font size must be between 0 and 72 points");
    }
    // The form is drawn in the displayed orientation; /Matrix turns it onto the page.
    const bool sideways = rotate == 90 || rotate == 270;
    const double width = sideways ? rect.height() : rect.width();
    const double height = sideways ? rect.width() : rect.height();

    std::vector<Line> lines;
    std::map<std::uint16_t, char32_t> unicodeOf;
    std::optional<TrueTypeFont> ownFont;
    const TrueTypeFont* font = nullptr;
    bool anyText = false;
    for (const std::string& text : content.lines) {
        anyText = anyText || !text.empty();
    }
    if (anyText) {
        if (content.sharedFont != nullptr) {
            font = &content.sharedFont->font();
        } else {
            ownFont.emplace(loadFont(content.fontPath));
            font = &*ownFont;
        }
        for (const std::string& text : content.lines) {
            lines.push_back(layoutLine(*font, text, unicodeOf));
        }
    }

    std::string stream = content.textField ? "/Tx BMC\nq\n" : "q\n";
    std::string resources;
    double textLeft = kPadding;
    if (content.pngImage != nullptr) {
        const ImageObject image = writePngImage(writer, numbers, *content.pngImage);
        const double aspect = static_cast<double>(image.width) / image.height;
        // Beside text: the left part of the box, at most 40 % of it; alone: the whole box.
        const double areaWidth = anyText ? width * 0.4 : width;
        double w = areaWidth - 2 * kPadding;
        double h = w / aspect;
        if (h > height - 2 * kPadding) {
            h = height - 2 * kPadding;
            w = h * aspect;
        }
        const double x = anyText ? kPadding : (width - w) / 2;
        const double y = (height - h) / 2;
        stream += "q " + pdfNumber(w) + " 0 0 " + pdfNumber(h) + " " + pdfNumber(x) + " " +
                  pdfNumber(y) + " cm /Im1 Do Q\n";
        resources += " /XObject << /Im1 " + std::to_string(image.number) + " 0 R >>";
        textLeft = x + w + 2 * kPadding;
    }
    if (anyText) {
        const double units = font->unitsPerEm();
        double widest = 0;
        for (const Line& line : lines) {
            widest = std::max(widest, line.widthUnits / units);
        }
        const double textWidth = width - textLeft - kPadding;
        double size = content.fontSize;
        if (widest * size > textWidth && widest > 0) {
            size = textWidth / widest;
        }
        const double neededHeight = static_cast<double>(lines.size()) * kLeading;
        if (neededHeight * size > height - 2 * kPadding) {
            size = (height - 2 * kPadding) / neededHeight;
        }
        size = std::max(size, kMinFontSize);
        std::set<std::uint16_t> used;
        for (const auto& entry : unicodeOf) {
            used.insert(entry.first);
        }
        TrueTypeFont::Subset ownSubset;
        const SharedFont* shared = content.sharedFont;
        if (shared != nullptr && shared->number() == 0) {
            throw Error(ErrorCode::Internal, "a shared font is used before it is written");
        }
        if (shared == nullptr) {
            ownSubset = font->subset(used);
        }
        const TrueTypeFont::Subset& subset = shared != nullptr ? shared->subset() : ownSubset;
        const double ascent = font->ascender() / units * size;
        const double block = static_cast<double>(lines.size()) * kLeading * size;
        double baseline = (height + block) / 2 - ascent;
        stream += "BT /F1 " + pdfNumber(size) + " Tf 0 g\n";
        for (const Line& line : lines) {
            std::string hex;
            for (std::uint16_t g : line.glyphs) {
                hex += hex4(subset.newId.at(g));
            }
            const double spare = std::max(0.0, textWidth - line.widthUnits / units * size);
            const double x = content.align == TextAlign::Center  ? textLeft + spare / 2
                             : content.align == TextAlign::Right ? textLeft + spare
                                                                 : textLeft;
            stream +=
                "1 0 0 1 " + pdfNumber(x) + " " + pdfNumber(baseline) + " Tm <" + hex + "> Tj\n";
            baseline -= kLeading * size;
        }
        stream += "ET\n";
        const std::uint32_t type0 = shared != nullptr
                                        ? shared->number()
                                        : writeFont(writer, numbers, *font, subset, unicodeOf);
        resources += " /Font << /F1 " + std::to_string(type0) + " 0 R >>";
    }
    stream += content.textField ? "Q\nEMC\n" : "Q\n";

    const std::uint32_t form = numbers.allocate();
    writer.writeStreamObject(
        form,
        " /Type /XObject /Subtype /Form /BBox [0 0 " + pdfNumber(width) + " " + pdfNumber(height) +
            "] /Matrix " + matrixText(uprightMatrix(rotate)) + " /Resources <<" + resources + " >>",
        Bytes(stream.begin(), stream.end()));
    return form;
}

}  // namespace kyso::pdf
