#include "pdf/input_view.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
