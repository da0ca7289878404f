#include "pdf/png_image.hpp"

#include <zlib.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "pdf/podofo.hpp"
#include "pdf/source_document.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

constexpr std::size_t kMaxPngBytes = 4u << 20;
constexpr std::uint32_t kMaxSide = 2048;  // 7 inches at 300 dpi: a large seal

std::uint32_t be32(const Bytes& b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

// PNG chunk checksums are zlib's CRC-32.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    return static_cast<std::uint32_t>(::crc32(0L, data, static_cast<uInt>(size)));
}

// The whole PNG is checked before libpng sees it: signature, chunk CRCs, IHDR first and IEND
// last, sane dimensions. libpng (through PoDoFo 0.9.8) leaks a few KB when it fails halfway,
// so damaged files are stopped here, including a damaged zlib stream behind valid CRCs; only
// crafted rows (a valid stream holding bad filter bytes) still reach that path. libpng allocates by
// IHDR's dimensions (at most 2048 x 2048 here), but after the last row it inflates whatever data
// follows to check its checksum: 4 MiB of crafted IDAT inflate to 4 GiB, seconds of work. So image
// data that inflates to more than the rows need is refused first (checkImageData). Throws
// INVALID_REQUEST unless the data is one whole zlib stream of at most `limit` bytes. Corrupt or
// cut-off data is refused here too: libpng would fail on it, and PoDoFo 0.9.8 then leaks libpng's
// structures.
void checkImageData(const Bytes& data, std::uint64_t limit) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) {
        throw Error(ErrorCode::Internal, "zlib cannot start");
    }
    z.next_in = const_cast<std::uint8_t*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    std::uint8_t chunk[65536];
    std::uint64_t total = 0;
    int status = Z_OK;
    while (status == Z_OK && total <= limit) {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        status = inflate(&z, Z_NO_FLUSH);
        total += sizeof chunk - z.avail_out;
    }
    inflateEnd(&z);
    if (total > limit) {
        throwInvalidRequest("the signature image holds more data than its size needs");
    }
    if (status != Z_STREAM_END) {
        throwInvalidRequest("the signature image's compressed data is damaged");
    }
}

void checkPng(const Bytes& png) {
    static const std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (png.size() < 33 || std::memcmp(png.data(), signature, 8) != 0 ||
        std::memcmp(png.data() + 12, "IHDR", 4) != 0 || be32(png, 8) != 13) {
        throwInvalidRequest("the signature image is not a PNG");
    }
    if (png.size() > kMaxPngBytes) {
        throw Error(ErrorCode::TooLarge, "the signature image is larger than 4 MiB");
    }
    const std::uint32_t width = be32(png, 16);
    const std::uint32_t height = be32(png, 20);
    const std::uint8_t depth = png[24];
    const std::uint8_t colour = png[25];
    if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide) {
        throwInvalidRequest("the signature image must be 1..2048 pixels on each side");
    }
    const std::map<int, int> channels = {{0, 1}, {2, 3}, {3, 1}, {4, 2}, {6, 4}};
    if (channels.count(colour) == 0 ||
        (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16)) {
        throwInvalidRequest("the signature image has an invalid PNG colour type or depth");
    }
    Bytes idat;
    bool ended = false;
    for (std::size_t at = 8; at < png.size();) {
        if (ended || at + 12 > png.size()) {
            throwInvalidRequest("the signature image is a damaged PNG (chunk layout)");
        }
        const std::uint32_t length = be32(png, at);
        if (length > png.size() - at - 12) {
            throwInvalidRequest("the signature image is a damaged PNG (chunk length)");
        }
        if (crc32(png.data() + at + 4, length + 4u) != be32(png, at + 8 + length)) {
            throwInvalidRequest("the signature image is a damaged PNG (CRC)");
        }
        const std::string type(reinterpret_cast<const char*>(png.data() + at + 4), 4);
        if (type == "IDAT") {
            idat.insert(idat.end(), png.begin() + static_cast<std::ptrdiff_t>(at + 8),
                        png.begin() + static_cast<std::ptrdiff_t>(at + 8 + length));
        }
        ended = type == "IEND";
        at += 12u + length;
    }
    if (!ended || idat.empty()) {
        throwInvalidRequest("the signature image is a damaged PNG (no IDAT or IEND)");
    }
    // A filter byte per row; Adam7 interlacing adds rows, never doubling the size.
    const std::uint64_t rowBytes =
        (std::uint64_t{width} * static_cast<std::uint64_t>(channels.at(colour)) * depth + 7) / 8 +
        1;
    checkImageData(idat, 2 * rowBytes * height + 65536);
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
