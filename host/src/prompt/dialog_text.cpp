#include "prompt/dialog_text.hpp"

#include <algorithm>
#include <string_view>

#include "core/error.hpp"
#include "prompt/assuan.hpp"
#include "prompt/messages.hpp"
#include "prompt/utf8_text.hpp"

namespace kyso {
namespace {

// Limits for page-supplied texts, in characters: enough to recognise, short enough to read.
// Within the description's budget they are shortened further (see describe()).
constexpr std::size_t kOriginChars = 255;  // the protocol's own limit (policy/origin.cpp)
constexpr std::size_t kSiteDescriptionChars = 200;
constexpr std::size_t kDocumentNameChars = 80;
// Host-supplied texts are only cleaned, never shortened.
constexpr std::size_t kWhole = static_cast<std::size_t>(-1);

std::string fill(std::string_view pattern, std::string_view value) {
    std::string out(pattern);
    auto at = out.find("{}");
    if (at != std::string::npos) {
        out.replace(at, 2, value);
    }
    return out;
}

std::string fill(std::string_view pattern, std::string_view first, std::string_view second) {
    return fill(fill(pattern, first), second);
}

bool isDigits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return !text.empty();
}

// "2027-12-31T23:59:59+07:00" -> "31/12/2027" (vi) or "2027-12-31" (en): the day is what
// the user needs; anything else is shown cleaned, as given.
std::string formatDate(std::string_view iso, Language lang) {
    if (iso.size() >= 10 && isDigits(iso.substr(0, 4)) && iso[4] == '-' &&
        isDigits(iso.substr(5, 2)) && iso[7] == '-' && isDigits(iso.substr(8, 2))) {
        if (lang == Language::En) {
            return std::string(iso.substr(0, 10));
        }
        return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" +
               std::string(iso.substr(0, 4));
    }
    return utf8::cleanUntrusted(iso, 40);
}

std::string whoAsks(const DialogContext& context, const Messages& m) {
    std::string origin = utf8::cleanUntrusted(context.origin, kOriginChars);
    bool isSite = origin.rfind("https://", 0) == 0 || origin.rfind("http://", 0) == 0;
    return fill(isSite ? m.siteAsks : m.programAsks, origin);
}

// How much page-supplied text one composition shows.
struct PageTextShown {
    std::size_t descriptionChars = kSiteDescriptionChars;
    std::size_t listed = kMaxListedDocuments;
    std::size_t documentChars = kDocumentNameChars;
};

std::string whatIsAsked(const DialogContext& context, const Messages& m,
                        const PageTextShown& shown) {
    const auto& documents = context.documents;
    switch (context.operation) {
        case OperationKind::ListCertificates:
            return std::string(m.listCertificates);
        case OperationKind::SignHash:
            return std::string(m.signHash);
        case OperationKind::Authenticate:
            return std::string(m.authenticate);
        case OperationKind::SignPdf:
            if (documents.empty()) {
                return std::string(m.signDocument);
            }
            return fill(m.signPdf, utf8::cleanUntrusted(documents.front(), shown.documentChars));
        case OperationKind::SignPdfBatch: {
            const std::size_t listed = std::min(shown.listed, documents.size());
            std::string text = fill(m.signBatch, std::to_string(documents.size()));
            for (std::size_t i = 0; i < listed; ++i) {
                text += "\n• " + utf8::cleanUntrusted(documents[i], shown.documentChars);
            }
            if (documents.size() > listed) {
                text += "\n" + fill(m.moreDocuments, std::to_string(documents.size() - listed));
            }
            return text;
        }
        case OperationKind::SignPrepared: {
            std::string text =
                documents.empty()
                    ? std::string(m.signPrepared)
                    : fill(m.signPreparedNamed,
                           utf8::cleanUntrusted(documents.front(), shown.documentChars));
            if (!context.statedSigningTime.empty()) {
                text += "\n" + fill(m.statedSigningTime,
                                    utf8::cleanUntrusted(context.statedSigningTime, 40));
            }
            return text;
        }
    }
    return std::string(m.signHash);
}

// The site's words, the first `chars` characters of them; what is left out is counted.
std::string siteSays(const DialogContext& context, const Messages& m, std::size_t chars) {
    const std::string full = utf8::cleanUntrusted(context.siteDescription, kSiteDescriptionChars);
    const std::size_t total = utf8::length(full);
    if (chars >= total) {
        return fill(m.siteSays, full);
    }
    return fill(m.siteSays,
                utf8::prefix(full, chars) + fill(m.leftOut, std::to_string(total - chars)));
}

std::string certificateName(const std::string& name) {
    return utf8::limitBytes(utf8::cleanUntrusted(name, kCertificateNameChars),
                            kCertificateNameBytes);
}

std::string certificateLines(const CertificateSummary& certificate, const Messages& m,
                             Language lang) {
    std::string text = fill(m.certificate, certificateName(certificate.holder));
    std::string issuer = certificateName(certificate.issuer);
    if (!issuer.empty()) {
        text += "\n";
        text += certificate.notAfter.empty()
                    ? fill(m.issuedByNoDate, issuer)
                    : fill(m.issuedBy, issuer, formatDate(certificate.notAfter, lang));
    }
    return text;
}

std::string composeDescription(const DialogContext& context, const std::string& before,
                               const std::string& after, const PageTextShown& shown) {
    const Messages& m = messages(context.lang);
    std::string text = before.empty() ? std::string() : before + "\n\n";
    text += whoAsks(context, m) + "\n" + whatIsAsked(context, m, shown);
    if (!context.additions.empty()) {
        text += "\n" + std::string(m.adds);
        for (const auto& addition : context.additions) {
            text += "\n• " + utf8::cleanUntrusted(addition, kWhole);
        }
    }
    for (const auto& warning : context.warnings) {
        text += "\n" + utf8::cleanUntrusted(warning, kWhole);
    }
    if (!context.siteDescription.empty()) {
        text += "\n" + siteSays(context, m, shown.descriptionChars);
    }
    if (context.certificate) {
        text += "\n\n" + certificateLines(*context.certificate, m, context.lang);
    }
    if (!after.empty()) {
        text += "\n\n" + after;
    }
    return text;
}

struct Description {
    std::string text;
    bool fits = false;  // false: even with page text shortened all it can be, it is too long
};

// The description in one SETDESC line. Page text gives way, in this order, until it fits:
// the site's description (down to nothing, counted), the document list (down to one name,
// the rest counted), the document names (down to "…"), the last listed name. The origin,
// the operation, additions, warnings, the certificate and the consent line are never cut.
Description describe(const DialogContext& context, const std::string& before,
                     const std::string& after) {
    PageTextShown shown;
    shown.listed = std::min(context.documents.size(), kMaxListedDocuments);
    for (;;) {
        std::string text = composeDescription(context, before, after, shown);
        const std::size_t size = assuan::escape(text).size();
        if (size <= kDescriptionBudget) {
            return {std::move(text), true};
        }
        // A character costs at most 4 escaped bytes: cutting overflow/4 never cuts too much.
        const std::size_t step = std::max<std::size_t>(1, (size - kDescriptionBudget) / 4);
        if (!context.siteDescription.empty() && shown.descriptionChars > 0) {
            shown.descriptionChars -= std::min(step, shown.descriptionChars);
        } else if (shown.listed > 1) {
            --shown.listed;
        } else if (!context.documents.empty() && shown.documentChars > 0) {
            shown.documentChars -= std::min(step, shown.documentChars);
        } else if (shown.listed == 1 && context.operation == OperationKind::SignPdfBatch) {
            shown.listed = 0;
        } else {
            return {std::move(text), false};
        }
    }
}

// A dialog that cannot show who asks, for what, with which certificate and what OK means is
// never shown (commands refuse such requests earlier, naming the field: requiredTextFits).
std::string describeOrRefuse(const DialogContext& context, const std::string& before,
                             const std::string& after) {
    auto description = describe(context, before, after);
    if (!description.fits) {
        throw Error(ErrorCode::InvalidRequest,
                    "the dialog cannot show the request whole: the text the signature adds is "
                    "too long");
    }
    return std::move(description.text);
}

std::string okLabelFor(const DialogContext& context, const Messages& m) {
    switch (context.operation) {
        case OperationKind::Authenticate:
            return std::string(m.logIn);
        case OperationKind::ListCertificates:
            return std::string(m.ok);
        default:
            return std::string(m.sign);
    }
}

std::string confirmAfter(const DialogContext& context, const Messages& m) {
    if (!context.withoutPin) {
        return std::string(m.confirmAdvice);
    }
    return fill(m.noPinConsent, okLabelFor(context, m)) + "\n" + std::string(m.confirmAdvice);
}

std::string pinAfter(const Messages& m, bool contextSpecific) {
    return contextSpecific ? std::string(m.pinAgain) + "\n" + std::string(m.pinConsent)
                           : std::string(m.pinConsent);
}

std::string joinSentences(std::string a, std::string_view b) {
    if (b.empty()) {
        return a;
    }
    return a.empty() ? std::string(b) : a + " " + std::string(b);
}

}  // namespace

DialogTexts confirmTexts(const DialogContext& context) {
    const Messages& m = messages(context.lang);
    DialogTexts texts;
    texts.title = std::string(m.title);
    texts.description = describeOrRefuse(context, "", confirmAfter(context, m));
    texts.okLabel = context.withoutPin ? okLabelFor(context, m) : std::string(m.allow);
    texts.cancelLabel = context.withoutPin ? std::string(m.cancel) : std::string(m.deny);
    return texts;
}

DialogTexts pinTexts(const DialogContext& context, const PinRequest& request, bool emptyBefore) {
    const Messages& m = messages(context.lang);
    DialogTexts texts;
    texts.title = std::string(m.title);
    texts.description = describeOrRefuse(context, "", pinAfter(m, request.contextSpecific));
    texts.prompt = std::string(m.pinPrompt);
    std::string error;
    if (emptyBefore) {
        error = std::string(m.emptyPin);
    } else if (request.retryAfterWrongPin) {
        error = std::string(m.wrongPin);
    }
    if (request.pinFinalTry) {
        error = joinSentences(error, m.finalTry);
    } else if (request.pinCountLow) {
        error = joinSentences(error, m.countLow);
    }
    texts.error = error;
    texts.okLabel = okLabelFor(context, m);
    texts.cancelLabel = std::string(m.cancel);
    return texts;
}

DialogTexts pinPadTexts(const DialogContext& context) {
    const Messages& m = messages(context.lang);
    DialogTexts texts;
    texts.title = std::string(m.title);
    texts.description = describeOrRefuse(context, std::string(m.pinPad), "");
    texts.okLabel = std::string(m.closeLabel);
    return texts;
}

bool requiredTextFits(const DialogContext& context) {
    const Messages& m = messages(context.lang);
    DialogContext noPin = context;
    noPin.withoutPin = true;
    return describe(context, "", confirmAfter(context, m)).fits &&
           describe(noPin, "", confirmAfter(noPin, m)).fits &&
           describe(context, "", pinAfter(m, true)).fits &&
           describe(context, std::string(m.pinPad), "").fits;
}

}  // namespace kyso
