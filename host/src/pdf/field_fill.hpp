#pragma once

// The clerk's values (Nghị định 30/2020: the document's number and date), written in the
// signature's own revision: an empty text field gets /V and a new appearance; a value with no
// field but a placement is stamped as a locked annotation with its own appearance.

#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "pdf/appearance.hpp"
#include "pdf/pdf_signer.hpp"
#include "pdf/signature_field.hpp"
#include "pdf/source_document.hpp"
#include "pdf/update_writer.hpp"

namespace kyso::pdf {

// Annotations one revision adds, by page: every page (or its /Annots array) is written once,
// whatever number of annotations it gets.
class PageAnnotations {
  public:
    void add(const PageRef& page, const PoDoFo::PdfReference& annotation);
    void write(const SourceDocument& doc, UpdateWriter& writer) const;

  private:
    struct Entry {
        PageRef page;
        std::vector<PoDoFo::PdfReference> annotations;
    };
    std::map<std::uint32_t, Entry> pages_;  // by the page's object number
};

// Font size of a stamp when the caller gives none: the body text size of official documents.
inline constexpr double kDefaultStampFontSize = 13;

// Writes every fill (see FieldFill; `when` is a stamp's /M) and returns, for each, whether it was
// stamped. Throws INVALID_REQUEST for a field that is not an empty text field, or no field and no
// stamp.
std::vector<bool> writeFills(const SourceDocument& doc, const FormState& form, UpdateWriter& writer,
                             ObjectNumbers& numbers, const std::vector<FieldFill>& fills,
                             std::time_t when, const std::string& fontPath,
                             PageAnnotations& annotations);

}  // namespace kyso::pdf
