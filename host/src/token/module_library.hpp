#pragma once

#include <memory>
#include <string>

#include "token/pkcs11_api.hpp"

namespace kyso {

// Our own handle on a module's shared library, opened before libp11 loads the same file.
// It serves two purposes: a precise reason when a file is no PKCS#11 module (libp11 only
// says "load module error"), and the module's function list for the few calls libp11 keeps
// private (fresh token flags, CKA_ALWAYS_AUTHENTICATE). The dynamic loader hands libp11 the
// very same loaded library, so both talk to one initialised module.
class ModuleLibrary {
  public:
    // Throws nothing; check error().
    explicit ModuleLibrary(const std::string& path);

    const std::string& error() const { return error_; }
    // Valid while this object lives and the module is initialised (by libp11).
    CK_FUNCTION_LIST* functions() const { return functions_; }

  private:
    struct Closer {
        void operator()(void* handle) const;
    };
    std::unique_ptr<void, Closer> handle_;
    CK_FUNCTION_LIST* functions_ = nullptr;
    std::string error_;
};

}  // namespace kyso
