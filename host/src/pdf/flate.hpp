#pragma once

#include "core/bytes.hpp"

namespace kyso::pdf {

// zlib/deflate (the PDF FlateDecode filter), through PoDoFo's filter so kyso links no zlib
// of its own.
Bytes flateEncode(const Bytes& data);

}  // namespace kyso::pdf
