#include <dlfcn.h>
#include <unistd.h>

#include <array>

#include "core/error.hpp"
#include "platform/shared_library.hpp"

namespace kyso::platform {

void* loadSymbol(const std::string& library, const char* symbol) {
    // Never unloaded: the process keeps using what it loaded until it exits.
    void* handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* reason = ::dlerror();
        throw Error(ErrorCode::Internal,
                    "cannot load " + library + ": " + (reason != nullptr ? reason : "unknown"));
    }
    void* address = ::dlsym(handle, symbol);
    if (address == nullptr) {
        throw Error(ErrorCode::Internal, library + " has no " + symbol);
    }
    return address;
}

std::string executableDirectory() {
    std::array<char, 4096> path{};
    const ssize_t length = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (length <= 0) {
        return {};
    }
    std::string self(path.data(), static_cast<std::size_t>(length));
    const auto slash = self.rfind('/');
    return slash == std::string::npos ? std::string() : self.substr(0, slash);
}

}  // namespace kyso::platform
