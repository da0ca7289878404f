// Built only into libkyso-pdf.so (CMakeLists.txt): hands the host the PDF room's entry points,
// each catching whatever the room throws so that only data crosses into the host
// (pdf/engine_table.hpp says why).
#include <new>

#include "core/error.hpp"
#include "pdf/engine_table.hpp"

namespace kyso::pdf {
namespace {

void fail(EngineFailure& failure, ErrorCode code, const char* message, std::string details) {
    failure.failed = true;
    failure.code = static_cast<int>(code);
    failure.message = message;
    failure.details = std::move(details);
}

template <typename Work>
void guarded(EngineFailure& failure, Work&& work) noexcept {
    try {
        work();
    } catch (const Error& e) {
        // replace: details come from PDF input, which may hold invalid UTF-8.
        fail(failure, e.code(), e.what(),
             e.details().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } catch (const std::bad_alloc&) {
        fail(failure, ErrorCode::Internal, "out of memory in the PDF module", "");
    } catch (const std::exception& e) {
        fail(failure, ErrorCode::Internal, e.what(), "");
    } catch (...) {
        fail(failure, ErrorCode::Internal, "unknown failure in the PDF module", "");
    }
}

void prepare(const InputView& input, const PdfSignOptions& options, PdfSignResult& result,
             EngineFailure& failure) noexcept {
    guarded(failure, [&] { result = prepareSignature(input, options); });
}

void embed(PdfSignResult& prepared, std::uint64_t inputSize, const Bytes& cms,
           EngineFailure& failure) noexcept {
    guarded(failure, [&] { embedCms(prepared, inputSize, cms); });
}

void textLines(const std::string& signer, const std::string& organisation, std::time_t signingTime,
               const std::string& reason, const std::string& location,
               std::vector<std::string>& lines, EngineFailure& failure) noexcept {
    guarded(failure, [&] {
        lines = signatureTextLines(signer, organisation, signingTime, reason, location);
    });
}

void draft(const InputView& input, const DraftOptions& options, DraftResult& result,
           EngineFailure& failure) noexcept {
    guarded(failure, [&] { result = prepareDraft(input, options); });
}

}  // namespace
}  // namespace kyso::pdf

extern "C" __attribute__((visibility("default"))) const kyso::pdf::EngineTable* kyso_pdf_engine() {
    static const kyso::pdf::EngineTable table{
        kyso::pdf::kEngineAbiVersion, &kyso::pdf::prepare, &kyso::pdf::embed,
        &kyso::pdf::textLines,        &kyso::pdf::draft,
    };
    return &table;
}
