#pragma once

// The one place kyso includes PoDoFo 0.9.8. Its headers are not warning-clean under our flags
// (-Wshadow, -Wconversion, -Wpedantic, ...), and pkg-config adds them as a normal include
// directory, so the warnings are silenced here, for these headers only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#pragma GCC diagnostic ignored "-Wextra"
#include <podofo/podofo.h>
#pragma GCC diagnostic pop
