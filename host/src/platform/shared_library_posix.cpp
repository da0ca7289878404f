#include <dlfcn.h>
#include <unistd.h>

#include <array>

#include "core/error.hpp"
#include "platform/shared_library.hpp"

namespace kyso::platform {

ProcessLibrary::ProcessLibrary(const std::string& name) : name_(name) {
    // RTLD_LOCAL: nothing else is meant to find the library's symbols through kyso's.
    handle_ = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        const char* reason = ::dlerror();
        error_ = "cannot load " + name + ": " + (reason != nullptr ? reason : "unknown");
    }
}

void* ProcessLibrary::symbol(const char* symbol) const {
    return handle_ != nullptr ? ::dlsym(handle_, symbol) : nullptr;
}

std::string ProcessLibrary::missing() const {
    return missing_.empty() ? std::string() : name_ + " lacks " + missing_;
}

void* loadSymbol(const std::string& library, const char* symbol) {
    const ProcessLibrary loaded(library);
    if (!loaded.opened()) {
        throw Error(ErrorCode::Internal, loaded.error());
    }
    void* address = loaded.symbol(symbol);
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
