#pragma once

// What every revision kyso appends shares, whatever it adds (a signature, draft fields): the
// input checks, references and rectangles as PDF text, page numbers, and the end of the
// update (cross-reference section of the input's kind, trailer with /Prev and /ID).

#include <cstdint>
#include <string>

#include "pdf/appearance.hpp"
#include "pdf/input_view.hpp"
#include "pdf/placement.hpp"
#include "pdf/source_document.hpp"
#include "pdf/update_writer.hpp"

namespace kyso::pdf {

// INVALID_PDF for an empty input, TOO_LARGE above `maxInputBytes`.
void checkInput(const InputView& input, std::uint64_t maxInputBytes);

std::string reference(const PoDoFo::PdfReference& ref);  // "12 0 R"
std::string reference(std::uint32_t number);
std::string rectArray(const Rect& r);  // "[llx lly urx ury]"

// 1-based page number (negative: from the end) to a 0-based index; INVALID_REQUEST if the
// document has no such page.
int pageIndex(int page, int count);

// A writer for an update to `input`: an end-of-line first if the input lacks one.
UpdateWriter updateWriterFor(const InputView& input);

// Ends the update: a cross-reference section of the same kind as the input's last one, the
// trailer with /Prev, /Root, /Info kept, /ID's first element kept and a second one derived
// from `seed` (what makes this revision differ from another one of the same input).
void finishRevision(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
                    const Bytes& seed);

}  // namespace kyso::pdf
