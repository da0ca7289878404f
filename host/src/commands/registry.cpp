#include "commands/authenticate.hpp"
#include "commands/list_certificates.hpp"
#include "commands/prepare_pdf_draft.hpp"
#include "commands/sign_hash.hpp"
#include "commands/sign_pdf.hpp"
#include "commands/sign_prepared.hpp"
#include "commands/status.hpp"
#include "protocol/dispatcher.hpp"

namespace kyso {

Dispatcher makeDispatcher() {
    Dispatcher dispatcher;
    dispatcher.add(std::make_unique<StatusCommand>());
    dispatcher.add(std::make_unique<ListCertificatesCommand>());
    dispatcher.add(std::make_unique<SignHashCommand>());
    dispatcher.add(std::make_unique<SignHashesCommand>());
    dispatcher.add(std::make_unique<SignPreparedCommand>());
    dispatcher.add(std::make_unique<AuthenticateCommand>());
    dispatcher.add(std::make_unique<SignPdfCommand>());
    dispatcher.add(std::make_unique<SignPdfBatchCommand>());
    dispatcher.add(std::make_unique<PreparePdfDraftCommand>());
    return dispatcher;
}

}  // namespace kyso
