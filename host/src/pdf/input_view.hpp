#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/bytes.hpp"

namespace kyso::pdf {

// Read-only bytes of the input PDF: a view, never a copy. Either an in-memory buffer (which
// must outlive the view) or a MappedFile.
struct InputView {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    bool fileMapping = false;  // set by MappedFile: its pages can be given back (scan)

    static InputView of(const Bytes& bytes) { return {bytes.data(), bytes.size(), false}; }

    // Calls use(chunk, size) over all the bytes in order. For a file mapping, each chunk's
    // pages are given back to the kernel once used (they stay in the page cache), so hashing or
    // copying a 100 MB file keeps a few MB resident instead of 100 MB.
    void scan(const std::function<void(const std::uint8_t*, std::size_t)>& use) const;
};

// A file mapped read-only into memory (RAII: unmapped and closed in the destructor). Pages are
// read by the kernel on demand, so a 100 MB input costs address space, not memory.
class MappedFile {
  public:
    // Throws INVALID_REQUEST if the file cannot be opened, INVALID_PDF if it is empty.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    InputView view() const { return {static_cast<const std::uint8_t*>(address_), size_, true}; }

  private:
    void* address_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace kyso::pdf
