#pragma once

// The steps of signing one PDF on the token, shared by signPdf, signPdfBatch and the CLI:
//   identity = choosePdfSigner(...)         the certificate, its chain, the TSA (no dialog)
//   prepared = preparePdf(input, ...)        parse the PDF, write the update with a placeholder
//   ... the PIN dialog: ConsentedKey ...
//   finishPdf(prepared, ..., key, ...)       CMS on the token (+ time-stamp), embedded

#include <ctime>
#include <functional>
#include <optional>
#include <vector>

#include "commands/pdf_options.hpp"
#include "commands/signing_key.hpp"
#include "crypto/tsa_client.hpp"
#include "pdf/pdf_signer.hpp"

namespace kyso {

// Who signs and with what: chosen before the dialog so every check that can fail does.
struct PdfSigner {
    ChosenCertificate certificate;
    SignatureScheme scheme = SignatureScheme::RsaPkcs1v15;
    std::vector<Bytes> chain;       // issuer first: the token's CA certificates, then config's
    std::optional<TsaOptions> tsa;  // set when a time-stamp was asked for
    std::size_t reserveBytes = 0;   // room for the CMS in /Contents
};

// Finds the certificate (CERTIFICATE_NOT_FOUND, or CERTIFICATE_EXPIRED for one outside its
// validity period: a signature made with it would be worthless), settles the scheme for its
// key, collects the chain and, when asked, the TSA (TSA_UNAVAILABLE if none is configured).
PdfSigner choosePdfSigner(HostServices& services, const PdfSigningParams& params);

// The signature of one document, prepared: the update with a zero-filled /Contents.
struct PreparedPdf {
    pdf::PdfSignResult signature;
    std::time_t signingTime = 0;
    std::vector<std::string> fill;  // the fields filled, in the request's order
};

// Parses the input and writes the update (INVALID_PDF, ENCRYPTED_PDF, TOO_LARGE, ...; and
// DOCUMENT_REFUSED for scripts or actions when config.refuseActiveContent). Nothing is signed
// yet; the input is never modified.
PreparedPdf preparePdf(const pdf::InputView& input, const PdfSigningParams& params,
                       const PdfSigner& signer, const Config& config, std::time_t now);

// Signs the prepared digest on the token (one signature), adds the time-stamp if asked
// (TSA_UNAVAILABLE: the signature is not returned without the time-stamp it was asked to have)
// and writes the CMS into the update. `progress` gets "signing" and "timestamping" stages.
void finishPdf(PreparedPdf& prepared, std::uint64_t inputSize, const PdfSigner& signer,
               KeySession& key, const std::function<void(const char* stage)>& progress);

// The result fields describing one signed document (without the document itself).
nlohmann::json signedPdfJson(const PreparedPdf& prepared, const PdfSigner& signer);

}  // namespace kyso
