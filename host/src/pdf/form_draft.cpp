#include "pdf/form_draft.hpp"

#include <set>

#include "core/error.hpp"
#include "pdf/appearance.hpp"
#include "pdf/field_fill.hpp"
#include "pdf/pdf_syntax.hpp"
#include "pdf/revision.hpp"
#include "pdf/signature_field.hpp"
#include "pdf/source_document.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

constexpr std::size_t kMaxNameBytes = 100;

void checkFields(const DraftOptions& options, const FormState& form) {
    if (options.fields.empty() || options.fields.size() > kMaxDraftFields) {
        throwInvalidRequest("a draft takes 1 to " + std::to_string(kMaxDraftFields) + " fields");
    }
    std::set<std::string> names;
    for (const DraftField& field : options.fields) {
        decodeUtf8(field.name, "a field name");
        if (field.name.empty() || field.name.size() > kMaxNameBytes ||
            field.name.find('.') != std::string::npos) {
            throwInvalidRequest("the field name \"" + field.name +
                                "\" must be 1 to 100 bytes without '.'");
        }
        if (!names.insert(field.name).second || form.fullNames.count(field.name) != 0) {
            throwInvalidRequest("the document already has a field \"" + field.name + "\"");
        }
        if (!(field.fontSize >= 4 && field.fontSize <= 72)) {
            throwInvalidRequest("the font size of \"" + field.name + "\" must be 4 to 72 points");
        }
    }
}

int quadding(TextAlign align) {
    return align == TextAlign::Center ? 1 : align == TextAlign::Right ? 2 : 0;
}

}  // namespace

DraftResult prepareDraft(const InputView& input, const DraftOptions& options) {
    checkInput(input, options.maxInputBytes);
    SourceDocument doc(input);
    const FormState form = readForm(doc);
    checkFields(options, form);

    UpdateWriter writer = updateWriterFor(input);
    ObjectNumbers numbers(doc.nextObjectNumber());
    AcroFormChange change;
    if (!formHasFont(doc, form, kFormFontName)) {
        change.fontName = kFormFontName;
        change.fontNumber = writeFormFont(writer, numbers, options.fontPath);
    }

    PageAnnotations annotations;
    DraftResult result;
    const int count = doc.pageCount();
    for (const DraftField& field : options.fields) {
        const PageRef page = doc.page(pageIndex(field.page, count));
        const Rect rect = placeBox(field.box, page.geometry);
        const int rotate = page.geometry.rotate;
        const std::uint32_t appearance = writeEmptyFieldAppearance(writer, numbers, rect, rotate);
        const std::uint32_t number = numbers.allocate();
        // /MK /R: viewers that draw the field themselves turn its text with the page.
        const std::string mk = rotate != 0 ? " /MK << /R " + std::to_string(rotate) + " >>" : "";
        writer.writeObject(number, 0,
                           "<< /Type /Annot /Subtype /Widget /FT /Tx /T " +
                               pdfTextString(field.name) + " /Ff 1 /F 4 /P " + reference(page.ref) +
                               " /Rect " + rectArray(rect) + " /DA (/" + kFormFontName + " " +
                               pdfNumber(field.fontSize) + " Tf 0 g) /Q " +
                               std::to_string(quadding(field.align)) + mk + " /AP << /N " +
                               reference(appearance) + " >> >>");
        annotations.add(page, PdfReference(number, 0));
        change.newFields.push_back(PdfReference(number, 0));
        result.fieldNames.push_back(field.name);
    }
    annotations.write(doc, writer);
    updateAcroForm(doc, writer, numbers, form, change);

    Bytes seed = writer.bytes();
    const std::string stamp = "draft:" + std::to_string(input.size);
    seed.insert(seed.end(), stamp.begin(), stamp.end());
    finishRevision(doc, writer, numbers, seed);
    result.update = std::move(writer.bytes());
    return result;
}

}  // namespace kyso::pdf
