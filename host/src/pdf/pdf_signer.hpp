#pragma once

// PAdES signing of a PDF by incremental update (ISO 32000-1 7.5.6, ETSI EN 319 142-1).
//
// kyso never rewrites the input: the result of signing is `input` followed by the bytes this
// module returns (PdfSignResult::update). Callers stream the two pieces one after the other
// (to a file, to the browser in chunks) without ever copying a 100 MB input. docs/pdf-signing.md
// says what the update contains and what validators report about it.
//
// The module knows nothing about PKCS#11 or CMS: it computes the SHA-256 of the ByteRange bytes
// and asks a callback for the CMS (DER) to embed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/input_view.hpp"
#include "pdf/placement.hpp"

namespace kyso::pdf {

// What a visible signature shows. Text lines are UTF-8 (normalised to NFC here, so decomposed
// Vietnamese letters become the precomposed ones the font has); the image is a PNG, with
// transparency if it has an alpha channel (a handwritten signature, a red seal).
struct VisibleSignature {
    // 1-based page number; negative numbers count from the end (-1 is the last page). Ignored
    // when signing an existing signature field (its widget says where it is).
    int page = 1;
    SignatureBox box;                // where, in points, relative to the displayed page
    std::vector<std::string> lines;  // e.g. from signatureTextLines()
    double fontSize = 10;            // shrunk if the lines do not fit the box
    std::optional<Bytes> pngImage;   // drawn on the left part (or all of it if no text)
    std::string fontPath;            // TrueType font; empty: Liberation Serif (see .cpp)
};

// A value the signer adds in the signature's own revision, so the signature covers it (the
// clerk's document number and date, Nghị định 30/2020). If the document has an empty text
// field `field`, its /V is set and a new appearance drawn; otherwise, if `stamp` says where,
// the text is stamped there as a locked annotation; otherwise INVALID_REQUEST.
struct FieldFill {
    std::string field;  // fully qualified field name
    std::string value;  // UTF-8, one line
    struct Stamp {
        int page = 1;  // 1-based; negative counts from the end
        SignatureBox box;
    };
    std::optional<Stamp> stamp;
    double fontSize = 0;                // 0: the field's /DA (a stamp: 13)
    TextAlign align = TextAlign::Left;  // a stamp's; a field has its own /Q
};

// The mark of an attachment or electronic copy (Nghị định 30/2020, Phụ lục I): the visible
// signature is `lines` and the signing time (ISO 8601 with the local offset) in Times New
// Roman metrics (Liberation Serif), regular, 10 pt, black, at the top right of page 1 as
// displayed, in a box just large enough for the text. No image.
struct CopyMark {
    std::vector<std::string> lines;  // e.g. "SAO Y", "Văn phòng UBND tỉnh X", "Số: 12/SY-VP"
    double fontSize = 10;
    double margin = 20;  // points from the top and right edges of the page
    std::string fontPath;
};

struct PdfSignOptions {
    // Name of the signature field. If the document already has a signature field of that
    // (fully qualified) name, that field is signed (it must be empty); otherwise a new field
    // is created. Empty: "Signature<N>" with the first free N.
    std::string fieldName;
    std::string reason;       // /Reason (UTF-8), omitted when empty
    std::string location;     // /Location
    std::string contactInfo;  // /ContactInfo
    std::string signerName;   // /Name
    // /M, written in local time with its real UTC offset; 0: now.
    std::time_t signingTime = 0;
    std::optional<VisibleSignature> visible;  // none: invisible signature (/Rect [0 0 0 0])
    std::optional<CopyMark> copyMark;         // instead of `visible`, for a new field
    std::vector<FieldFill> fill;              // at most kMaxFills
    // Bytes reserved for the CMS; /Contents holds twice as many hex digits. 0: 16 KiB, enough
    // for an RSA-4096 signature with a chain and a time-stamp token.
    std::size_t reserveBytes = 0;
    // Inputs larger than this are refused with TOO_LARGE.
    std::uint64_t maxInputBytes = std::uint64_t{2} << 30;
    // A document with scripts or actions (active_content.hpp) is refused with DOCUMENT_REFUSED,
    // details {activeContent: [kinds]}, before anything is written (IT's refuseActiveContent).
    bool refuseActiveContent = false;
};

inline constexpr std::size_t kMaxFills = 20;

// The signed revision, to be appended to the input.
struct PdfSignResult {
    Bytes update;           // append to the input bytes, unchanged
    std::string fieldName;  // the signature field that was signed
    // For each entry of options.fill, in order: true when it was stamped (no such field).
    std::vector<bool> stamped;
    std::array<std::uint64_t, 4> byteRange{};
    Bytes byteRangeDigest;  // SHA-256 of the ByteRange bytes
    // What findActiveContent() found in the input ("JavaScript", "Launch", ...): the dialog
    // warns about it. Empty: nothing.
    std::vector<std::string> activeContent;
};

// SHA-256 of the ByteRange bytes in, detached CMS (DER) out.
using MakeCms = std::function<Bytes(const Bytes& byteRangeDigest)>;

// Signs in one call: prepareSignature(), makeCms(digest), embedCms().
// Throws kyso::Error: INVALID_PDF (not a PDF, damaged, truncated, no such page tree entry),
// ENCRYPTED_PDF, TOO_LARGE, DOCUMENT_REFUSED (options.refuseActiveContent), INVALID_REQUEST (bad
// options or image, page out of range, the named field is not a signature field or is already
// signed, the document is certified with no changes allowed, a fill names a field that is not an
// empty text field, or no field and no stamp placement), INTERNAL (the CMS does not fit the
// reserve), and whatever makeCms throws.
PdfSignResult signPdf(const InputView& input, const PdfSignOptions& options,
                      const MakeCms& makeCms);

// The two halves of signPdf, for callers that produce the CMS elsewhere (another thread, a
// prompt in between): prepareSignature() returns the update with a zero-filled /Contents and
// the digest to sign; embedCms() writes the CMS (hex) into the placeholder. With a fixed
// options.signingTime, prepareSignature() depends on nothing but the input, the options and
// the font file.
PdfSignResult prepareSignature(const InputView& input, const PdfSignOptions& options);
void embedCms(PdfSignResult& prepared, std::uint64_t inputSize, const Bytes& cms);

// Text lines in the style Vietnamese portals use ("Người ký: ...", "Thời gian ký: ...").
// Empty values are left out. The time is ISO 8601 with the local UTC offset (+07:00 in Vietnam).
std::vector<std::string> signatureTextLines(const std::string& signer,
                                            const std::string& organisation,
                                            std::time_t signingTime, const std::string& reason,
                                            const std::string& location);

}  // namespace kyso::pdf
