#include "commands/pdf_engine.hpp"

#include <unistd.h>

#include <cstdlib>

#include "core/error.hpp"
#include "platform/shared_library.hpp"

namespace kyso {
namespace {

constexpr const char* kModuleName = "libkyso-pdf.so";

std::string modulePath() {
    if (const char* path = std::getenv("KYSO_PDF_MODULE"); path != nullptr && *path != '\0') {
        return path;
    }
    std::string beside = platform::executableDirectory() + "/" + kModuleName;
    if (::access(beside.c_str(), R_OK) == 0) {
        return beside;
    }
    return std::string(KYSO_PDF_MODULE_DIR) + "/" + kModuleName;
}

const pdf::EngineTable& load() {
    using Entry = const pdf::EngineTable* (*)();
    const auto entry =
        reinterpret_cast<Entry>(platform::loadSymbol(modulePath(), "kyso_pdf_engine"));
    const pdf::EngineTable* table = entry();
    if (table == nullptr || table->abiVersion != pdf::kEngineAbiVersion) {
        throw Error(ErrorCode::Internal,
                    "the PDF module does not match this kyso-host: reinstall kyso");
    }
    return *table;
}

// A failure the module handed back, thrown again as the kyso::Error it was.
void rethrow(const pdf::EngineFailure& failure) {
    if (!failure.failed) {
        return;
    }
    // Both sides share ErrorCode; a value outside it means a mismatched module.
    const bool known = failure.code >= 0 && failure.code <= static_cast<int>(ErrorCode::Internal);
    nlohmann::json details = failure.details.empty()
                                 ? nlohmann::json(nullptr)
                                 : nlohmann::json::parse(failure.details, nullptr, false);
    if (details.is_discarded()) {
        details = nullptr;
    }
    throw Error(known ? static_cast<ErrorCode>(failure.code) : ErrorCode::Internal, failure.message,
                std::move(details));
}

}  // namespace

pdf::PdfSignResult PdfEngine::prepareSignature(const pdf::InputView& input,
                                               const pdf::PdfSignOptions& options) const {
    pdf::PdfSignResult result;
    pdf::EngineFailure failure;
    table_.prepareSignature(input, options, result, failure);
    rethrow(failure);
    return result;
}

void PdfEngine::embedCms(pdf::PdfSignResult& prepared, std::uint64_t inputSize,
                         const Bytes& cms) const {
    pdf::EngineFailure failure;
    table_.embedCms(prepared, inputSize, cms, failure);
    rethrow(failure);
}

std::vector<std::string> PdfEngine::signatureTextLines(const std::string& signer,
                                                       const std::string& organisation,
                                                       std::time_t signingTime,
                                                       const std::string& reason,
                                                       const std::string& location) const {
    std::vector<std::string> lines;
    pdf::EngineFailure failure;
    table_.signatureTextLines(signer, organisation, signingTime, reason, location, lines, failure);
    rethrow(failure);
    return lines;
}

pdf::DraftResult PdfEngine::prepareDraft(const pdf::InputView& input,
                                         const pdf::DraftOptions& options) const {
    pdf::DraftResult result;
    pdf::EngineFailure failure;
    table_.prepareDraft(input, options, result, failure);
    rethrow(failure);
    return result;
}

const PdfEngine& pdfEngine() {
    // Made on the first call that succeeds; a failed load is tried again by the next command.
    static const PdfEngine engine(load());
    return engine;
}

}  // namespace kyso
