#include "token/module_library.hpp"

#include <dlfcn.h>

#include <filesystem>

namespace kyso {

void ModuleLibrary::Closer::operator()(void* handle) const {
    dlclose(handle);
}

ModuleLibrary::ModuleLibrary(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        error_ = "module file not found: " + path;
        return;
    }
    // RTLD_LOCAL: a module's symbols must not satisfy another module's (two vendors' modules
    // often export the same internal names).
    dlerror();
    handle_.reset(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL));
    if (!handle_) {
        const char* why = dlerror();
        error_ = std::string("cannot load the module: ") + (why != nullptr ? why : path);
        return;
    }
    void* symbol = dlsym(handle_.get(), "C_GetFunctionList");
    if (symbol == nullptr) {
        error_ = "not a PKCS#11 module: it has no C_GetFunctionList";
        return;
    }
    auto getFunctionList = reinterpret_cast<CK_C_GetFunctionList>(symbol);
    CK_FUNCTION_LIST_PTR list = nullptr;
    if (getFunctionList(&list) != CKR_OK || list == nullptr) {
        error_ = "not a PKCS#11 module: C_GetFunctionList failed";
        return;
    }
    functions_ = list;
}

}  // namespace kyso
