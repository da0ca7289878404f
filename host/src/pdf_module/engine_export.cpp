// Built only into libkyso-pdf.so (CMakeLists.txt): hands the host the PDF room's entry points.
#include "pdf/engine_table.hpp"

extern "C" __attribute__((visibility("default"))) const kyso::pdf::EngineTable* kyso_pdf_engine() {
    static const kyso::pdf::EngineTable table{
        kyso::pdf::kEngineAbiVersion,
        &kyso::pdf::prepareSignature,
        &kyso::pdf::embedCms,
        &kyso::pdf::signatureTextLines,
    };
    return &table;
}
