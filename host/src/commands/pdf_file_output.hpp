#pragma once

// How the CLI writes a signed PDF: never a half-written output, never a changed input.

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "pdf/input_view.hpp"

namespace kyso {

// What identifies a file's content without reading it: if any of these changed, so may have
// the bytes.
struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t modifiedNs = 0;
    std::int64_t changedNs = 0;
    bool operator==(const FileIdentity& other) const;
    bool operator!=(const FileIdentity& other) const { return !(*this == other); }
};

// Throws INVALID_REQUEST if the file cannot be stat()ed.
FileIdentity identifyFile(const std::string& path);

// True when both names lead to the same file (or to the same place, for an output that does
// not exist yet).
bool samePath(const std::string& a, const std::string& b);

// Writes input + update to `path` atomically: a temporary file in the same directory, flushed
// to disk, renamed over `path`. On failure the temporary file is removed and `path` is left as
// it was. Throws INVALID_REQUEST (cannot write there).
void writeSignedCopy(const std::string& path, const pdf::InputView& input, const Bytes& update);

// Appends `update` to the file itself (the fast path for very large files) after checking it
// is still the file that was read (`whenRead`); INVALID_REQUEST if it changed. A failed write
// is cut off again, leaving the file as it was.
void appendSignedUpdate(const std::string& path, const FileIdentity& whenRead, const Bytes& update);

}  // namespace kyso
