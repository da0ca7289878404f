#pragma once

#include "commands/host_services.hpp"
#include "pdf/form_draft.hpp"
#include "pdf/input_view.hpp"
#include "protocol/command.hpp"
#include "protocol/params.hpp"

namespace kyso {

// Empty read-only text fields for the clerk's number and date, added to a PDF before anyone
// signs it (docs/protocol.md, preparePdfDraft). No token, no dialog: it signs nothing, reads
// no local file and returns nothing the page could not build from its own bytes.
class PreparePdfDraftCommand : public Command {
  public:
    std::string_view name() const override { return "preparePdfDraft"; }
    bool asksUser() const override { return false; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

// The draft of `input` for preparePdfDraft's `params` (fields); shared with the CLI, which
// passes a mapped file.
pdf::DraftResult draftPdf(const Params& params, const pdf::InputView& input, const Config& config);

}  // namespace kyso
