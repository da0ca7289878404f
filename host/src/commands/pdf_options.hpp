#pragma once

// The parameters of the PDF commands (docs/protocol.md: signPdf, signPdfBatch,
// preparePdfDraft), read and checked before any token or dialog is touched.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "pdf/form_draft.hpp"
#include "pdf/pdf_signer.hpp"
#include "pdf/placement.hpp"
#include "prompt/prompter.hpp"
#include "protocol/params.hpp"

namespace kyso {

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
    std::vector<pdf::FieldFill> fill;                  // the clerk's number and date
    std::optional<std::vector<std::string>> copyMark;  // lines of the copy mark
    bool timestamp = false;
};

// Reads the shared options from `params`; INVALID_REQUEST naming the field otherwise.
PdfSigningParams parsePdfSigningParams(const Params& params);

// What the dialog shows the user is being added to the document besides the signature: the
// fills ("SoKyHieu: 125/QĐ-UBND") and the copy mark's lines.
std::vector<std::string> additionsShown(const PdfSigningParams& params);

// The fills and the copy mark are shown whole in every dialog of the request, never cut:
// INVALID_REQUEST naming params.fill (or params.copyMark) when, with this origin, these
// documents and this certificate, they would not fit (prompt/dialog_text.hpp's budget).
// Called before any dialog.
void requireAdditionsShownWhole(const DialogContext& dialog, const PdfSigningParams& params);

// preparePdfDraft's fields.
std::vector<pdf::DraftField> parsePdfDraftFields(const Params& params);

// A name a page gave a document, made fit to show in the dialog and the result: only the last
// path component (a page never names a local file), no control characters, at most 200
// characters. Empty or missing: `fallback`.
std::string displayFileName(const nlohmann::json& value, const std::string& fallback);

}  // namespace kyso
