#include "commands/pdf_signing.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "commands/pdf_engine.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/openssl_handles.hpp"
#include "core/time_format.hpp"
#include "crypto/cades.hpp"

namespace kyso {
namespace {

X509Ptr parseDer(const Bytes& der) {
    const unsigned char* p = der.data();
    return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

Bytes toDer(X509* certificate) {
    const int size = i2d_X509(certificate, nullptr);
    Bytes der(size > 0 ? static_cast<std::size_t>(size) : 0);
    unsigned char* p = der.data();
    if (size <= 0 || i2d_X509(certificate, &p) != size) {
        throw Error(ErrorCode::Internal, "cannot encode a chain certificate");
    }
    return der;
}

// The CA certificates IT configured (PEM files). An unreadable file is logged and skipped:
// the signature is still valid, validators just have to find the intermediates themselves.
std::vector<Bytes> configuredChain(const Config& config) {
    std::vector<Bytes> out;
    for (const auto& path : config.chainCertificates) {
        BioPtr bio(BIO_new_file(path.c_str(), "r"));
        if (!bio) {
            diagnosticLog("chainCertificates: cannot read " + path);
            continue;
        }
        while (X509Ptr certificate{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
            out.push_back(toDer(certificate.get()));
        }
    }
    return out;
}

// The signer's issuers, nearest first, found among `pool` (the token's CA certificates and
// the configured ones). Self-signed roots are left out: a root inside a signature proves
// nothing, validators must already trust it.
std::vector<Bytes> issuerChain(const Bytes& signerDer, const std::vector<Bytes>& pool) {
    std::vector<Bytes> chain;
    X509Ptr current = parseDer(signerDer);
    while (current && chain.size() < 8) {
        X509Ptr issuer;
        for (const auto& candidate : pool) {
            X509Ptr parsed = parseDer(candidate);
            if (parsed && X509_check_issued(parsed.get(), current.get()) == X509_V_OK &&
                std::find(chain.begin(), chain.end(), candidate) == chain.end()) {
                issuer = std::move(parsed);
                break;
            }
        }
        if (!issuer || X509_check_issued(issuer.get(), issuer.get()) == X509_V_OK) {
            break;
        }
        chain.push_back(toDer(issuer.get()));
        current = std::move(issuer);
    }
    return chain;
}

std::vector<Bytes> signerChain(HostServices& services, const Bytes& signerDer) {
    std::vector<Bytes> pool;
    for (const auto& record : services.tokens.certificates()) {
        if (!record.hasPrivateKey) {
            pool.push_back(record.der);
        }
    }
    const auto configured = configuredChain(services.config);
    pool.insert(pool.end(), configured.begin(), configured.end());
    auto chain = issuerChain(signerDer, pool);
    // What IT configured goes in even if it does not issue this signer (a cross certificate).
    for (const auto& der : configured) {
        if (std::find(chain.begin(), chain.end(), der) == chain.end()) {
            chain.push_back(der);
        }
    }
    return chain;
}

CadesRequest cadesRequestFor(const PdfSigner& signer) {
    CadesRequest request;
    request.hash = HashAlgorithm::Sha256;
    request.scheme = signer.scheme;
    request.signerCertificate = signer.certificate.record.der;
    request.chain = signer.chain;
    return request;
}

}  // namespace

PdfSigner choosePdfSigner(HostServices& services, const PdfSigningParams& params) {
    PdfSigner signer;
    signer.certificate = findSigningCertificate(services, params.thumbprint);
    const auto& info = signer.certificate.info;
    signer.scheme = params.requestedScheme.value_or(
        info.keyType == KeyType::Ec ? SignatureScheme::Ecdsa : SignatureScheme::RsaPkcs1v15);
    if (!schemeFitsKey(signer.scheme, info.keyType)) {
        throw Error(ErrorCode::UnsupportedAlgorithm, std::string("a ") + keyTypeName(info.keyType) +
                                                         " key cannot sign " +
                                                         signatureSchemeName(signer.scheme));
    }
    if (params.timestamp) {
        if (services.config.tsaUrl.empty()) {
            throw Error(ErrorCode::TsaUnavailable,
                        "a time-stamp was asked for but no TSA is configured (tsaUrl)");
        }
        TsaOptions tsa;
        tsa.url = services.config.tsaUrl;
        tsa.timeoutSeconds = std::max(2, services.config.tsaTimeoutSeconds);
        signer.tsa = tsa;
    }
    signer.chain = signerChain(services, signer.certificate.record.der);
    auto sizing = cadesRequestFor(signer);
    sizing.timestamp = signer.tsa;
    signer.reserveBytes = cadesSizeBound(sizing);
    return signer;
}

PreparedPdf preparePdf(const pdf::InputView& input, const PdfSigningParams& params,
                       const PdfSigner& signer, const Config& config, std::time_t now) {
    const auto& subject = signer.certificate.info.subject;
    pdf::PdfSignOptions options;
    options.fieldName = params.fieldName;
    options.reason = params.reason;
    options.location = params.location;
    options.signerName = params.signerName.empty() ? subject.commonName : params.signerName;
    options.signingTime = now;
    options.reserveBytes = signer.reserveBytes;
    options.maxInputBytes = config.maxRequestBytes;
    options.refuseActiveContent = config.refuseActiveContent;
    if (params.visible) {
        const auto& wanted = *params.visible;
        pdf::VisibleSignature visible;
        visible.page = wanted.page;
        visible.box = wanted.box;
        visible.fontSize = wanted.fontSize;
        visible.pngImage = wanted.pngImage;
        visible.lines =
            wanted.lines ? *wanted.lines
                         : pdfEngine().signatureTextLines(options.signerName, subject.organization,
                                                          now, params.reason, params.location);
        options.visible = std::move(visible);
    }
    options.fill = params.fill;
    if (params.copyMark) {
        options.copyMark = pdf::CopyMark{};
        options.copyMark->lines = *params.copyMark;
    }
    PreparedPdf prepared;
    prepared.signature = pdfEngine().prepareSignature(input, options);
    prepared.signingTime = now;
    for (const auto& fill : params.fill) {
        prepared.fill.push_back(fill.field);
    }
    return prepared;
}

void finishPdf(PreparedPdf& prepared, std::uint64_t inputSize, const PdfSigner& signer,
               KeySession& key, const std::function<void(const char* stage)>& progress) {
    auto request = cadesRequestFor(signer);
    request.contentDigest = prepared.signature.byteRangeDigest;
    progress("signing");
    // B-B first and the time-stamp on top: a slow or failing TSA never costs a second
    // signature on the token (or a second PIN for keys that ask for one per signature).
    Bytes cms = buildCades(request, key);
    if (signer.tsa) {
        progress("timestamping");
        cms = addSignatureTimestamp(cms, *signer.tsa);
    }
    pdfEngine().embedCms(prepared.signature, inputSize, cms);
}

nlohmann::json signedPdfJson(const PreparedPdf& prepared, const PdfSigner& signer) {
    const auto& range = prepared.signature.byteRange;
    nlohmann::json out = {{"fieldName", prepared.signature.fieldName},
                          {"byteRange", {range[0], range[1], range[2], range[3]}},
                          {"signingTime", isoLocalTime(prepared.signingTime)},
                          {"level", signer.tsa ? "B-T" : "B-B"}};
    if (!prepared.signature.activeContent.empty()) {
        out["activeContent"] = prepared.signature.activeContent;  // what the dialog warned of
    }
    if (!prepared.fill.empty()) {
        auto& fill = out["fill"] = nlohmann::json::array();
        for (std::size_t i = 0; i < prepared.fill.size(); ++i) {
            const bool stamped =
                i < prepared.signature.stamped.size() && prepared.signature.stamped[i];
            fill.push_back({{"field", prepared.fill[i]}, {"as", stamped ? "stamp" : "field"}});
        }
    }
    return out;
}

}  // namespace kyso
