#pragma once

// The input PDF: the objects kyso asks for (dictionaries only; stream data stays in the file
// and is never loaded), the trailer, and what the incremental update must continue from (last
// cross-reference section: where and which kind).
//
// kyso reads the cross-reference sections itself (xref_index.hpp: bounded, and a 50,000-page
// file costs a few MB instead of PoDoFo's ~0.9 KB per object) and loads an object only when
// asked, each parsed by PoDoFo 0.9.8's tokenizer after raw_syntax.hpp has checked its nesting.
// Why not PoDoFo for writing: WriteUpdate rewrites objects of earlier revisions (see
// docs/pdf-signing.md).

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "pdf/input_view.hpp"
#include "pdf/placement.hpp"
#include "pdf/podofo.hpp"
#include "pdf/xref_index.hpp"

namespace kyso::pdf {

enum class XrefKind { Table, Stream };

struct PageRef {
    PoDoFo::PdfReference ref;
    PoDoFo::PdfObject* object = nullptr;
    PageGeometry geometry;
};

class SourceDocument {
  public:
    // Throws INVALID_PDF (not a PDF, damaged, truncated), ENCRYPTED_PDF, TOO_LARGE (an object
    // or cross-reference stream decodes beyond XrefLimits).
    explicit SourceDocument(const InputView& input);
    ~SourceDocument();
    SourceDocument(const SourceDocument&) = delete;
    SourceDocument& operator=(const SourceDocument&) = delete;

    // Root, Info, ID and Encrypt of the newest trailer that has each.
    const PoDoFo::PdfDictionary& trailer() const;
    PoDoFo::PdfObject& catalog() const { return *catalog_; }
    PoDoFo::PdfReference catalogRef() const { return catalog_->Reference(); }

    // Follows indirect references (a bounded number of hops); nullptr for a missing object or a
    // null. Never returns a reference.
    PoDoFo::PdfObject* resolve(PoDoFo::PdfObject* value) const;
    PoDoFo::PdfObject* lookup(const PoDoFo::PdfReference& ref) const;
    // dict[key], resolved; nullptr when absent.
    PoDoFo::PdfObject* get(const PoDoFo::PdfDictionary& dict, const char* key) const;

    // The exact source text of object `number`'s value, a dictionary or an array: from the
    // file, or from its decoded object stream. What SourceEdit edits when kyso writes a new
    // version of the object, so that the tokens kyso does not change stay as they were.
    // Throws INVALID_PDF when the object is missing or is neither.
    std::string sourceText(std::uint32_t number) const;

    std::uint64_t lastXrefOffset() const { return lastXrefOffset_; }
    XrefKind lastXrefKind() const { return lastXrefKind_; }
    // First object number the update may use (max of /Size and the highest number seen + 1).
    std::uint32_t nextObjectNumber() const { return nextObjectNumber_; }

    int pageCount() const;
    // index: 0-based. Inherited /MediaBox, /CropBox, /Rotate are resolved. Throws INVALID_PDF.
    PageRef page(int index) const;

  private:
    void findLastXref(const InputView& input);
    void readTrailer();
    // The object of that number, loaded on first use; nullptr if the index has none.
    PoDoFo::PdfObject* fetch(const PoDoFo::PdfReference& ref) const;
    PoDoFo::PdfObject* load(std::uint32_t number) const;
    // `visited`: the nodes walked so far; a node met twice (a /Kids entry pointing back to an
    // ancestor, itself or a node already walked) is INVALID_PDF, never a page counted twice.
    void findPage(PoDoFo::PdfObject* node, int& remaining, int depth, PageRef& found,
                  PageGeometry inherited, std::unordered_set<std::uint32_t>& visited) const;
    // How many pages the page tree kid `kid` holds (1 for a page, /Count for a node), read by
    // raw_syntax.hpp without loading it through PoDoFo (about 3 KB per object, kept until the
    // document closes: a flat /Kids array of 100,000 pages cost 350 MB); -1 when that cannot be
    // told that way (a direct kid, an indirect /Count), and the walk then loads it.
    std::int64_t pagesUnder(const PoDoFo::PdfObject& kid) const;

    InputView input_;
    std::unique_ptr<XrefIndex> index_;
    // Objects loaded so far (PdfParserObjects read the dictionary from device_ on first use).
    std::unique_ptr<PoDoFo::PdfVecObjects> objects_;
    std::unique_ptr<PoDoFo::PdfRefCountedInputDevice> device_;
    std::unique_ptr<PoDoFo::PdfRefCountedBuffer> buffer_;
    std::unique_ptr<PoDoFo::PdfObject> trailer_;
    mutable std::set<std::uint32_t> absent_;  // numbers already looked for and not found
    PoDoFo::PdfObject* catalog_ = nullptr;
    std::uint64_t lastXrefOffset_ = 0;
    XrefKind lastXrefKind_ = XrefKind::Table;
    std::uint32_t nextObjectNumber_ = 1;
};

// A page's /Rotate as 0, 90, 180 or 270 (a multiple of 90 modulo 360, ISO 32000-1 7.7.3.3);
// nullopt for a real or a value that is not a multiple of 90 (PageGeometry::rotationAmbiguous).
std::optional<int> pageRotation(const PoDoFo::PdfObject& rotate);

// Runs `work`, turning PoDoFo's exceptions (which are not std::exceptions) into kyso::Error
// INVALID_PDF (or ENCRYPTED_PDF for a password error).
template <class Work>
auto withPodofo(const char* what, Work&& work) -> decltype(work());
[[noreturn]] void rethrowPodofoError(const char* what, const PoDoFo::PdfError& error);

template <class Work>
auto withPodofo(const char* what, Work&& work) -> decltype(work()) {
    try {
        return work();
    } catch (const PoDoFo::PdfError& error) {
        rethrowPodofoError(what, error);
    }
}

// The object serialised the way PDF files write it ("<< /Key value ... >>"), by PoDoFo.
std::string serialise(const PoDoFo::PdfObject& object);
std::string serialise(const PoDoFo::PdfVariant& value);

}  // namespace kyso::pdf
