#pragma once

// The PDF room is built twice: as a static library for its tests, and as a module
// (libkyso-pdf.so) that kyso-host loads on the first PDF command. PoDoFo and the eighteen
// libraries it brings then cost nothing to the start-up of every other command
// (docs/performance.md). This table is the module's whole interface.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/pdf_signer.hpp"

namespace kyso::pdf {

// Raised whenever the table changes shape, so a host never calls a module built for another.
inline constexpr int kEngineAbiVersion = 1;

struct EngineTable {
    int abiVersion;
    PdfSignResult (*prepareSignature)(const InputView& input, const PdfSignOptions& options);
    void (*embedCms)(PdfSignResult& prepared, std::uint64_t inputSize, const Bytes& cms);
    std::vector<std::string> (*signatureTextLines)(const std::string& signer,
                                                   const std::string& organisation,
                                                   std::time_t signingTime,
                                                   const std::string& reason,
                                                   const std::string& location);
};

}  // namespace kyso::pdf

// The one symbol the module exports.
extern "C" const kyso::pdf::EngineTable* kyso_pdf_engine();
