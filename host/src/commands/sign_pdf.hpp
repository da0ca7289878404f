#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "commands/host_services.hpp"
#include "commands/pdf_signing.hpp"
#include "protocol/command.hpp"

namespace kyso {

// PAdES signature of one PDF sent as bytes (docs/protocol.md, signPdf).
class SignPdfCommand : public Command {
  public:
    std::string_view name() const override { return "signPdf"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

// Many PDFs with one dialog and one PIN; one bad document does not stop the others.
class SignPdfBatchCommand : public Command {
  public:
    static constexpr std::size_t kMaxDocuments = 1000;
    std::string_view name() const override { return "signPdfBatch"; }
    CommandResult run(RequestContext& request, HostServices& services) override;
};

// One document through the whole flow: options and PDF checked, certificate chosen, then the
// dialog (naming `displayName`) and the signature. Shared with the CLI, which passes a mapped
// file. `result` gets the JSON fields of signPdf's result except "document".
PreparedPdf signOnePdf(RequestContext& request, HostServices& services, const pdf::InputView& input,
                       const std::string& displayName, nlohmann::json& result);

}  // namespace kyso
