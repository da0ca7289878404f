#pragma once

#include <string>

namespace kyso::platform {

// A shared library opened for the life of the process: never closed, because what it hands
// out (keys, contexts, function tables) stays in use until exit. For libraries kyso-host loads
// on first use instead of linking (docs/performance.md). (POSIX: dlopen/dlsym; a Windows port
// adds LoadLibrary/GetProcAddress.)
class ProcessLibrary {
  public:
    // `name`: a SONAME or a path. If it cannot be opened, error() says why.
    explicit ProcessLibrary(const std::string& name);

    bool opened() const { return handle_ != nullptr; }
    const std::string& error() const { return error_; }  // "cannot load <name>: <reason>"

    // The address of `symbol`, nullptr if the library lacks it (or was not opened).
    void* symbol(const char* symbol) const;

    // Fills one entry of a function table; a missing symbol is remembered for missing().
    template <typename Function>
    void bind(const char* name, Function& slot) {
        slot = reinterpret_cast<Function>(symbol(name));
        if (slot == nullptr) {
            missing_ += missing_.empty() ? "" : ", ";
            missing_ += name;
        }
    }
    // "" if every bind() found its symbol, else "<name> lacks A, B".
    std::string missing() const;

  private:
    std::string name_;
    void* handle_ = nullptr;
    std::string error_;
    std::string missing_;
};

// Loads `library` for the life of the process and returns the address of `symbol` in it;
// throws kyso::Error INTERNAL naming the library and the loader's reason.
void* loadSymbol(const std::string& library, const char* symbol);

// The directory of the running executable, "" if it cannot be told.
std::string executableDirectory();

}  // namespace kyso::platform
