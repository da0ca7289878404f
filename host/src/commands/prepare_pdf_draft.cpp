#include "commands/prepare_pdf_draft.hpp"

#include "commands/pdf_engine.hpp"
#include "commands/pdf_options.hpp"
#include "protocol/params.hpp"

namespace kyso {

pdf::DraftResult draftPdf(const Params& params, const pdf::InputView& input, const Config& config) {
    pdf::DraftOptions options;
    options.fields = parsePdfDraftFields(params);
    options.maxInputBytes = config.maxRequestBytes;
    return pdfEngine().prepareDraft(input, options);
}

CommandResult PreparePdfDraftCommand::run(RequestContext& request, HostServices& services) {
    const Params params(request);
    const auto document = params.requiredBinary("document");
    const auto fileName =
        displayFileName(request.params.value("fileName", nlohmann::json()), "document.pdf");
    auto draft = draftPdf(params, pdf::InputView::of(*document), services.config);

    CommandResult out;
    // As signPdf's result: the input, untouched, and the update, sent as two parts.
    auto update = std::make_shared<const Bytes>(std::move(draft.update));
    out.blobs.push_back({"document", {document, update}});
    out.result["document"] = {{"$blob", "document"}, {"size", out.blobs.back().size()}};
    out.result["fileName"] = fileName;
    out.result["fields"] = draft.fieldNames;
    return out;
}

}  // namespace kyso
