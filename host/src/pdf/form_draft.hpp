#pragma once

// Draft preparation for the Nghị định 30/2020 workflow: before anyone signs, empty read-only
// text fields (the document's number and date) are added, so the clerk later fills them in
// the revision of the organisation's signature (FieldFill) without invalidating the leaders'
// signatures: revision-comparing validators accept form filling after a signature.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/input_view.hpp"
#include "pdf/placement.hpp"

namespace kyso::pdf {

struct DraftField {
    std::string name;  // a partial name: no '.', not already in the form
    int page = 1;      // 1-based; negative counts from the end
    SignatureBox box;  // as a visible signature's (the page as displayed)
    double fontSize = 13;
    TextAlign align = TextAlign::Left;
};

inline constexpr std::size_t kMaxDraftFields = 20;
// The /DR font resource the fields' /DA names.
inline constexpr const char* kFormFontName = "KysoSerif";

struct DraftOptions {
    std::vector<DraftField> fields;  // 1 to kMaxDraftFields
    std::uint64_t maxInputBytes = std::uint64_t{2} << 30;
    std::string fontPath;  // empty: Liberation Serif
};

struct DraftResult {
    Bytes update;  // append to the input bytes, unchanged
    std::vector<std::string> fieldNames;
};

// The fields as one incremental update written by kyso (every input byte kept, the same kind
// of cross-reference section, /Prev). Each field is a merged field and widget: /FT /Tx,
// /Ff 1 (ReadOnly), /F 4 (Print), /DA "/KysoSerif <size> Tf 0 g", /Q, an empty appearance;
// the AcroForm's /DR gets the font (Liberation Serif with every Vietnamese letter) unless an
// earlier draft put it there. Throws INVALID_PDF, ENCRYPTED_PDF, TOO_LARGE, INVALID_REQUEST
// (no fields, too many, a bad or taken name, a page out of range, a font size outside 4-72).
DraftResult prepareDraft(const InputView& input, const DraftOptions& options);

}  // namespace kyso::pdf
