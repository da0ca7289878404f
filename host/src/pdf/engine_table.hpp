#pragma once

// The PDF room is built twice: as a static library for its tests, and as a module
// (libkyso-pdf.so) that kyso-host loads on the first PDF command. PoDoFo and the eighteen
// libraries it brings then cost nothing to the start-up of every other command
// (docs/performance.md). This table is the module's whole interface.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "pdf/form_draft.hpp"
#include "pdf/pdf_signer.hpp"

namespace kyso::pdf {

// Raised whenever the table changes shape, so a host never calls a module built for another.
// 3: prepareDraft; fill and copyMark options. 4: refuseActiveContent and activeContent.
inline constexpr int kEngineAbiVersion = 4;

// A failure inside the module, as data. No exception crosses the boundary: kyso-host carries
// its own copy of the C++ runtime (linked statically, for start-up time: docs/performance.md)
// while the module uses the system's libstdc++.so (PoDoFo needs it), and an exception thrown
// through one runtime and caught by the other would corrupt both runtimes' bookkeeping. Plain
// data (strings, byte vectors, the structs below) crosses safely: both sides are built by the
// same compiler from the same headers, and all memory comes from the one malloc.
struct EngineFailure {
    bool failed = false;
    int code = 0;         // a kyso::ErrorCode
    std::string message;  // kyso::Error::what()
    std::string details;  // kyso::Error::details() as JSON text
};

// Each entry fills its result, or `failure` (commands/pdf_engine.cpp rethrows it in the host).
struct EngineTable {
    int abiVersion;
    void (*prepareSignature)(const InputView& input, const PdfSignOptions& options,
                             PdfSignResult& result, EngineFailure& failure) noexcept;
    void (*embedCms)(PdfSignResult& prepared, std::uint64_t inputSize, const Bytes& cms,
                     EngineFailure& failure) noexcept;
    void (*signatureTextLines)(const std::string& signer, const std::string& organisation,
                               std::time_t signingTime, const std::string& reason,
                               const std::string& location, std::vector<std::string>& lines,
                               EngineFailure& failure) noexcept;
    void (*prepareDraft)(const InputView& input, const DraftOptions& options, DraftResult& result,
                         EngineFailure& failure) noexcept;
};

}  // namespace kyso::pdf

// The one symbol the module exports.
extern "C" const kyso::pdf::EngineTable* kyso_pdf_engine();
