#include "pdf/input_view.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace kyso::pdf {

namespace {

// Closes the descriptor on every path; the mapping stays valid after close().
struct FileDescriptor {
    int fd;
    ~FileDescriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

}  // namespace

void InputView::scan(const std::function<void(const std::uint8_t*, std::size_t)>& use) const {
    constexpr std::size_t kChunk = 4u << 20;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    for (std::size_t at = 0; at < size; at += kChunk) {
        const std::size_t length = std::min(kChunk, size - at);
        use(data + at, length);
        if (fileMapping) {
            // Whole pages inside the chunk only (the mapping starts on a page boundary, so
            // chunk boundaries are page boundaries except for the last one). MADV_DONTNEED on
            // a read-only private file mapping drops our page table entries; a later read
            // faults the page back in from the page cache. Never done to heap memory, where it
            // would zero the bytes.
            const auto begin = reinterpret_cast<std::uintptr_t>(data + at);
            const std::uintptr_t first = (begin + page - 1) / page * page;
            const std::uintptr_t last = (begin + length) / page * page;
            if (last > first) {
                // Back from the rounded address to a pointer by offset, not by integer cast.
                auto* start = const_cast<std::uint8_t*>(data + at) + (first - begin);
                ::madvise(start, last - first, MADV_DONTNEED);
            }
        }
    }
}

MappedFile::MappedFile(const std::string& path) {
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) {
        throwInvalidRequest("cannot open " + path + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        throwInvalidRequest("not a regular file: " + path);
    }
    if (info.st_size <= 0) {
        throw Error(ErrorCode::InvalidPdf, "the PDF file is empty: " + path);
    }
    size_ = static_cast<std::size_t>(info.st_size);
    address_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file.fd, 0);
    if (address_ == MAP_FAILED) {
        address_ = nullptr;
        throwInvalidRequest("cannot map " + path + ": " + std::strerror(errno));
    }
}

MappedFile::~MappedFile() {
    if (address_ != nullptr) {
        ::munmap(address_, size_);
    }
}

}  // namespace kyso::pdf
