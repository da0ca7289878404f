#pragma once

// The interactive-form side of signing (ISO 32000-1 12.7, 12.7.4.5): finding fields, adding the
// widget to its page, creating or updating the AcroForm. Every change is written as a new
// version of exactly the objects that change: the page (or its indirect /Annots array), the
// AcroForm (or the catalog when the AcroForm is inline or new, or an indirect /Fields array).
// Each is its original source text with only kyso's keys set (SourceEdit): every other token
// stays byte for byte, so validators comparing revisions see only what kyso changed.

#include <optional>
#include <set>
#include <string>
#include <vector>

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

// An empty text field (/FT /Tx) and what its /DA and /Q say about drawing its value.
struct TextField {
    ExistingField where;
    double fontSize = 0;  // from /DA ("/F 13 Tf"); 0: auto
    TextAlign align = TextAlign::Left;
};

// The text field called `name`, if there is one. Throws INVALID_REQUEST when a field of that
// name is not a text field or already has a value.
std::optional<TextField> findTextField(const SourceDocument& doc, const FormState& form,
                                       const std::string& name);

// Writes the text field with /V `value` and its widget with /AP.
void fillTextField(const SourceDocument& doc, UpdateWriter& writer, const ExistingField& field,
                   const std::string& value, std::uint32_t appearanceNumber);

// /MediaBox, /CropBox and /Rotate of a page, inherited through /Parent.
PageGeometry pageGeometryOf(const SourceDocument& doc, PoDoFo::PdfObject& page);

// Writes the field with /V and its widget with /AP.
void signExistingField(const SourceDocument& doc, UpdateWriter& writer, const ExistingField& field,
                       std::uint32_t signatureNumber, std::uint32_t appearanceNumber);

// Adds `annotations` to the page's /Annots (one rewrite of the page or of its /Annots array:
// an object is written once per update).
void addAnnotations(const SourceDocument& doc, UpdateWriter& writer, const PageRef& page,
                    const std::vector<PoDoFo::PdfReference>& annotations);

// What one update changes in the AcroForm.
struct AcroFormChange {
    std::vector<PoDoFo::PdfReference> newFields;  // appended to /Fields
    bool signatures = false;                      // /SigFlags 3 (SignaturesExist, AppendOnly)
    // A font for /DR /Font under this name (text fields' /DA name it); empty: none.
    std::string fontName;
    std::uint32_t fontNumber = 0;
};

// Makes sure the AcroForm exists and makes `change` to it, creating it (and rewriting the
// catalog) when there is none.
void updateAcroForm(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
                    const FormState& form, const AcroFormChange& change);

// True when /DR /Font already has an entry `fontName` (a document prepared twice reuses the
// font of the first time).
bool formHasFont(const SourceDocument& doc, const FormState& form, const std::string& fontName);

}  // namespace kyso::pdf
