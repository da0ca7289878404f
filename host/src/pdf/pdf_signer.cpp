#include "pdf/pdf_signer.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "core/error.hpp"
#include "core/openssl_handles.hpp"
#include "core/time_format.hpp"
#include "pdf/appearance.hpp"
#include "pdf/pdf_syntax.hpp"
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
    if (input.data == nullptr || input.size == 0) {
        throw Error(ErrorCode::InvalidPdf, "the PDF is empty");
    }
    if (input.size > options.maxInputBytes) {
        throw Error(ErrorCode::TooLarge,
                    "the PDF is larger than " + std::to_string(options.maxInputBytes) + " bytes");
    }
    if (options.reserveBytes > kMaxReserveBytes) {
        throwInvalidRequest("reserveBytes is larger than 1 MiB");
    }
    decodeUtf8(options.fieldName, "fieldName");
}

int pageIndex(int page, int count) {
    const int index = page > 0 ? page - 1 : count + page;
    if (page == 0 || index < 0 || index >= count) {
        throwInvalidRequest("page " + std::to_string(page) + " does not exist (the document has " +
                            std::to_string(count) + " pages)");
    }
    return index;
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
    FormState form = readForm(doc);
    const std::string fieldName = sigFieldName(options, form.fullNames);
    std::optional<ExistingField> existing = findSignatureField(doc, form, fieldName);
    if (!existing && fieldName.find('.') != std::string::npos) {
        // A new field is created at the top of the form: its name is a partial name (12.7.3.2).
        throwInvalidRequest("no signature field \"" + fieldName +
                            "\" exists, and a new field's name cannot contain '.'");
    }

    const char last = static_cast<char>(input.data[input.size - 1]);
    UpdateWriter writer(input.size, last != '\n' && last != '\r');
    ObjectNumbers numbers(doc.nextObjectNumber());

    const std::uint32_t signatureNumber = numbers.allocate();
    const std::size_t signatureAt = writer.size();
    const std::time_t signingTime =
        options.signingTime != 0 ? options.signingTime : std::time(nullptr);
    writer.writeObject(signatureNumber, 0, signatureDictionary(options, signingTime, reserve));

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
        page = doc.page(options.visible ? pageIndex(options.visible->page, count) : 0);
        if (options.visible) {
            rect = placeBox(options.visible->box, page->geometry);
        }
    }
    std::uint32_t appearanceNumber = 0;
    if (options.visible && rect.width() > 0 && rect.height() > 0) {
        AppearanceContent content;
        content.lines = options.visible->lines;
        content.fontSize = options.visible->fontSize;
        content.pngImage = options.visible->pngImage ? &*options.visible->pngImage : nullptr;
        content.fontPath = options.visible->fontPath;
        appearanceNumber =
            writeAppearance(writer, numbers, rect, page ? page->geometry.rotate : 0, content);
    } else {
        appearanceNumber = writeEmptyAppearance(writer, numbers);
    }

    const std::string signatureRef = reference(signatureNumber);
    const std::string appearanceRef = reference(appearanceNumber);
    if (existing) {
        signExistingField(writer, *existing, signatureNumber, appearanceNumber);
        updateAcroForm(doc, writer, numbers, form, std::nullopt);
    } else {
        const std::uint32_t fieldNumber = numbers.allocate();
        std::string widget = "<< /Type /Annot /Subtype /Widget /FT /Sig /T " +
                             pdfTextString(fieldName) + " /V " + signatureRef + " /F 132 /P " +
                             reference(page->ref) + " /Rect " + rectArray(rect) + " /AP << /N " +
                             appearanceRef + " >> >>";
        writer.writeObject(fieldNumber, 0, widget);
        addAnnotation(doc, writer, *page, PdfReference(fieldNumber, 0));
        updateAcroForm(doc, writer, numbers, form, PdfReference(fieldNumber, 0));
    }

    TrailerFields trailer;
    trailer.prev = doc.lastXrefOffset();
    trailer.root = reference(doc.catalogRef());
    if (const PdfObject* info = doc.trailer().GetKey("Info");
        info != nullptr && info->IsReference()) {
        trailer.info = reference(info->GetReference());
    }
    Bytes seed = writer.bytes();  // small: the update so far, with the zero placeholder
    const std::string stamp = std::to_string(input.size) + ":" + std::to_string(signingTime);
    seed.insert(seed.end(), stamp.begin(), stamp.end());
    trailer.id = documentId(doc, seed);
    if (doc.lastXrefKind() == XrefKind::Stream) {
        writer.finishWithStream(numbers.allocate(), trailer);
    } else {
        writer.finishWithTable(trailer);
    }

    PdfSignResult result;
    result.fieldName = fieldName;
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
