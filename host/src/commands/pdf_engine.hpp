#pragma once

#include "pdf/engine_table.hpp"

namespace kyso {

// The PDF room, loaded on first use from libkyso-pdf.so: env KYSO_PDF_MODULE if set, else
// next to the kyso-host executable (the build tree), else the installed module directory.
// Throws INTERNAL when the module is missing or was built for another host.
const pdf::EngineTable& pdfEngine();

}  // namespace kyso
