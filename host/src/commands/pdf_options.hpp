#pragma once

// The parameters signPdf and signPdfBatch share (docs/protocol.md, signPdf), read and checked
// before any token or dialog is touched.

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "pdf/placement.hpp"

namespace kyso {

// Resolves a {"$blob": name} reference; null when there is no such (complete) blob.
using BlobLookup = std::function<std::shared_ptr<const Bytes>(const std::string& name)>;

struct VisibleSignatureRequest {
    int page = 1;
    pdf::SignatureBox box;
    std::optional<std::vector<std::string>> lines;  // none: the default Vietnamese lines
    std::optional<Bytes> pngImage;
    double fontSize = 10;
};

struct PdfSigningParams {
    std::string thumbprint;
    std::optional<SignatureScheme> requestedScheme;
    std::string fieldName;
    std::string reason;
    std::string location;
    std::string signerName;  // empty: the certificate holder's common name
    std::optional<VisibleSignatureRequest> visible;
    bool timestamp = false;
};

// Reads the shared options from `params`; INVALID_REQUEST naming the field otherwise.
PdfSigningParams parsePdfSigningParams(const nlohmann::json& params, const BlobLookup& blobs);

// A binary value at `value` (base64 text or a blob reference); `field` names it in errors.
std::shared_ptr<const Bytes> binaryValue(const nlohmann::json& value, const std::string& field,
                                         const BlobLookup& blobs);

// A name a page gave a document, made fit to show in the dialog and the result: only the last
// path component (a page never names a local file), no control characters, at most 200
// characters. Empty or missing: `fallback`.
std::string displayFileName(const nlohmann::json& value, const std::string& fallback);

}  // namespace kyso
