#include "commands/pdf_file_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace kyso {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fileError(const std::string& what, const std::string& path) {
    throw Error(ErrorCode::InvalidRequest, what + " " + path + ": " + std::strerror(errno));
}

FileIdentity identityOf(const struct stat& st) {
    FileIdentity id;
    id.device = st.st_dev;
    id.inode = st.st_ino;
    id.size = static_cast<std::uint64_t>(st.st_size);
    id.modifiedNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    id.changedNs = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return id;
}

bool writeAll(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

bool FileIdentity::operator==(const FileIdentity& other) const {
    return device == other.device && inode == other.inode && size == other.size &&
           modifiedNs == other.modifiedNs && changedNs == other.changedNs;
}

FileIdentity identifyFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        fileError("cannot read", path);
    }
    return identityOf(st);
}

bool samePath(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) {
        return fs::equivalent(a, b, ec);
    }
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

void writeSignedCopy(const std::string& path, const pdf::InputView& input, const Bytes& update) {
    // Same directory, so the rename is atomic (one file system) and the file lands where asked.
    fs::path target(path);
    std::string temp = (target.parent_path().empty() ? fs::path(".") : target.parent_path()) /
                       ("." + target.filename().string() + ".kyso-XXXXXX");
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        fileError("cannot create a file next to", path);
    }
    bool copied = true;
    input.scan([&](const std::uint8_t* chunk, std::size_t size) {
        copied = copied && writeAll(fd, chunk, size);
    });
    const bool written = copied && writeAll(fd, update.data(), update.size()) &&
                         ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
    const int savedErrno = errno;
    const bool closed = ::close(fd) == 0;
    if (!written || !closed || ::rename(temp.c_str(), path.c_str()) != 0) {
        if (written && closed) {
            errno = savedErrno;
        }
        const int reason = errno;
        ::unlink(temp.c_str());
        errno = reason;
        fileError("cannot write", path);
    }
}

void appendSignedUpdate(const std::string& path, const FileIdentity& whenRead,
                        const Bytes& update) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        fileError("cannot open for appending", path);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || identityOf(st) != whenRead) {
        ::close(fd);
        throw Error(ErrorCode::InvalidRequest,
                    path + " changed while it was being signed: nothing was written");
    }
    if (!writeAll(fd, update.data(), update.size()) || ::fsync(fd) != 0) {
        const int reason = errno;
        // Cut back to the input as it was: a half-appended update would damage the file.
        [[maybe_unused]] const int ignored = ::ftruncate(fd, static_cast<off_t>(whenRead.size));
        ::close(fd);
        errno = reason;
        fileError("cannot append to", path);
    }
    if (::close(fd) != 0) {
        fileError("cannot append to", path);
    }
}

}  // namespace kyso
