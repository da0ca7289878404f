#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "pdf/engine_table.hpp"

namespace kyso {

// The PDF room as the host calls it: the module's table, with the failures the module hands
// back as data (pdf/engine_table.hpp) thrown again here as kyso::Error.
class PdfEngine {
  public:
    explicit PdfEngine(const pdf::EngineTable& table) : table_(table) {}

    pdf::PdfSignResult prepareSignature(const pdf::InputView& input,
                                        const pdf::PdfSignOptions& options) const;
    void embedCms(pdf::PdfSignResult& prepared, std::uint64_t inputSize, const Bytes& cms) const;
    std::vector<std::string> signatureTextLines(const std::string& signer,
                                                const std::string& organisation,
                                                std::time_t signingTime, const std::string& reason,
                                                const std::string& location) const;
    pdf::DraftResult prepareDraft(const pdf::InputView& input,
                                  const pdf::DraftOptions& options) const;

  private:
    const pdf::EngineTable& table_;
};

// The PDF room, loaded on first use from libkyso-pdf.so: env KYSO_PDF_MODULE if set, else
// next to the kyso-host executable (the build tree), else the installed module directory.
// Throws INTERNAL when the module is missing or was built for another host.
const PdfEngine& pdfEngine();

}  // namespace kyso
