#include "pdf/pdf_signer.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "core/error.hpp"
#include "core/openssl_handles.hpp"
#include "core/time_format.hpp"
#include "pdf/active_content.hpp"
#include "pdf/appearance.hpp"
#include "pdf/field_fill.hpp"
#include "pdf/pdf_syntax.hpp"
#include "pdf/revision.hpp"
#include "pdf/signature_field.hpp"
#include "pdf/source_document.hpp"
#include "pdf/update_writer.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

constexpr std::size_t kDefaultReserveBytes = 16384;
constexpr std::size_t kMaxReserveBytes = 1 << 20;
// "/ByteRange [" + this many spaces + "]": room for "0 a b c" with 20-digit numbers.
constexpr std::size_t kByteRangeWidth = 64;

// The signature dictionary (12.8.1) with a zero-filled /Contents of 2*reserve hex digits and a
// blank /ByteRange, both patched in place later. Keys are written in a fixed order.
std::string signatureDictionary(const PdfSignOptions& options, std::time_t signingTime,
                                std::size_t reserve) {
    std::string out = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached";
    out += " /ByteRange [" + std::string(kByteRangeWidth, ' ') + "]";
    out += " /Contents <" + std::string(2 * reserve, '0') + ">";
    out += " /M " + pdfDate(signingTime);
    if (!options.signerName.empty()) {
        out += " /Name " + pdfTextString(options.signerName);
    }
    if (!options.reason.empty()) {
        out += " /Reason " + pdfTextString(options.reason);
    }
    if (!options.location.empty()) {
        out += " /Location " + pdfTextString(options.location);
    }
    if (!options.contactInfo.empty()) {
        out += " /ContactInfo " + pdfTextString(options.contactInfo);
    }
    return out + " >>";
}

std::string sigFieldName(const PdfSignOptions& options, const std::set<std::string>& taken) {
    if (!options.fieldName.empty()) {
        return options.fieldName;
    }
    for (int n = 1;; ++n) {
        std::string candidate = "Signature" + std::to_string(n);
        if (taken.count(candidate) == 0) {
            return candidate;
        }
    }
}

void checkOptions(const InputView& input, const PdfSignOptions& options) {
    checkInput(input, options.maxInputBytes);
    if (options.reserveBytes > kMaxReserveBytes) {
        throwInvalidRequest("reserveBytes is larger than 1 MiB");
    }
    decodeUtf8(options.fieldName, "fieldName");
    if (options.visible && options.copyMark) {
        throwInvalidRequest("a copy mark is the visible signature: leave out visible");
    }
    if (options.fill.size() > kMaxFills) {
        throwInvalidRequest("at most " + std::to_string(kMaxFills) + " fields can be filled");
    }
    std::set<std::string> filled;
    for (const FieldFill& fill : options.fill) {
        decodeUtf8(fill.field, "a fill's field name");
        if (fill.field.empty() || !filled.insert(fill.field).second) {
            throwInvalidRequest("fill names the field \"" + fill.field +
                                "\" twice (or an empty name)");
        }
    }
}

// The bytes the signature covers: everything but the /Contents hex string.
Bytes byteRangeDigest(const InputView& input, const Bytes& update,
                      const std::array<std::uint64_t, 4>& range) {
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    unsigned int length = 0;
    Bytes digest(EVP_MAX_MD_SIZE);
    const std::size_t contentsStart = static_cast<std::size_t>(range[1] - input.size);
    const std::size_t contentsEnd = static_cast<std::size_t>(range[2] - input.size);
    bool hashed = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
    input.scan([&](const std::uint8_t* chunk, std::size_t size) {
        hashed = hashed && EVP_DigestUpdate(ctx.get(), chunk, size) == 1;
    });
    if (!hashed || EVP_DigestUpdate(ctx.get(), update.data(), contentsStart) != 1 ||
        EVP_DigestUpdate(ctx.get(), update.data() + contentsEnd, update.size() - contentsEnd) !=
            1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) {
        throw Error(ErrorCode::Internal, "SHA-256 of the byte range failed");
    }
    digest.resize(length);
    return digest;
}

std::size_t findText(const Bytes& haystack, std::string_view needle, std::size_t from) {
    const auto it = std::search(haystack.begin() + static_cast<std::ptrdiff_t>(from),
                                haystack.end(), needle.begin(), needle.end());
    if (it == haystack.end()) {
        throw Error(ErrorCode::Internal, "placeholder not found in the update");
    }
    return static_cast<std::size_t>(it - haystack.begin());
}

// A certification signature with DocMDP permission 1 forbids any change, another signature
// included (12.8.2.2): validators would report the document as modified against its
// certification. Refused rather than producing a file that fails validation.
void refuseIfCertifiedLocked(const SourceDocument& doc) {
    PdfObject* perms = doc.get(doc.catalog().GetDictionary(), "Perms");
    PdfObject* certification = perms != nullptr && perms->IsDictionary()
                                   ? doc.get(perms->GetDictionary(), "DocMDP")
                                   : nullptr;
    PdfObject* references = certification != nullptr && certification->IsDictionary()
                                ? doc.get(certification->GetDictionary(), "Reference")
                                : nullptr;
    if (references == nullptr || !references->IsArray()) {
        return;
    }
    for (PdfObject& entry : references->GetArray()) {
        PdfObject* reference = doc.resolve(&entry);
        PdfObject* params = reference != nullptr && reference->IsDictionary()
                                ? doc.get(reference->GetDictionary(), "TransformParams")
                                : nullptr;
        PdfObject* p = params != nullptr && params->IsDictionary()
                           ? doc.get(params->GetDictionary(), "P")
                           : nullptr;
        if (p != nullptr && p->IsNumber() && p->GetNumber() == 1) {
            throw Error(ErrorCode::InvalidRequest,
                        "the document is certified with no changes allowed (DocMDP P=1): "
                        "another signature would invalidate the certification",
                        {{"reason", "certifiedNoChanges"}});
        }
    }
}

// The copy mark as a visible signature: its lines and the signing time, top right of page 1,
// in a box fitted to the text so the font stays at its size.
VisibleSignature copyMarkAppearance(const CopyMark& mark, std::time_t signingTime) {
    if (mark.lines.empty() || mark.lines.size() > 8) {
        throwInvalidRequest("a copy mark has 1 to 8 lines");
    }
    VisibleSignature visible;
    visible.page = 1;
    visible.lines = mark.lines;
    visible.lines.push_back(isoLocalTime(signingTime));
    visible.fontSize = mark.fontSize;
    visible.fontPath = mark.fontPath;
    const TextExtent extent = measureText(visible.lines, mark.fontSize, mark.fontPath);
    visible.box = {PageCorner::TopRight, mark.margin, mark.margin, extent.width, extent.height};
    return visible;
}

// A copy mark wider or taller than the page allows (long lines) keeps its margins: the box is
// cut to the page and the text shrinks to fit it.
void fitOnPage(SignatureBox& box, const PageGeometry& page) {
    const bool sideways = page.rotate == 90 || page.rotate == 270;
    const double shownWidth = sideways ? page.visible.height() : page.visible.width();
    const double shownHeight = sideways ? page.visible.width() : page.visible.height();
    box.width = std::max(1.0, std::min(box.width, shownWidth - 2 * box.offsetX));
    box.height = std::max(1.0, std::min(box.height, shownHeight - 2 * box.offsetY));
}

}  // namespace

PdfSignResult prepareSignature(const InputView& input, const PdfSignOptions& options) {
    checkOptions(input, options);
    const std::size_t reserve =
        options.reserveBytes == 0 ? kDefaultReserveBytes : options.reserveBytes;
    SourceDocument doc(input);
    withPodofo("cannot read the permissions", [&] {
        refuseIfCertifiedLocked(doc);
        return 0;
    });
    std::vector<std::string> activeContent = findActiveContent(doc);
    if (options.refuseActiveContent && !activeContent.empty()) {
        std::string kinds;
        for (const std::string& kind : activeContent) {
            kinds += (kinds.empty() ? "" : ", ") + kind;
        }
        throw Error(ErrorCode::DocumentRefused,
                    "the document contains scripts or actions (" + kinds +
                        "), which policy refuses to sign (refuseActiveContent)",
                    {{"activeContent", activeContent}});
    }
    FormState form = readForm(doc);
    const std::string fieldName = sigFieldName(options, form.fullNames);
    std::optional<ExistingField> existing = findSignatureField(doc, form, fieldName);
    if (!existing && fieldName.find('.') != std::string::npos) {
        // A new field is created at the top of the form: its name is a partial name (12.7.3.2).
        throwInvalidRequest("no signature field \"" + fieldName +
                            "\" exists, and a new field's name cannot contain '.'");
    }
    if (existing && options.copyMark) {
        throwInvalidRequest(
            "a copy mark places its own box: it cannot go into the existing "
            "signature field \"" +
            fieldName + "\"");
    }

    UpdateWriter writer = updateWriterFor(input);
    ObjectNumbers numbers(doc.nextObjectNumber());

    const std::uint32_t signatureNumber = numbers.allocate();
    const std::size_t signatureAt = writer.size();
    const std::time_t signingTime =
        options.signingTime != 0 ? options.signingTime : std::time(nullptr);
    writer.writeObject(signatureNumber, 0, signatureDictionary(options, signingTime, reserve));

    // What the signature shows: the caller's box, or the copy mark's (sized to its text).
    std::optional<VisibleSignature> visible = options.visible;
    if (options.copyMark) {
        visible = copyMarkAppearance(*options.copyMark, signingTime);
    }
    // Where the widget goes and how it looks.
    std::optional<PageRef> page;
    Rect rect;
    if (existing) {
        rect = existing->rect;
        if (existing->pageRef) {
            if (PdfObject* p = doc.lookup(*existing->pageRef); p != nullptr) {
                page = PageRef{*existing->pageRef, p, pageGeometryOf(doc, *p)};
            }
        }
    } else {
        const int count = doc.pageCount();
        page = doc.page(visible ? pageIndex(visible->page, count) : 0);
        if (visible && options.copyMark) {
            fitOnPage(visible->box, page->geometry);
        }
        if (visible) {
            rect = placeBox(visible->box, page->geometry);
        }
    }
    std::uint32_t appearanceNumber = 0;
    if (visible && rect.width() > 0 && rect.height() > 0) {
        AppearanceContent content;
        content.lines = visible->lines;
        content.fontSize = visible->fontSize;
        content.pngImage = visible->pngImage ? &*visible->pngImage : nullptr;
        content.fontPath = visible->fontPath;
        appearanceNumber = writeAppearance(writer, numbers, rect,
                                           page ? drawnRotation(page->geometry) : 0, content);
    } else {
        // An existing field keeps its /Rect; its appearance covers it (nothing drawn).
        appearanceNumber = writeEmptyAppearance(writer, numbers, existing ? rect : Rect{});
    }

    PageAnnotations annotations;
    AcroFormChange formChange;
    formChange.signatures = true;
    const std::string signatureRef = reference(signatureNumber);
    const std::string appearanceRef = reference(appearanceNumber);
    if (existing) {
        signExistingField(doc, writer, *existing, signatureNumber, appearanceNumber);
    } else {
        const std::uint32_t fieldNumber = numbers.allocate();
        std::string widget = "<< /Type /Annot /Subtype /Widget /FT /Sig /T " +
                             pdfTextString(fieldName) + " /V " + signatureRef + " /F 132 /P " +
                             reference(page->ref) + " /Rect " + rectArray(rect) + " /AP << /N " +
                             appearanceRef + " >> >>";
        writer.writeObject(fieldNumber, 0, widget);
        annotations.add(*page, PdfReference(fieldNumber, 0));
        formChange.newFields.push_back(PdfReference(fieldNumber, 0));
    }
    // The fills go into this revision, so the signature covers them.
    const std::string fontPath = visible ? visible->fontPath : std::string();
    std::vector<bool> stamped =
        writeFills(doc, form, writer, numbers, options.fill, signingTime, fontPath, annotations);
    annotations.write(doc, writer);
    updateAcroForm(doc, writer, numbers, form, formChange);

    Bytes seed = writer.bytes();  // small: the update so far, with the zero placeholder
    const std::string stamp = std::to_string(input.size) + ":" + std::to_string(signingTime);
    seed.insert(seed.end(), stamp.begin(), stamp.end());
    finishRevision(doc, writer, numbers, seed);

    PdfSignResult result;
    result.fieldName = fieldName;
    result.stamped = std::move(stamped);
    result.activeContent = std::move(activeContent);
    result.update = std::move(writer.bytes());
    const std::size_t byteRangeAt = findText(result.update, "/ByteRange [", signatureAt) + 12;
    const std::size_t contentsAt = findText(result.update, "/Contents <", signatureAt) + 10;
    const std::size_t contentsEnd = contentsAt + 2 * reserve + 2;
    const std::uint64_t total = input.size + result.update.size();
    result.byteRange = {0, input.size + contentsAt, input.size + contentsEnd,
                        total - (input.size + contentsEnd)};
    const std::string rangeText =
        std::to_string(result.byteRange[0]) + " " + std::to_string(result.byteRange[1]) + " " +
        std::to_string(result.byteRange[2]) + " " + std::to_string(result.byteRange[3]);
    std::memcpy(result.update.data() + byteRangeAt, rangeText.data(), rangeText.size());
    result.byteRangeDigest = byteRangeDigest(input, result.update, result.byteRange);
    return result;
}

void embedCms(PdfSignResult& prepared, std::uint64_t inputSize, const Bytes& cms) {
    const auto& range = prepared.byteRange;
    if (range[1] < inputSize || range[2] <= range[1] + 2 ||
        range[2] - inputSize > prepared.update.size()) {
        throw Error(ErrorCode::Internal, "embedCms: the byte range does not match the update");
    }
    const std::size_t start = static_cast<std::size_t>(range[1] - inputSize) + 1;  // after '<'
    const std::size_t room = static_cast<std::size_t>(range[2] - range[1]) - 2;
    const std::string hex = hexEncode(cms);
    if (cms.empty() || hex.size() > room) {
        throw Error(ErrorCode::Internal,
                    "the CMS signature (" + std::to_string(cms.size()) +
                        " bytes) does not fit the space reserved for it (" +
                        std::to_string(room / 2) + " bytes); sign again with a larger reserve",
                    {{"cmsBytes", cms.size()}, {"reservedBytes", room / 2}});
    }
    std::memcpy(prepared.update.data() + start, hex.data(), hex.size());
}

PdfSignResult signPdf(const InputView& input, const PdfSignOptions& options,
                      const MakeCms& makeCms) {
    PdfSignResult result = prepareSignature(input, options);
    const Bytes cms = makeCms(result.byteRangeDigest);
    embedCms(result, input.size, cms);
    return result;
}

std::vector<std::string> signatureTextLines(const std::string& signer,
                                            const std::string& organisation,
                                            std::time_t signingTime, const std::string& reason,
                                            const std::string& location) {
    std::vector<std::string> lines;
    if (!signer.empty()) {
        lines.push_back("Người ký: " + signer);
    }
    if (!organisation.empty()) {
        lines.push_back("Cơ quan: " + organisation);
    }
    lines.push_back("Thời gian ký: " + isoLocalTime(signingTime));
    if (!reason.empty()) {
        lines.push_back("Lý do: " + reason);
    }
    if (!location.empty()) {
        lines.push_back("Nơi ký: " + location);
    }
    return lines;
}

}  // namespace kyso::pdf
