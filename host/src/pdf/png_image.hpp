#pragma once

#include <cstdint>

#include "core/bytes.hpp"
#include "pdf/appearance.hpp"
#include "pdf/update_writer.hpp"

namespace kyso::pdf {

struct ImageObject {
    std::uint32_t number = 0;  // the image XObject (its /SMask, if any, is written too)
    std::uint32_t width = 0, height = 0;
};

// Writes a PNG as an image XObject, its alpha channel as a soft mask (/SMask), decoded and
// re-compressed by PoDoFo (libpng). Throws INVALID_REQUEST for anything that is not a PNG of
// at most 2048 x 2048 pixels and 4 MiB.
ImageObject writePngImage(UpdateWriter& writer, ObjectNumbers& numbers, const Bytes& png);

}  // namespace kyso::pdf
