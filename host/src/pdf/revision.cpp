#include "pdf/revision.hpp"

#include "core/error.hpp"
#include "pdf/pdf_syntax.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

// The trailer's /ID with its first element kept (it identifies the document across
// revisions, 14.4) and a new second element (this revision).
std::string documentId(const SourceDocument& doc, const Bytes& revisionSeed) {
    const Bytes fresh = sha256(revisionSeed);
    const std::string second = "<" + hexEncode(fresh.data(), 16) + ">";
    const PdfObject* id = doc.trailer().GetKey("ID");
    if (id != nullptr && id->IsArray() && id->GetArray().size() == 2 &&
        (id->GetArray()[0].IsString() || id->GetArray()[0].IsHexString())) {
        return "[" + serialise(id->GetArray()[0]) + " " + second + "]";
    }
    return "[" + second + " " + second + "]";
}

}  // namespace

void checkInput(const InputView& input, std::uint64_t maxInputBytes) {
    if (input.data == nullptr || input.size == 0) {
        throw Error(ErrorCode::InvalidPdf, "the PDF is empty");
    }
    if (input.size > maxInputBytes) {
        throw Error(ErrorCode::TooLarge,
                    "the PDF is larger than " + std::to_string(maxInputBytes) + " bytes");
    }
}

std::string reference(const PdfReference& ref) {
    return std::to_string(ref.ObjectNumber()) + " " + std::to_string(ref.GenerationNumber()) + " R";
}

std::string reference(std::uint32_t number) {
    return std::to_string(number) + " 0 R";
}

std::string rectArray(const Rect& r) {
    return "[" + pdfNumber(r.llx) + " " + pdfNumber(r.lly) + " " + pdfNumber(r.urx) + " " +
           pdfNumber(r.ury) + "]";
}

int pageIndex(int page, int count) {
    const int index = page > 0 ? page - 1 : count + page;
    if (page == 0 || index < 0 || index >= count) {
        throwInvalidRequest("page " + std::to_string(page) + " does not exist (the document has " +
                            std::to_string(count) + " pages)");
    }
    return index;
}

UpdateWriter updateWriterFor(const InputView& input) {
    const char last = static_cast<char>(input.data[input.size - 1]);
    return UpdateWriter(input.size, last != '\n' && last != '\r');
}

void finishRevision(const SourceDocument& doc, UpdateWriter& writer, ObjectNumbers& numbers,
                    const Bytes& seed) {
    TrailerFields trailer;
    trailer.prev = doc.lastXrefOffset();
    trailer.root = reference(doc.catalogRef());
    if (const PdfObject* info = doc.trailer().GetKey("Info");
        info != nullptr && info->IsReference()) {
        trailer.info = reference(info->GetReference());
    }
    trailer.id = documentId(doc, seed);
    if (doc.lastXrefKind() == XrefKind::Stream) {
        writer.finishWithStream(numbers.allocate(), trailer);
    } else {
        writer.finishWithTable(trailer);
    }
}

}  // namespace kyso::pdf
