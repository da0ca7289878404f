#include "commands/pdf_engine.hpp"

#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "core/error.hpp"
#include "platform/shared_library.hpp"

namespace kyso {
namespace {

constexpr const char* kModuleName = "libkyso-pdf.so";

std::string modulePath() {
    if (const char* path = std::getenv("KYSO_PDF_MODULE"); path != nullptr && *path != '\0') {
        return path;
    }
    const std::string beside = platform::executableDirectory() + "/" + kModuleName;
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

}  // namespace

const pdf::EngineTable& pdfEngine() {
    static std::once_flag once;
    static const pdf::EngineTable* table = nullptr;
    std::call_once(once, [] { table = &load(); });
    return *table;
}

}  // namespace kyso
