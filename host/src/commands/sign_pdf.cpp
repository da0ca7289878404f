#include "commands/sign_pdf.hpp"

#include <ctime>

#include "commands/active_content_warning.hpp"
#include "core/error.hpp"
#include "protocol/error_reply.hpp"
#include "protocol/params.hpp"

namespace kyso {
namespace {

std::function<void(const char*)> stageReporter(RequestContext& request) {
    return [&request](const char* stage) { request.progress({{"stage", stage}}); };
}

// Failures that say the token or the user is gone: no later document of a batch can be
// signed either, so the batch stops (returning what it has) instead of trying each one.
bool stopsBatch(ErrorCode code) {
    switch (code) {
        case ErrorCode::UserCancelled:
        case ErrorCode::Timeout:
        case ErrorCode::PinIncorrect:
        case ErrorCode::PinLocked:
        case ErrorCode::TokenNotFound:
        case ErrorCode::TokenRemoved:
        case ErrorCode::TokenError:
            return true;
        default:
            return false;
    }
}

nlohmann::json blobReference(const std::string& name, std::size_t size) {
    return {{"$blob", name}, {"size", size}};
}

// A batch item, read before the dialog.
struct BatchItem {
    std::shared_ptr<const Bytes> document;
    std::string fileName;
    std::optional<PreparedPdf> prepared;
    nlohmann::json result = nlohmann::json::object();
};

std::vector<BatchItem> parseBatchItems(const RequestContext& request) {
    const Params params(request);
    const auto items = params.optionalList("items", SignPdfBatchCommand::kMaxDocuments);
    if (!items || items->empty()) {
        params.fail("items", "must be a list of 1 to " +
                                 std::to_string(SignPdfBatchCommand::kMaxDocuments) + " documents");
    }
    std::vector<BatchItem> out(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const nlohmann::json& value = *(*items)[i];
        if (!value.is_object() || !value.contains("document")) {
            params.fail("items[" + std::to_string(i) + "]", "must be {document, fileName}");
        }
        const Params item = params.item("items", i, value);
        out[i].document = item.requiredBinary("document");
        out[i].fileName = displayFileName(value.value("fileName", nlohmann::json()),
                                          "document-" + std::to_string(i + 1) + ".pdf");
    }
    return out;
}

}  // namespace

PreparedPdf signOnePdf(RequestContext& request, HostServices& services, const pdf::InputView& input,
                       const std::string& displayName, nlohmann::json& result) {
    const auto params = parsePdfSigningParams(Params(request));
    const auto signer = choosePdfSigner(services, params);
    // The PDF is parsed and the update written before the user is asked: a broken or
    // encrypted document never costs a PIN.
    auto prepared = preparePdf(input, params, signer, services.config, std::time(nullptr));

    auto dialog = dialogFor(request, OperationKind::SignPdf, signer.certificate);
    dialog.documents = {displayName};
    dialog.additions = additionsShown(params);
    dialog.warnings = activeContentWarning(prepared.signature.activeContent, dialog.lang);
    requireAdditionsShownWhole(dialog, params);
    request.progress({{"stage", "waiting-for-user"}});
    ConsentedKey key(services, signer.certificate, std::move(dialog));
    finishPdf(prepared, input.size, signer, key.key(), stageReporter(request));

    result = signedPdfJson(prepared, signer);
    result["fileName"] = displayName;
    result["certificate"] = base64Encode(signer.certificate.record.der);
    return prepared;
}

CommandResult SignPdfCommand::run(RequestContext& request, HostServices& services) {
    const auto document = Params(request).requiredBinary("document");
    const auto fileName =
        displayFileName(request.params.value("fileName", nlohmann::json()), "document.pdf");

    CommandResult out;
    auto prepared =
        signOnePdf(request, services, pdf::InputView::of(*document), fileName, out.result);
    // The signed document is the input, untouched, followed by the update: sent as two parts.
    auto update = std::make_shared<const Bytes>(std::move(prepared.signature.update));
    out.blobs.push_back({"document", {document, update}});
    out.result["document"] = blobReference("document", out.blobs.back().size());
    return out;
}

CommandResult SignPdfBatchCommand::run(RequestContext& request, HostServices& services) {
    auto items = parseBatchItems(request);
    const auto params = parsePdfSigningParams(Params(request));
    const auto signer = choosePdfSigner(services, params);

    // Every document is prepared before the dialog; the broken ones get their error now and
    // are not listed in the dialog.
    const std::time_t now = std::time(nullptr);
    std::vector<std::string> names;
    std::vector<DocumentActiveContent> active;
    for (auto& item : items) {
        try {
            item.prepared = preparePdf(pdf::InputView::of(*item.document), params, signer,
                                       services.config, now);
            names.push_back(item.fileName);
            active.push_back({item.fileName, item.prepared->signature.activeContent});
        } catch (const Error& e) {
            item.result["error"] = errorObject(e, request.lang);
        }
    }

    std::optional<ConsentedKey> key;
    if (!names.empty()) {
        auto dialog = dialogFor(request, OperationKind::SignPdfBatch, signer.certificate);
        dialog.documents = names;
        dialog.additions = additionsShown(params);
        dialog.warnings = activeContentWarning(active, dialog.lang);
        requireAdditionsShownWhole(dialog, params);
        request.progress({{"stage", "waiting-for-user"}});
        key.emplace(services, signer.certificate, std::move(dialog));
    }

    CommandResult out;
    std::size_t done = 0, signedCount = 0;
    std::optional<Error> stopped;
    const auto ignoreStage = [](const char*) {};
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto& item = items[i];
        if (item.prepared && stopped) {
            item.result["error"] = errorObject(*stopped, request.lang);
        } else if (item.prepared) {
            try {
                finishPdf(*item.prepared, item.document->size(), signer, key->key(), ignoreStage);
                const std::string blob = "document-" + std::to_string(i);
                auto update =
                    std::make_shared<const Bytes>(std::move(item.prepared->signature.update));
                out.blobs.push_back({blob, {item.document, update}});
                item.result = signedPdfJson(*item.prepared, signer);
                item.result["document"] = blobReference(blob, out.blobs.back().size());
                ++signedCount;
            } catch (const Error& e) {
                item.result["error"] = errorObject(e, request.lang);
                if (stopsBatch(e.code())) {
                    stopped = e;
                }
            }
        }
        item.result["index"] = i;
        item.result["fileName"] = item.fileName;
        request.progress({{"stage", "document"}, {"done", ++done}, {"total", items.size()}});
    }

    auto& documents = out.result["documents"] = nlohmann::json::array();
    for (auto& item : items) {
        documents.push_back(std::move(item.result));
    }
    out.result["signed"] = signedCount;
    out.result["failed"] = items.size() - signedCount;
    out.result["certificate"] = base64Encode(signer.certificate.record.der);
    out.result["level"] = signer.tsa ? "B-T" : "B-B";
    return out;
}

}  // namespace kyso
