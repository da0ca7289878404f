#pragma once

// The interactive-form side of signing (ISO 32000-1 12.7, 12.7.4.5): finding fields, adding the
// widget to its page, creating or updating the AcroForm. Every change is written as a new
// version of exactly the objects that change: the page (or its indirect /Annots array), the
// AcroForm (or the catalog when the AcroForm is inline or new, or an indirect /Fields array).

#include <optional>
#include <set>
#include <string>

#include "pdf/appearance.hpp"
#include "pdf/placement.hpp"
#include "pdf/source_document.hpp"
#include "pdf/update_writer.hpp"

namespace kyso::pdf {

struct FormState {
    PoDoFo::PdfObject* acroForm = nullptr;  // resolved, nullptr if none
    bool acroFormIndirect = false;
    std::set<std::string> fullNames;  // fully qualified names of every field
};

struct ExistingField {
    PoDoFo::PdfObject* field = nullptr;   // the terminal field
    PoDoFo::PdfObject* widget = nullptr;  // the same object for a merged field/widget
    Rect rect;
    std::optional<PoDoFo::PdfReference> pageRef;
};

FormState readForm(const SourceDocument& doc);

// The signature field called `name`, if there is one. Throws INVALID_REQUEST when a field of
// that name is not a signature field or is already signed.
std::optional<ExistingField> findSignatureField(const SourceDocument& doc, const FormState& form,
                                                const std::string& name);

// /MediaBox, /CropBox and /Rotate of a page, inherited through /Parent.
PageGeometry pageGeometryOf(const SourceDocument& doc, PoDoFo::PdfObject& page);

// Writes the field with /V and its widget with /AP.
void signExistingField(UpdateWriter& writer, const ExistingField& field,
                       std::uint32_t signatureNumber, std::uint32_t appearanceNumber);

// Adds `widget` to the page's /Annots.
void addAnnotation(const SourceDocument& doc, UpdateWriter& writer, const PageRef& page,
                   const PoDoFo::PdfReference& widget);

// Makes sure the AcroForm exists, lists `newField` (if any) in /Fields and has /SigFlags 3.
void updateAcroForm(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
                    const FormState& form, const std::optional<PoDoFo::PdfReference>& newField);

}  // namespace kyso::pdf
