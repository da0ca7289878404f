#include "token/module_discovery.hpp"

#include <filesystem>
#include <set>

#include "token/p11kit_registry.hpp"

namespace kyso {
namespace {

// The identity of a module file: its real path when it exists (symlinks such as
// /usr/lib/softhsm/libsofthsm2.so and the p11-kit registry's path meet there).
std::string identityOf(const std::string& path) {
    std::error_code ec;
    auto real = std::filesystem::canonical(path, ec);
    return ec ? path : real.string();
}

bool isRegularFile(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

class ModuleList {
  public:
    void add(const std::string& path, const char* source) {
        if (seen_.insert(identityOf(path)).second) {
            list_.push_back({path, source});
        }
    }
    std::vector<ModuleSpec> take() { return std::move(list_); }

  private:
    std::set<std::string> seen_;
    std::vector<ModuleSpec> list_;
};

}  // namespace

std::vector<ModuleSpec> findModules(const ModuleSearch& search, const ModuleLocations& where) {
    ModuleList modules;
    for (const auto& path : search.configuredPaths) {
        modules.add(path, "config");
    }
    if (!search.discover) {
        return modules.take();
    }
    for (const auto& path :
         p11kit::registeredModules(where.registryDirs, where.registryModuleDir)) {
        if (isRegularFile(path)) {
            modules.add(path, "p11-kit");
        }
    }
    for (const auto& vendor : where.vendorModules) {
        if (isRegularFile(vendor.path)) {
            modules.add(vendor.path, "vendor");
        }
    }
    return modules.take();
}

}  // namespace kyso
