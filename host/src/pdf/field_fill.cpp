#include "pdf/field_fill.hpp"

#include "core/error.hpp"
#include "pdf/pdf_syntax.hpp"
#include "pdf/revision.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

// A field whose /DA leaves the size to the viewer ("0 Tf"): 12 pt, shrunk to fit the box.
constexpr double kAutoFontSize = 12;

// /F: Print (4), ReadOnly (64), Locked (128), LockedContents (512): printed with the page,
// neither movable nor editable in a viewer.
constexpr int kStampFlags = 4 | 64 | 128 | 512;

AppearanceContent valueContent(const FieldFill& fill, double fontSize, TextAlign align,
                               const SharedFont& font) {
    AppearanceContent content;
    content.lines = {fill.value};
    content.fontSize = fontSize;
    content.align = align;
    content.sharedFont = &font;
    return content;
}

void fillField(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
               const FieldFill& fill, const TextField& field, const SharedFont& font) {
    int rotate = 0;
    if (field.where.pageRef) {
        if (PdfObject* page = doc.lookup(*field.where.pageRef); page != nullptr) {
            rotate = drawnRotation(pageGeometryOf(doc, *page));
        }
    }
    if (field.where.rect.width() <= 0 || field.where.rect.height() <= 0) {
        throwInvalidRequest("the text field \"" + fill.field + "\" has no area to show a value");
    }
    const double size =
        fill.fontSize > 0 ? fill.fontSize : (field.fontSize > 0 ? field.fontSize : kAutoFontSize);
    AppearanceContent content = valueContent(fill, size, field.align, font);
    content.textField = true;
    const std::uint32_t appearance =
        writeAppearance(writer, numbers, field.where.rect, rotate, content);
    fillTextField(doc, writer, field.where, fill.value, appearance);
}

void stamp(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
           const FieldFill& fill, std::time_t when, const SharedFont& font,
           PageAnnotations& annotations) {
    const PageRef page = doc.page(pageIndex(fill.stamp->page, doc.pageCount()));
    const Rect rect = placeBox(fill.stamp->box, page.geometry);
    const double size = fill.fontSize > 0 ? fill.fontSize : kDefaultStampFontSize;
    const std::uint32_t appearance = writeAppearance(writer, numbers, rect, page.geometry.rotate,
                                                     valueContent(fill, size, fill.align, font));
    // A /Stamp with its own appearance rather than a /FreeText: viewers redraw a FreeText
    // from /DA and /Contents in their own fonts (losing Vietnamese letters), a Stamp never.
    const std::uint32_t number = numbers.allocate();
    writer.writeObject(number, 0,
                       "<< /Type /Annot /Subtype /Stamp /Name /KysoText /F " +
                           std::to_string(kStampFlags) + " /P " + reference(page.ref) + " /Rect " +
                           rectArray(rect) + " /NM " + pdfTextString(fill.field) + " /Contents " +
                           pdfTextString(fill.value) + " /M " + pdfDate(when) + " /AP << /N " +
                           reference(appearance) + " >> >>");
    annotations.add(page, PdfReference(number, 0));
}

}  // namespace

void PageAnnotations::add(const PageRef& page, const PdfReference& annotation) {
    auto& entry = pages_[page.ref.ObjectNumber()];
    entry.page = page;
    entry.annotations.push_back(annotation);
}

void PageAnnotations::write(const SourceDocument& doc, UpdateWriter& writer) const {
    for (const auto& [number, entry] : pages_) {
        addAnnotations(doc, writer, entry.page, entry.annotations);
    }
}

std::vector<bool> writeFills(const SourceDocument& doc, const FormState& form, UpdateWriter& writer,
                             ObjectNumbers& numbers, const std::vector<FieldFill>& fills,
                             std::time_t when, const std::string& fontPath,
                             PageAnnotations& annotations) {
    std::vector<bool> stamped;
    if (fills.empty()) {
        return stamped;
    }
    // One subset with the glyphs of every value, written before the appearances that use it.
    SharedFont font(fontPath);
    for (const FieldFill& fill : fills) {
        font.add(fill.value);
    }
    font.write(writer, numbers);
    for (const FieldFill& fill : fills) {
        if (const auto field = findTextField(doc, form, fill.field)) {
            fillField(doc, writer, numbers, fill, *field, font);
            stamped.push_back(false);
        } else if (fill.stamp) {
            stamp(doc, writer, numbers, fill, when, font, annotations);
            stamped.push_back(true);
        } else {
            throw Error(ErrorCode::InvalidRequest,
                        "the document has no text field \"" + fill.field +
                            "\", and the fill gives no page and rect to stamp the value at",
                        {{"reason", "noSuchField"}, {"fieldName", fill.field}});
        }
    }
    return stamped;
}

}  // namespace kyso::pdf
