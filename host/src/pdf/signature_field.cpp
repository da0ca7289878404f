#include "pdf/signature_field.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/error.hpp"
#include "pdf/pdf_syntax.hpp"
#include "pdf/revision.hpp"
#include "pdf/source_edit.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

constexpr int kMaxFieldDepth = 32;
constexpr std::size_t kMaxFields = 100000;

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorCode::InvalidPdf, message);
}

const PdfReference& indirectRef(const PdfObject& object, const char* what) {
    if (object.Reference().ObjectNumber() == 0) {
        invalid(std::string(what) + " is not an indirect object");
    }
    return object.Reference();
}

// Every object kyso changes is written as its original source with only kyso's keys spliced
// in (SourceEdit): revision-comparing validators compare tokens, and PoDoFo's serialiser would
// rewrite every real, string and name of the object.
SourceEdit editOf(const SourceDocument& doc, const PdfReference& ref) {
    return SourceEdit(doc.sourceText(ref.ObjectNumber()));
}
void write(UpdateWriter& writer, const PdfReference& ref, const SourceEdit& edit) {
    writer.writeObject(ref.ObjectNumber(), ref.GenerationNumber(), edit.text());
}

std::vector<std::string> referencesOf(const std::vector<PdfReference>& refs) {
    std::vector<std::string> out;
    out.reserve(refs.size());
    for (const PdfReference& ref : refs) {
        out.push_back(reference(ref));
    }
    return out;
}

std::string arrayOf(const std::vector<PdfReference>& refs) {
    std::string out = "[";
    for (const std::string& item : referencesOf(refs)) {
        out += (out.size() > 1 ? " " : "") + item;
    }
    return out + "]";
}

// The source of the dictionary under `key` in `holder`: inline, or the referenced object's own
// source (copied inline by the caller, as the value kyso sets); "<< >>" when absent or not a
// dictionary.
std::string dictionarySource(const SourceDocument& doc, const PdfDictionary& holderDict,
                             const SourceEdit& holder, const char* key) {
    PdfObject* value = doc.get(holderDict, key);
    if (value == nullptr || !value->IsDictionary()) {
        return "<< >>";
    }
    const PdfObject* direct = holderDict.GetKey(PdfName(key));
    if (direct != nullptr && direct->IsReference()) {
        return doc.sourceText(value->Reference().ObjectNumber());
    }
    return holder.valueText(key);
}

std::string partialName(const SourceDocument& doc, const PdfDictionary& field) {
    PdfObject* t = doc.get(field, "T");
    return t != nullptr && (t->IsString() || t->IsHexString()) ? t->GetString().GetStringUtf8()
                                                               : std::string();
}

bool isWidgetOnly(const SourceDocument& doc, const PdfDictionary& node) {
    return !node.HasKey("T") && doc.get(node, "Subtype") != nullptr;
}

// Visits every terminal field with its fully qualified name and inherited /FT.
template <class Visit>
void walkFields(const SourceDocument& doc, PdfObject* node, const std::string& parentName,
                const std::string& inheritedType, int depth, std::size_t& budget,
                std::set<std::uint32_t>& seen, Visit&& visit) {
    if (node == nullptr || !node->IsDictionary() || depth > kMaxFieldDepth || budget == 0) {
        return;
    }
    --budget;
    const std::uint32_t number = node->Reference().ObjectNumber();
    if (number != 0 && !seen.insert(number).second) {
        return;  // a loop in /Kids
    }
    const PdfDictionary& dict = node->GetDictionary();
    const std::string partial = partialName(doc, dict);
    const std::string fullName =
        parentName.empty() ? partial : (partial.empty() ? parentName : parentName + "." + partial);
    std::string type = inheritedType;
    if (PdfObject* ft = doc.get(dict, "FT"); ft != nullptr && ft->IsName()) {
        type = ft->GetName().GetName();
    }
    PdfObject* kids = doc.get(dict, "Kids");
    bool hasFieldKids = false;
    if (kids != nullptr && kids->IsArray()) {
        for (PdfObject& kid : kids->GetArray()) {
            PdfObject* child = doc.resolve(&kid);
            if (child != nullptr && child->IsDictionary() &&
                !isWidgetOnly(doc, child->GetDictionary())) {
                hasFieldKids = true;
                walkFields(doc, child, fullName, type, depth + 1, budget, seen, visit);
            }
        }
    }
    if (!hasFieldKids) {
        visit(*node, fullName, type);
    }
}

template <class Visit>
void forEachField(const SourceDocument& doc, const FormState& form, Visit&& visit) {
    if (form.acroForm == nullptr) {
        return;
    }
    PdfObject* fields = doc.get(form.acroForm->GetDictionary(), "Fields");
    if (fields == nullptr || !fields->IsArray()) {
        return;
    }
    std::size_t budget = kMaxFields;
    std::set<std::uint32_t> seen;
    for (PdfObject& entry : fields->GetArray()) {
        walkFields(doc, doc.resolve(&entry), "", "", 0, budget, seen, visit);
    }
}

Rect rectOf(const SourceDocument& doc, const PdfDictionary& widget) {
    PdfObject* r = doc.get(widget, "Rect");
    if (r == nullptr || !r->IsArray() || r->GetArray().size() != 4) {
        return {};
    }
    double v[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < 4; ++i) {
        PdfObject* n = doc.resolve(&r->GetArray()[i]);
        if (n == nullptr || !(n->IsNumber() || n->IsReal())) {
            return {};
        }
        v[i] = n->GetReal();
    }
    return {std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
}

}  // namespace

FormState readForm(const SourceDocument& doc) {
    FormState form;
    return withPodofo("cannot read the form", [&] {
        const PdfObject* raw = doc.catalog().GetDictionary().GetKey("AcroForm");
        form.acroFormIndirect = raw != nullptr && raw->IsReference();
        form.acroForm = doc.get(doc.catalog().GetDictionary(), "AcroForm");
        if (form.acroForm != nullptr && !form.acroForm->IsDictionary()) {
            form.acroForm = nullptr;  // a broken AcroForm entry is replaced
        }
        forEachField(doc, form, [&](PdfObject&, const std::string& name, const std::string&) {
            form.fullNames.insert(name);
        });
        return form;
    });
}

namespace {

// The terminal field called `name` with its widget, rect and page, checked to be of `type`
// (INVALID_REQUEST otherwise, naming `what`: "signature", "text").
std::optional<ExistingField> findField(const SourceDocument& doc, const FormState& form,
                                       const std::string& name, const char* type,
                                       const char* what) {
    std::optional<ExistingField> found;
    forEachField(
        doc, form,
        [&](PdfObject& field, const std::string& fullName, const std::string& fieldType) {
            if (found || fullName != name) {
                return;
            }
            if (fieldType != type) {
                throwInvalidRequest("the field \"" + name + "\" is not a " + what + " field");
            }
            const PdfDictionary& dict = field.GetDictionary();
            ExistingField result;
            result.field = &field;
            result.widget = &field;
            if (!dict.HasKey("Rect")) {
                PdfObject* kids = doc.get(dict, "Kids");
                if (kids != nullptr && kids->IsArray() && !kids->GetArray().empty()) {
                    result.widget = doc.resolve(&kids->GetArray()[0]);
                }
            }
            if (result.widget == nullptr || !result.widget->IsDictionary()) {
                invalid("the " + std::string(what) + " field \"" + name + "\" has no widget");
            }
            indirectRef(field, "the field");
            indirectRef(*result.widget, "the widget");
            result.rect = rectOf(doc, result.widget->GetDictionary());
            if (const PdfObject* p = result.widget->GetDictionary().GetKey("P");
                p != nullptr && p->IsReference()) {
                result.pageRef = p->GetReference();
            }
            found = result;
        });
    return found;
}

// The font size of a default appearance string ("/KysoSerif 13 Tf 0 g"): the number before
// Tf; 0 (auto) when there is none.
double daFontSize(const std::string& da) {
    const std::size_t tf = da.rfind("Tf");
    if (tf == std::string::npos) {
        return 0;
    }
    std::size_t end = tf;
    while (end > 0 && da[end - 1] == ' ') {
        --end;
    }
    std::size_t begin = end;
    while (begin > 0 &&
           (std::isdigit(static_cast<unsigned char>(da[begin - 1])) != 0 || da[begin - 1] == '.')) {
        --begin;
    }
    if (begin == end) {
        return 0;
    }
    const double size = std::strtod(da.substr(begin, end - begin).c_str(), nullptr);
    return size > 0 && size <= 72 ? size : 0;
}

}  // namespace

std::optional<ExistingField> findSignatureField(const SourceDocument& doc, const FormState& form,
                                                const std::string& name) {
    return withPodofo("cannot read the form", [&] {
        auto found = findField(doc, form, name, "Sig", "signature");
        if (found && doc.get(found->field->GetDictionary(), "V") != nullptr) {
            throwInvalidRequest("the signature field \"" + name + "\" is already signed");
        }
        return found;
    });
}

std::optional<TextField> findTextField(const SourceDocument& doc, const FormState& form,
                                       const std::string& name) {
    return withPodofo("cannot read the form", [&]() -> std::optional<TextField> {
        auto found = findField(doc, form, name, "Tx", "text");
        if (!found) {
            return std::nullopt;
        }
        const PdfDictionary& dict = found->field->GetDictionary();
        if (PdfObject* v = doc.get(dict, "V"); v != nullptr &&
                                               (v->IsString() || v->IsHexString()) &&
                                               !v->GetString().GetStringUtf8().empty()) {
            // The leaders signed the document with this field as it was; the clerk fills
            // empty fields, never changes a value someone saw.
            throwInvalidRequest("the text field \"" + name + "\" already has a value");
        }
        TextField field;
        field.where = *found;
        // /DA and /Q are inheritable from the AcroForm (12.7.3.3).
        PdfObject* da = doc.get(dict, "DA");
        if (da == nullptr && found->widget != found->field) {
            da = doc.get(found->widget->GetDictionary(), "DA");
        }
        if (da == nullptr && form.acroForm != nullptr) {
            da = doc.get(form.acroForm->GetDictionary(), "DA");
        }
        if (da != nullptr && (da->IsString() || da->IsHexString())) {
            field.fontSize = daFontSize(da->GetString().GetStringUtf8());
        }
        PdfObject* q = doc.get(dict, "Q");
        if (q == nullptr && form.acroForm != nullptr) {
            q = doc.get(form.acroForm->GetDictionary(), "Q");
        }
        if (q != nullptr && q->IsNumber()) {
            field.align = q->GetNumber() == 1   ? TextAlign::Center
                          : q->GetNumber() == 2 ? TextAlign::Right
                                                : TextAlign::Left;
        }
        return field;
    });
}

PageGeometry pageGeometryOf(const SourceDocument& doc, PdfObject& page) {
    return withPodofo("cannot read the page", [&] {
        PageGeometry geometry;
        std::optional<Rect> media;
        std::optional<Rect> crop;
        std::optional<std::optional<int>> rotate;  // outer: found; inner: unambiguous
        PdfObject* node = &page;
        for (int depth = 0; node != nullptr && node->IsDictionary() && depth < 64; ++depth) {
            const PdfDictionary& dict = node->GetDictionary();
            if (!media) {
                if (PdfObject* m = doc.get(dict, "MediaBox"); m != nullptr && m->IsArray()) {
                    PdfDictionary box;
                    box.AddKey(PdfName("Rect"), *m);
                    media = rectOf(doc, box);
                }
            }
            if (!crop) {
                if (PdfObject* c = doc.get(dict, "CropBox"); c != nullptr && c->IsArray()) {
                    PdfDictionary box;
                    box.AddKey(PdfName("Rect"), *c);
                    crop = rectOf(doc, box);
                }
            }
            if (!rotate) {
                if (PdfObject* r = doc.get(dict, "Rotate"); r != nullptr) {
                    rotate = pageRotation(*r);
                }
            }
            node = doc.get(dict, "Parent");
        }
        geometry.visible = media.value_or(Rect{0, 0, 612, 792});
        if (crop) {
            geometry.visible = {std::max(crop->llx, geometry.visible.llx),
                                std::max(crop->lly, geometry.visible.lly),
                                std::min(crop->urx, geometry.visible.urx),
                                std::min(crop->ury, geometry.visible.ury)};
        }
        geometry.rotate = rotate.value_or(0).value_or(0);
        geometry.rotationAmbiguous = rotate && !*rotate;
        return geometry;
    });
}

namespace {

// Sets /V on the field and /AP on its widget (the same object for a merged field); with
// `valueOnWidget` also /V on a separate widget (see signExistingField).
void setValueAndAppearance(const SourceDocument& doc, UpdateWriter& writer,
                           const ExistingField& field, const std::string& v,
                           std::uint32_t appearanceNumber, bool valueOnWidget) {
    const std::string ap = "<< /N " + reference(appearanceNumber) + " >>";
    SourceEdit fieldEdit = editOf(doc, field.field->Reference());
    fieldEdit.set("V", v);
    if (field.widget == field.field) {
        fieldEdit.set("AP", ap);
        write(writer, field.field->Reference(), fieldEdit);
        return;
    }
    write(writer, field.field->Reference(), fieldEdit);
    SourceEdit widgetEdit = editOf(doc, field.widget->Reference());
    widgetEdit.set("AP", ap);
    if (valueOnWidget) {
        widgetEdit.set("V", v);
    }
    write(writer, field.widget->Reference(), widgetEdit);
}

}  // namespace

void signExistingField(const SourceDocument& doc, UpdateWriter& writer, const ExistingField& field,
                       std::uint32_t signatureNumber, std::uint32_t appearanceNumber) {
    // /V belongs to the field (12.7.3.1), but poppler (pdfsig, Okular, Evince) and MuPDF look
    // for it in the widget of a field with separate widgets, and report the field unsigned
    // otherwise; poppler's own signer writes it there. Both, then.
    setValueAndAppearance(doc, writer, field, reference(signatureNumber), appearanceNumber, true);
}

void fillTextField(const SourceDocument& doc, UpdateWriter& writer, const ExistingField& field,
                   const std::string& value, std::uint32_t appearanceNumber) {
    // /V is written by kyso (UTF-16BE when not ASCII): PoDoFo's PdfString would take it as
    // PDFDocEncoding.
    setValueAndAppearance(doc, writer, field, pdfTextString(value), appearanceNumber, false);
}

void addAnnotations(const SourceDocument& doc, UpdateWriter& writer, const PageRef& page,
                    const std::vector<PdfReference>& annotations) {
    withPodofo("cannot update the page", [&] {
        const PdfDictionary& pageDict = page.object->GetDictionary();
        const PdfObject* raw = pageDict.GetKey("Annots");
        if (raw != nullptr && raw->IsReference()) {
            PdfObject* annots = doc.resolve(const_cast<PdfObject*>(raw));
            if (annots != nullptr && annots->IsArray()) {
                // Only the array object changes; the page keeps pointing at it.
                SourceEdit array = editOf(doc, raw->GetReference());
                array.append(referencesOf(annotations));
                write(writer, raw->GetReference(), array);
                return 0;
            }
        }
        const PdfReference& pageRef = indirectRef(*page.object, "the page");
        SourceEdit pageEdit = editOf(doc, pageRef);
        if (raw != nullptr && raw->IsArray()) {
            pageEdit.appendTo("Annots", referencesOf(annotations));
        } else {
            pageEdit.set("Annots", arrayOf(annotations));
        }
        write(writer, pageRef, pageEdit);
        return 0;
    });
}

namespace {

// /DR with `change`'s font added to its /Font. /DR or its /Font may be indirect objects; their
// source is copied inline into the AcroForm (which is being rewritten anyway) with the font
// added; the old objects are simply no longer referenced from it.
std::string resourcesWithFont(const SourceDocument& doc, const PdfDictionary& acroFormDict,
                              const SourceEdit& acroForm, const AcroFormChange& change) {
    SourceEdit resources(dictionarySource(doc, acroFormDict, acroForm, "DR"));
    PdfObject* dr = doc.get(acroFormDict, "DR");
    const PdfDictionary empty;
    const PdfDictionary& drDict = dr != nullptr && dr->IsDictionary() ? dr->GetDictionary() : empty;
    SourceEdit fonts(dictionarySource(doc, drDict, resources, "Font"));
    fonts.set(change.fontName, reference(change.fontNumber));
    resources.set("Font", fonts.text());
    return resources.text();
}

}  // namespace

bool formHasFont(const SourceDocument& doc, const FormState& form, const std::string& fontName) {
    if (form.acroForm == nullptr) {
        return false;
    }
    return withPodofo("cannot read the form", [&] {
        PdfObject* dr = doc.get(form.acroForm->GetDictionary(), "DR");
        PdfObject* fonts =
            dr != nullptr && dr->IsDictionary() ? doc.get(dr->GetDictionary(), "Font") : nullptr;
        return fonts != nullptr && fonts->IsDictionary() &&
               doc.get(fonts->GetDictionary(), fontName.c_str()) != nullptr;
    });
}

void updateAcroForm(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
                    const FormState& form, const AcroFormChange& change) {
    withPodofo("cannot update the form", [&] {
        const bool isNew = form.acroForm == nullptr;
        SourceEdit catalog = editOf(doc, doc.catalogRef());
        const PdfDictionary empty;
        const PdfDictionary& acroDict = isNew ? empty : form.acroForm->GetDictionary();
        SourceEdit acroForm(isNew ? std::string("<< /Fields [] >>")
                            : form.acroFormIndirect
                                ? doc.sourceText(form.acroForm->Reference().ObjectNumber())
                                : catalog.valueText("AcroForm"));
        bool changed = isNew;
        if (!change.newFields.empty()) {
            const PdfObject* raw = acroDict.GetKey("Fields");
            PdfObject* fields = raw != nullptr && raw->IsReference()
                                    ? doc.resolve(const_cast<PdfObject*>(raw))
                                    : nullptr;
            if (fields != nullptr && fields->IsArray()) {
                // An indirect /Fields array is rewritten alone.
                SourceEdit array = editOf(doc, raw->GetReference());
                array.append(referencesOf(change.newFields));
                write(writer, raw->GetReference(), array);
            } else if (isNew || (raw != nullptr && raw->IsArray())) {
                acroForm.appendTo("Fields", referencesOf(change.newFields));
                changed = true;
            } else {
                acroForm.set("Fields", arrayOf(change.newFields));
                changed = true;
            }
        }
        if (change.signatures) {
            pdf_int64 flags = 0;
            if (PdfObject* f = doc.get(acroDict, "SigFlags"); f != nullptr && f->IsNumber()) {
                flags = f->GetNumber();
            }
            if ((flags & 3) != 3) {
                acroForm.set("SigFlags", std::to_string(flags | 3));
                changed = true;
            }
        }
        if (!change.fontName.empty()) {
            acroForm.set("DR", resourcesWithFont(doc, acroDict, acroForm, change));
            changed = true;
        }
        if (!changed) {
            return 0;
        }
        if (isNew) {
            const std::uint32_t number = numbers.allocate();
            writer.writeObject(number, 0, acroForm.text());
            catalog.set("AcroForm", reference(number));
            write(writer, doc.catalogRef(), catalog);
        } else if (form.acroFormIndirect) {
            write(writer, indirectRef(*form.acroForm, "the AcroForm"), acroForm);
        } else {
            catalog.set("AcroForm", acroForm.text());
            write(writer, doc.catalogRef(), catalog);
        }
        return 0;
    });
}

}  // namespace kyso::pdf
