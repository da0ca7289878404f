#include "pdf/png_image.hpp"

#include <cstring>
#include <memory>

#include "core/error.hpp"
#include "pdf/podofo.hpp"
#include "pdf/source_document.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

constexpr std::size_t kMaxPngBytes = 4u << 20;
constexpr std::uint32_t kMaxSide = 4096;

std::uint32_t be32(const Bytes& b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

// Checked before libpng sees the data: the signature, IHDR first, sane dimensions.
void checkPng(const Bytes& png) {
    static const std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (png.size() < 33 || std::memcmp(png.data(), signature, 8) != 0 ||
        std::memcmp(png.data() + 12, "IHDR", 4) != 0) {
        throwInvalidRequest("the signature image is not a PNG");
    }
    if (png.size() > kMaxPngBytes) {
        throw Error(ErrorCode::TooLarge, "the signature image is larger than 4 MiB");
    }
    const std::uint32_t width = be32(png, 16);
    const std::uint32_t height = be32(png, 20);
    if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide) {
        throwInvalidRequest("the signature image must be 1..4096 pixels on each side");
    }
}

// The stream's dictionary without /Length (written by UpdateWriter) and with /SMask pointing
// at our own object number, as "/Key value ..." text.
std::string entries(PdfDictionary dict, std::uint32_t smask) {
    dict.RemoveKey(PdfName("Length"));
    dict.RemoveKey(PdfName("SMask"));
    if (smask != 0) {
        dict.AddKey(PdfName("SMask"), PdfObject(PdfReference(smask, 0)));
    }
    std::string text = serialise(PdfVariant(dict));
    // "<< ... >>" -> " ..."
    const std::size_t open = text.find("<<");
    const std::size_t close = text.rfind(">>");
    return " " + text.substr(open + 2, close - open - 2);
}

Bytes encodedData(const PdfObject& object) {
    char* buffer = nullptr;
    pdf_long length = 0;
    object.GetStream()->GetCopy(&buffer, &length);  // filtered (compressed) bytes, malloc'd
    std::unique_ptr<char, void (*)(void*)> owned(buffer, podofo_free);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(owned.get());
    return Bytes(bytes, bytes + length);
}

}  // namespace

ImageObject writePngImage(UpdateWriter& writer, ObjectNumbers& numbers, const Bytes& png) {
    checkPng(png);
    ImageObject result;
    result.width = be32(png, 16);
    result.height = be32(png, 20);
    try {
        // A scratch object list: PoDoFo builds the image (and its soft mask) there; we copy the
        // dictionaries and compressed data out under our own object numbers.
        PdfVecObjects scratch;
        scratch.SetAutoDelete(true);
        PdfImage image(&scratch);
        image.LoadFromPngData(png.data(), static_cast<pdf_long>(png.size()));
        const PdfObject* object = image.GetObject();
        std::uint32_t smaskNumber = 0;
        if (const PdfObject* smaskRef = object->GetDictionary().GetKey("SMask");
            smaskRef != nullptr && smaskRef->IsReference()) {
            const PdfObject* smask = scratch.GetObject(smaskRef->GetReference());
            if (smask != nullptr && smask->HasStream()) {
                smaskNumber = numbers.allocate();
                writer.writeStreamObject(smaskNumber, entries(smask->GetDictionary(), 0),
                                         encodedData(*smask));
            }
        }
        result.number = numbers.allocate();
        writer.writeStreamObject(result.number, entries(object->GetDictionary(), smaskNumber),
                                 encodedData(*object));
    } catch (const PdfError& error) {
        throwInvalidRequest(std::string("the signature image cannot be decoded: ") +
                            PdfError::ErrorName(error.GetError()));
    }
    return result;
}

}  // namespace kyso::pdf
