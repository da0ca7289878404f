#include "pdf/source_document.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "core/error.hpp"
#include "pdf/raw_syntax.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

// PoDoFo reads through this: a seekable view of the caller's bytes (a mapped file or a
// buffer), with no copy. PoDoFo's own buffer device copies the whole input into a string.
class ViewInputDevice : public PdfInputDevice {
  public:
    explicit ViewInputDevice(const InputView& input) : input_(input) {}

    void Close() override {}
    std::streamoff Tell() const override { return static_cast<std::streamoff>(position_); }
    int GetChar() const override {
        if (position_ >= input_.size) {
            eof_ = true;
            return EOF;
        }
        return input_.data[position_++];
    }
    int Look() const override { return position_ < input_.size ? input_.data[position_] : EOF; }
    void Seek(std::streamoff offset, std::ios_base::seekdir dir) override {
        std::streamoff base = 0;
        if (dir == std::ios_base::cur) {
            base = static_cast<std::streamoff>(position_);
        } else if (dir == std::ios_base::end) {
            base = static_cast<std::streamoff>(input_.size);
        }
        const std::streamoff target = base + offset;
        if (target < 0 || target > static_cast<std::streamoff>(input_.size)) {
            PODOFO_RAISE_ERROR_INFO(ePdfError_ValueOutOfRange, "seek outside the file");
        }
        position_ = static_cast<std::size_t>(target);
        eof_ = false;
    }
    std::streamoff Read(char* buffer, std::streamsize length) override {
        const std::size_t available = input_.size - position_;
        const std::size_t count = std::min(available, static_cast<std::size_t>(length));
        std::memcpy(buffer, input_.data + position_, count);
        position_ += count;
        if (count < static_cast<std::size_t>(length)) {
            eof_ = true;
        }
        return static_cast<std::streamoff>(count);
    }
    bool Eof() const override { return eof_; }
    bool Bad() const override { return false; }
    void Clear(std::ios_base::iostate) const override { eof_ = false; }

  private:
    InputView input_;
    mutable std::size_t position_ = 0;
    mutable bool eof_ = false;
};

constexpr int kMaxResolveHops = 32;
constexpr int kMaxPageTreeDepth = 64;

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorCode::InvalidPdf, message);
}

bool isSpace(std::uint8_t c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

Rect toRect(const PdfArray& array) {
    if (array.size() != 4) {
        invalid("a page box is not four numbers");
    }
    double v[4];
    for (std::size_t i = 0; i < 4; ++i) {
        if (!array[i].IsNumber() && !array[i].IsReal()) {
            invalid("a page box is not four numbers");
        }
        v[i] = array[i].GetReal();
    }
    return {std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
}

// Acrobat accepts up to 1,024 bytes before "%PDF-" and then counts offsets from the header (PDF
// Reference 1.7, Annex H), but not every reader does: a signature's /ByteRange and the update's
// offsets would mean different bytes to different validators. kyso refuses such a file with
// a message that says what to fix, rather than sign something verifiers read differently.
void refuseHeaderless(const InputView& input) {
    constexpr std::size_t kHeaderWindow = 1024;
    if (input.size >= 16 && std::memcmp(input.data, "%PDF-", 5) == 0) {
        return;
    }
    const std::string_view start(reinterpret_cast<const char*>(input.data),
                                 std::min(input.size, kHeaderWindow + 5));
    const std::size_t header = start.find("%PDF-");
    if (header != std::string_view::npos && input.size - header >= 16) {
        invalid(std::to_string(header) +
                " bytes come before the %PDF- header: kyso signs only files that start with it "
                "(offsets in such a file are read differently by different validators); remove "
                "those bytes and sign again");
    }
    // PoDoFo accepts some files without a header; kyso does not sign what is not a PDF.
    invalid("not a PDF file (no %PDF- header)");
}

// Object `number`'s text inside its decoded object stream: from its offset up to the next
// member's (the last member runs to the end of the stream).
InputView memberText(const XrefIndex::ObjectStream& stream, std::size_t index,
                     std::uint32_t number) {
    if (index >= stream.members.size() || stream.members[index].first != number) {
        invalid("object " + std::to_string(number) + " is not where its object stream says");
    }
    const std::size_t start = stream.members[index].second;
    std::size_t end = stream.data.size();
    if (index + 1 < stream.members.size() && stream.members[index + 1].second > start) {
        end = stream.members[index + 1].second;
    }
    return InputView{stream.data.data() + start, end - start};
}

}  // namespace

std::optional<int> pageRotation(const PdfObject& rotate) {
    if (rotate.IsNumber() && rotate.GetNumber() % 90 == 0) {
        return static_cast<int>(((rotate.GetNumber() % 360) + 360) % 360);
    }
    return std::nullopt;
}

void rethrowPodofoError(const char* what, const PdfError& error) {
    const EPdfError code = error.GetError();
    const char* name = PdfError::ErrorName(code);
    const std::string message =
        std::string(what) + ": " + (name != nullptr ? name : "PoDoFo error");
    if (code == ePdfError_InvalidPassword) {
        // Password-protected documents fail in the parser, before /Encrypt can be looked at.
        throw Error(ErrorCode::EncryptedPdf, "the PDF is encrypted (password protected)");
    }
    if (code == ePdfError_OutOfMemory) {
        throw Error(ErrorCode::TooLarge, message);
    }
    throw Error(ErrorCode::InvalidPdf, message);
}

SourceDocument::SourceDocument(const InputView& input) : input_(input) {
    PdfError::EnableLogging(false);  // PoDoFo logs to stderr; our errors say what went wrong
    PdfError::EnableDebug(false);
    refuseHeaderless(input);
    findLastXref(input);
    index_ = std::make_unique<XrefIndex>(input, lastXrefOffset_);
    withPodofo("cannot read the PDF", [&] {
        objects_ = std::make_unique<PdfVecObjects>();
        objects_->SetAutoDelete(true);
        // PdfRefCountedInputDevice takes ownership of the raw device pointer and deletes it
        // when the last reference (this and the objects, which read on demand) goes away.
        auto device = std::make_unique<ViewInputDevice>(input);
        device_ = std::make_unique<PdfRefCountedInputDevice>(device.get());
        static_cast<void>(device.release());                    // owned by device_ from here on
        buffer_ = std::make_unique<PdfRefCountedBuffer>(4096);  // the tokenizer's scratch
        readTrailer();
        return 0;
    });
    if (trailer().HasKey("Encrypt")) {
        throw Error(ErrorCode::EncryptedPdf, "the PDF is encrypted");
    }
    const PdfObject* root = trailer().GetKey("Root");
    if (root == nullptr || !root->IsReference()) {
        invalid("the trailer has no /Root reference");
    }
    catalog_ = lookup(root->GetReference());
    if (catalog_ == nullptr || !catalog_->IsDictionary()) {
        invalid("the document catalog is missing or not a dictionary");
    }
    if (index_->size() >= 8388607) {
        invalid("too many objects");
    }
    nextObjectNumber_ = index_->size();
}

void SourceDocument::readTrailer() {
    // Each key from the newest trailer that has it (PoDoFo merged them the same way).
    trailer_ = std::make_unique<PdfObject>(PdfDictionary());
    std::vector<std::unique_ptr<PdfParserObject>> parsed(index_->trailers().size());
    for (const char* key : {"Root", "Info", "ID", "Encrypt"}) {
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            const XrefIndex::Trailer& t = index_->trailers()[i];
            if (t.dictionary.get(key) == nullptr) {
                continue;
            }
            if (!parsed[i]) {
                // Its nesting was checked when the index read it.
                parsed[i] = std::make_unique<PdfParserObject>(objects_.get(), *device_, *buffer_,
                                                              static_cast<pdf_long>(t.offset));
                parsed[i]->SetLoadOnDemand(false);
                parsed[i]->ParseFile(nullptr, !t.isStream);
            }
            if (const PdfObject* value = parsed[i]->GetDictionary().GetKey(key)) {
                trailer_->GetDictionary().AddKey(key, *value);
            }
            break;
        }
    }
}

PdfObject* SourceDocument::fetch(const PdfReference& ref) const {
    if (PdfObject* known = objects_->GetObject(ref)) {
        return known;
    }
    if (absent_.count(ref.ObjectNumber()) != 0 || load(ref.ObjectNumber()) == nullptr) {
        absent_.insert(ref.ObjectNumber());
        return nullptr;
    }
    return objects_->GetObject(ref);  // nullptr if the generation differs
}

PdfObject* SourceDocument::load(std::uint32_t number) const {
    const XrefIndex::Entry where = index_->find(number);
    if (where.kind == XrefIndex::Entry::Kind::Plain) {
        // "N G obj" then one value: its nesting is checked before PoDoFo's tokenizer (which
        // recurses through nested dictionaries without limit) reads it on first use.
        std::size_t at = static_cast<std::size_t>(where.offset);
        const auto found = raw::readUnsigned(input_, at);
        const auto generation = raw::readUnsigned(input_, at);
        if (!found || *found != number || !generation || !raw::readKeyword(input_, at, "obj")) {
            invalid("the cross-reference entry of object " + std::to_string(number) +
                    " does not point at it");
        }
        raw::skipValue(input_, at);
        auto object = std::make_unique<PdfParserObject>(objects_.get(), *device_, *buffer_,
                                                        static_cast<pdf_long>(where.offset));
        object->SetLoadOnDemand(true);
        object->ParseFile(nullptr);
        PdfObject* raw = object.release();
        objects_->insert_sorted(raw);
        return raw;
    }
    if (where.kind == XrefIndex::Entry::Kind::Compressed) {
        const XrefIndex::ObjectStream& stream = index_->objectStream(where.stream);
        const InputView slice = memberText(stream, where.index, number);
        std::size_t at = 0;
        raw::skipValue(slice, at);
        PdfRefCountedInputDevice device(reinterpret_cast<const char*>(slice.data), slice.size);
        PdfTokenizer tokenizer(device, *buffer_);
        PdfVariant value;
        tokenizer.GetNextVariant(value, nullptr);
        auto object = std::make_unique<PdfObject>(PdfReference(number, 0), value);
        PdfObject* raw = object.release();
        objects_->insert_sorted(raw);
        return raw;
    }
    return nullptr;
}

std::string SourceDocument::sourceText(std::uint32_t number) const {
    const XrefIndex::Entry where = index_->find(number);
    InputView in = input_;
    std::size_t at = 0;
    if (where.kind == XrefIndex::Entry::Kind::Plain) {
        at = static_cast<std::size_t>(where.offset);
        const auto found = raw::readUnsigned(input_, at);
        const auto generation = raw::readUnsigned(input_, at);
        if (!found || *found != number || !generation || !raw::readKeyword(input_, at, "obj")) {
            invalid("the cross-reference entry of object " + std::to_string(number) +
                    " does not point at it");
        }
    } else if (where.kind == XrefIndex::Entry::Kind::Compressed) {
        const XrefIndex::ObjectStream& stream = index_->objectStream(where.stream);
        in = memberText(stream, where.index, number);
    } else {
        invalid("object " + std::to_string(number) + " is missing");
    }
    const std::size_t begin = raw::skipSpace(in, at);
    if (begin >= in.size || (in.data[begin] != '[' && in.data[begin] != '<')) {
        invalid("object " + std::to_string(number) + " is neither a dictionary nor an array");
    }
    at = begin;
    raw::skipValue(in, at);
    return {reinterpret_cast<const char*>(in.data + begin), at - begin};
}

SourceDocument::~SourceDocument() = default;

void SourceDocument::findLastXref(const InputView& input) {
    // "startxref <offset> %%EOF" near the end (7.5.5). The last one wins (7.5.6).
    const std::size_t window = std::min<std::size_t>(input.size, 4096);
    const std::string_view tail(reinterpret_cast<const char*>(input.data + input.size - window),
                                window);
    const std::size_t at = tail.rfind("startxref");
    if (at == std::string_view::npos) {
        invalid("no startxref at the end of the file (truncated?)");
    }
    std::size_t i = at + 9;
    while (i < tail.size() && isSpace(static_cast<std::uint8_t>(tail[i]))) {
        ++i;
    }
    std::uint64_t offset = 0;
    std::size_t digits = 0;
    while (i < tail.size() && tail[i] >= '0' && tail[i] <= '9' && digits < 19) {
        offset = offset * 10 + static_cast<std::uint64_t>(tail[i] - '0');
        ++i, ++digits;
    }
    if (digits == 0 || offset >= input.size) {
        invalid("startxref does not point into the file");
    }
    if (tail.find("%%EOF", i) == std::string_view::npos) {
        invalid("no %%EOF after startxref (truncated?)");
    }
    std::size_t p = static_cast<std::size_t>(offset);
    while (p < input.size && isSpace(input.data[p])) {
        ++p;
    }
    if (p + 4 <= input.size && std::memcmp(input.data + p, "xref", 4) == 0) {
        lastXrefKind_ = XrefKind::Table;
    } else if (p < input.size && input.data[p] >= '0' && input.data[p] <= '9') {
        lastXrefKind_ = XrefKind::Stream;
    } else {
        invalid("startxref points at neither a cross-reference table nor a stream");
    }
    lastXrefOffset_ = offset;
}

const PdfDictionary& SourceDocument::trailer() const {
    return trailer_->GetDictionary();
}

PdfObject* SourceDocument::lookup(const PdfReference& ref) const {
    return withPodofo("cannot read an object", [&]() -> PdfObject* { return resolve(fetch(ref)); });
}

PdfObject* SourceDocument::resolve(PdfObject* value) const {
    return withPodofo("cannot read an object", [&]() -> PdfObject* {
        PdfObject* current = value;
        for (int hop = 0; current != nullptr && hop < kMaxResolveHops; ++hop) {
            if (current->IsNull()) {
                return nullptr;
            }
            if (!current->IsReference()) {
                return current;
            }
            current = fetch(current->GetReference());
        }
        if (current != nullptr) {
            invalid("a chain of references does not end");
        }
        return nullptr;
    });
}

PdfObject* SourceDocument::get(const PdfDictionary& dict, const char* key) const {
    PdfObject* value = const_cast<PdfDictionary&>(dict).GetKey(PdfName(key));
    return resolve(value);
}

int SourceDocument::pageCount() const {
    PdfObject* pages = get(catalog_->GetDictionary(), "Pages");
    if (pages == nullptr || !pages->IsDictionary()) {
        invalid("the catalog has no page tree");
    }
    PdfObject* count = get(pages->GetDictionary(), "Count");
    if (count == nullptr || !count->IsNumber() || count->GetNumber() < 1 ||
        count->GetNumber() > 10000000) {
        invalid("the page tree has no valid /Count");
    }
    return static_cast<int>(count->GetNumber());
}

PageRef SourceDocument::page(int index) const {
    PdfObject* pages = get(catalog_->GetDictionary(), "Pages");
    if (pages == nullptr || !pages->IsDictionary()) {
        invalid("the catalog has no page tree");
    }
    PageRef found;
    int remaining = index;
    withPodofo("cannot read the page tree", [&] {
        std::unordered_set<std::uint32_t> visited;
        findPage(pages, remaining, 0, found, PageGeometry{}, visited);
        return 0;
    });
    if (found.object == nullptr) {
        invalid("page " + std::to_string(index + 1) + " not found in the page tree");
    }
    return found;
}

void SourceDocument::findPage(PdfObject* node, int& remaining, int depth, PageRef& found,
                              PageGeometry inherited,
                              std::unordered_set<std::uint32_t>& visited) const {
    if (depth > kMaxPageTreeDepth || node == nullptr || !node->IsDictionary()) {
        invalid("the page tree is damaged");
    }
    // A tree whose /Kids lead back to a node already walked would count its pages again, and
    // the signature would land on another page than the one asked for (ISO 32000-1 7.7.3.2:
    // every node has one parent).
    const std::uint32_t number = node->Reference().ObjectNumber();
    if (number != 0 && !visited.insert(number).second) {
        invalid("the page tree is damaged (object " + std::to_string(number) +
                " appears twice in it)");
    }
    const PdfDictionary& dict = node->GetDictionary();
    if (PdfObject* media = get(dict, "MediaBox"); media != nullptr && media->IsArray()) {
        inherited.visible = toRect(media->GetArray());  // CropBox, if any, is applied below
    }
    PageGeometry here = inherited;
    if (PdfObject* rotate = get(dict, "Rotate"); rotate != nullptr) {
        const std::optional<int> degrees = pageRotation(*rotate);
        here.rotate = degrees.value_or(0);
        here.rotationAmbiguous = !degrees;
    }
    PdfObject* kids = get(dict, "Kids");
    const PdfObject* type = get(dict, "Type");
    const bool isPage =
        kids == nullptr || (type != nullptr && type->IsName() && type->GetName() == "Page");
    if (isPage) {
        if (remaining == 0) {
            found.object = node;
            found.ref = node->Reference();
            found.geometry = here;
            // The CropBox may be inherited too, but is clipped to the MediaBox (14.11.2).
            if (PdfObject* crop = get(dict, "CropBox"); crop != nullptr && crop->IsArray()) {
                const Rect c = toRect(crop->GetArray());
                const Rect& m = here.visible;
                found.geometry.visible = {std::max(c.llx, m.llx), std::max(c.lly, m.lly),
                                          std::min(c.urx, m.urx), std::min(c.ury, m.ury)};
            }
            if (found.geometry.visible.width() <= 0 || found.geometry.visible.height() <= 0) {
                invalid("the page has no usable MediaBox");
            }
        }
        --remaining;
        return;
    }
    if (!kids->IsArray()) {
        invalid("the page tree is damaged (/Kids is not an array)");
    }
    for (PdfObject& kid : kids->GetArray()) {
        if (remaining < 0) {
            return;
        }
        // Kids before the one wanted are counted, not loaded: only the path down stays loaded.
        if (const std::int64_t under = pagesUnder(kid); under >= 0 && under <= remaining) {
            remaining -= static_cast<int>(under);
            continue;
        }
        PdfObject* child = resolve(&kid);
        // Skip whole subtrees by their /Count rather than walking them.
        if (child != nullptr && child->IsDictionary()) {
            PdfObject* childKids = get(child->GetDictionary(), "Kids");
            PdfObject* count = get(child->GetDictionary(), "Count");
            if (childKids != nullptr && count != nullptr && count->IsNumber() &&
                count->GetNumber() >= 0 && count->GetNumber() <= remaining) {
                remaining -= static_cast<int>(count->GetNumber());
                continue;
            }
        }
        findPage(child, remaining, depth + 1, found, here, visited);
    }
}

std::int64_t SourceDocument::pagesUnder(const PdfObject& kid) const {
    if (!kid.IsReference() || objects_->GetObject(kid.GetReference()) != nullptr) {
        return -1;  // direct, or loaded already: the walk reads it as it is
    }
    const std::uint32_t number = kid.GetReference().ObjectNumber();
    const XrefIndex::Entry where = index_->find(number);
    raw::Value node;
    if (where.kind == XrefIndex::Entry::Kind::Plain) {
        std::size_t at = static_cast<std::size_t>(where.offset);
        const auto found = raw::readUnsigned(input_, at);
        if (!found || *found != number || !raw::readUnsigned(input_, at) ||
            !raw::readKeyword(input_, at, "obj")) {
            return -1;  // load() says what is wrong with it
        }
        node = raw::readValue(input_, at);
    } else if (where.kind == XrefIndex::Entry::Kind::Compressed) {
        const XrefIndex::ObjectStream& stream = index_->objectStream(where.stream);
        if (where.index >= stream.members.size() || stream.members[where.index].first != number) {
            return -1;
        }
        std::size_t at = stream.members[where.index].second;
        node = raw::readValue(InputView::of(stream.data), at);
    } else {
        return -1;
    }
    if (node.kind != raw::Value::Kind::Dictionary) {
        return -1;
    }
    const raw::Value* type = node.get("Type");
    if (node.get("Kids") == nullptr ||
        (type != nullptr && type->kind == raw::Value::Kind::Name && type->name == "Page")) {
        return 1;  // what findPage counts as a page
    }
    const auto count = node.integerAt("Count");
    return count && *count >= 0 ? *count : -1;
}

std::string serialise(const PdfVariant& value) {
    std::string out;
    withPodofo("cannot serialise an object", [&] {
        value.ToString(out, ePdfWriteMode_Clean);
        return 0;
    });
    return out;
}

std::string serialise(const PdfObject& object) {
    return serialise(static_cast<const PdfVariant&>(object));
}

}  // namespace kyso::pdf
