#include "prompt/dialog_text.hpp"

#include <algorithm>
#include <string_view>

#include "prompt/assuan.hpp"
#include "prompt/messages.hpp"
#include "prompt/utf8_text.hpp"

namespace kyso {
namespace {

// Limits for page-supplied texts, in characters: enough to recognise, short enough to read.
constexpr std::size_t kOriginChars = 255;  // the protocol's own limit
constexpr std::size_t kSiteDescriptionChars = 200;
constexpr std::size_t kDocumentNameChars = 80;
constexpr std::size_t kNameChars = 120;  // certificate holder and issuer
constexpr std::size_t kAdditionChars = 200;

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

std::string whatIsAsked(const DialogContext& context, const Messages& m, std::size_t listed) {
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
            return fill(m.signPdf, utf8::cleanUntrusted(documents.front(), kDocumentNameChars));
        case OperationKind::SignPdfBatch: {
            std::string text = fill(m.signBatch, std::to_string(documents.size()));
            for (std::size_t i = 0; i < listed && i < documents.size(); ++i) {
                text += "\n• " + utf8::cleanUntrusted(documents[i], kDocumentNameChars);
            }
            if (documents.size() > listed) {
                text += "\n" + fill(m.moreDocuments, std::to_string(documents.size() - listed));
            }
            return text;
        }
    }
    return std::string(m.signHash);
}

std::string certificateLines(const CertificateSummary& certificate, const Messages& m,
                             Language lang) {
    std::string text = fill(m.certificate, utf8::cleanUntrusted(certificate.holder, kNameChars));
    std::string issuer = utf8::cleanUntrusted(certificate.issuer, kNameChars);
    if (!issuer.empty()) {
        text += "\n";
        text += certificate.notAfter.empty()
                    ? fill(m.issuedByNoDate, issuer)
                    : fill(m.issuedBy, issuer, formatDate(certificate.notAfter, lang));
    }
    return text;
}

std::string composeDescription(const DialogContext& context, const std::string& before,
                               const std::string& after, std::size_t listed) {
    const Messages& m = messages(context.lang);
    std::string text = before.empty() ? std::string() : before + "\n\n";
    text += whoAsks(context, m) + "\n" + whatIsAsked(context, m, listed);
    for (const auto& warning : context.warnings) {
        text += "\n" + warning;  // the host's words, never cut
    }
    if (!context.additions.empty()) {
        text += "\n" + std::string(m.adds);
        for (const auto& addition : context.additions) {
            text += "\n• " + utf8::cleanUntrusted(addition, kAdditionChars);
        }
    }
    if (!context.siteDescription.empty()) {
        text += "\n" + fill(m.siteSays,
                            utf8::cleanUntrusted(context.siteDescription, kSiteDescriptionChars));
    }
    if (context.certificate) {
        text += "\n\n" + certificateLines(*context.certificate, m, context.lang);
    }
    if (!after.empty()) {
        text += "\n\n" + after;
    }
    return text;
}

// Who, what, the site's words and the certificate, in one SETDESC line: a long document list
// gives up names (counted instead) until the line fits; commandLine() cuts whatever remains.
std::string describe(const DialogContext& context, const std::string& before,
                     const std::string& after) {
    static constexpr std::size_t kSetdescBytes = sizeof("SETDESC ") - 1;
    std::size_t listed = std::min(context.documents.size(), kMaxListedDocuments);
    for (;;) {
        std::string text = composeDescription(context, before, after, listed);
        if (listed == 0 || assuan::escape(text).size() + kSetdescBytes <= assuan::kMaxLineBytes) {
            return text;
        }
        --listed;
    }
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
    texts.description = describe(context, "", std::string(m.confirmAdvice));
    texts.okLabel = std::string(m.allow);
    texts.cancelLabel = std::string(m.deny);
    return texts;
}

DialogTexts pinTexts(const DialogContext& context, const PinRequest& request, bool emptyBefore) {
    const Messages& m = messages(context.lang);
    DialogTexts texts;
    texts.title = std::string(m.title);
    std::string after = request.contextSpecific
                            ? std::string(m.pinAgain) + "\n" + std::string(m.pinConsent)
                            : std::string(m.pinConsent);
    texts.description = describe(context, "", after);
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
    switch (context.operation) {
        case OperationKind::Authenticate:
            texts.okLabel = std::string(m.logIn);
            break;
        case OperationKind::ListCertificates:
            texts.okLabel = std::string(m.ok);
            break;
        default:
            texts.okLabel = std::string(m.sign);
            break;
    }
    texts.cancelLabel = std::string(m.cancel);
    return texts;
}

DialogTexts pinPadTexts(const DialogContext& context) {
    const Messages& m = messages(context.lang);
    DialogTexts texts;
    texts.title = std::string(m.title);
    texts.description = describe(context, std::string(m.pinPad), "");
    texts.okLabel = std::string(m.closeLabel);
    return texts;
}

}  // namespace kyso
