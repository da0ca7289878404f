#include "token/module_discovery.hpp"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "token/p11kit_registry.hpp"

using namespace kyso;
namespace fs = std::filesystem;

namespace {

// A scratch tree standing in for /usr/share/p11-kit/modules, /etc/pkcs11/modules, the
// user's registry, the p11-kit module directory and vendor install locations.
struct Scratch {
    fs::path root = fs::temp_directory_path() /
                    ("kyso-discovery-" + std::to_string(getpid()) + "-" + std::to_string(++count));
    static inline int count = 0;

    Scratch() { fs::create_directories(root); }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    std::string write(const std::string& relative, const std::string& text = "x") const {
        const auto path = root / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path) << text;
        return path.string();
    }
    std::string path(const std::string& relative) const { return (root / relative).string(); }
};

std::vector<std::string> paths(const std::vector<ModuleSpec>& specs) {
    std::vector<std::string> out;
    for (const auto& spec : specs) {
        out.push_back(spec.path + " (" + spec.source + ")");
    }
    return out;
}

}  // namespace

TEST_CASE("a registry file names its module, relative names resolve against the module dir",
          "[token][discovery]") {
    using p11kit::moduleFromRegistryFile;
    const std::string dir = "/usr/lib/x86_64-linux-gnu/pkcs11";
    CHECK(moduleFromRegistryFile("module: opensc-pkcs11.so\n", dir) == dir + "/opensc-pkcs11.so");
    CHECK(moduleFromRegistryFile("# comment\n  module:   /opt/vnpt/libvnpt.so  \r\n", dir) ==
          "/opt/vnpt/libvnpt.so");
    CHECK_FALSE(moduleFromRegistryFile("remote: |ssh host p11-kit remote\n", dir));
    CHECK_FALSE(moduleFromRegistryFile("", dir));
    CHECK_FALSE(moduleFromRegistryFile("module:\n", dir));
}

TEST_CASE("registry rules that keep a module from kyso are honoured", "[token][discovery]") {
    using p11kit::moduleFromRegistryFile;
    const std::string dir = "/m";
    CHECK_FALSE(moduleFromRegistryFile("module: a.so\ndisable-in: kyso\n", dir));
    CHECK_FALSE(moduleFromRegistryFile("module: a.so\ndisable-in: firefox, kyso-host\n", dir));
    CHECK(moduleFromRegistryFile("module: a.so\ndisable-in: p11-kit-proxy\n", dir) == "/m/a.so");
    CHECK_FALSE(moduleFromRegistryFile("module: a.so\nenable-in: firefox thunderbird\n", dir));
    CHECK(moduleFromRegistryFile("module: a.so\nenable-in: firefox kyso\n", dir) == "/m/a.so");
    // kyso-something is not kyso.
    CHECK(moduleFromRegistryFile("module: a.so\ndisable-in: kyso-other\n", dir) == "/m/a.so");
}

TEST_CASE("p11-kit's own trust, proxy and client modules are never tried", "[token][discovery]") {
    using p11kit::moduleFromRegistryFile;
    CHECK_FALSE(moduleFromRegistryFile("module: p11-kit-trust.so\n", "/m"));
    CHECK_FALSE(moduleFromRegistryFile("module: /usr/lib/p11-kit-proxy.so\n", "/m"));
    CHECK_FALSE(moduleFromRegistryFile("module: p11-kit-client.so\n", "/m"));
}

TEST_CASE("discovery: config first, then the registry, then vendor files that exist, each once",
          "[token][discovery]") {
    Scratch s;
    const auto opensc = s.write("lib/pkcs11/opensc-pkcs11.so");
    const auto softhsm = s.write("lib/softhsm/libsofthsm2.so");
    fs::create_symlink(softhsm, s.path("lib/libsofthsm2-link.so"));
    const auto vendor = s.write("usr/lib/libeTPkcs11.so");
    s.write("share/modules/opensc.module", "module: opensc-pkcs11.so\n");
    s.write("share/modules/softhsm2.module", "module: " + softhsm + "\n");
    s.write("share/modules/trust.module", "module: p11-kit-trust.so\n");
    s.write("share/modules/gone.module", "module: " + s.path("lib/missing.so") + "\n");
    s.write("share/modules/not-a-module.txt", "module: " + vendor + "\n");
    // The system file of the same name replaces the packaged one, and the user's replaces both.
    s.write("etc/modules/opensc.module", "module: opensc-pkcs11.so\ndisable-in: kyso\n");
    s.write("home/modules/softhsm2.module", "module: " + s.path("lib/libsofthsm2-link.so") + "\n");

    ModuleLocations where;
    where.registryDirs = {s.path("share/modules"), s.path("etc/modules"), s.path("home/modules"),
                          s.path("no/such/dir")};
    where.registryModuleDir = s.path("lib/pkcs11");
    where.vendorModules = {{vendor, "SafeNet eToken", false},
                           {s.path("usr/lib/libvnptca_p11_v6.so"), "VNPT-CA", true},
                           {softhsm, "SoftHSM again", false}};

    ModuleSearch search;
    search.configuredPaths = {s.path("opt/mine.so"), opensc};
    const auto found = findModules(search, where);
    CHECK(paths(found) == std::vector<std::string>{
                              s.path("opt/mine.so") + " (config)",  // kept although missing
                              opensc + " (config)",
                              s.path("lib/libsofthsm2-link.so") + " (p11-kit)",
                              vendor + " (vendor)",
                          });

    search.discover = false;
    CHECK(paths(findModules(search, where)) ==
          std::vector<std::string>{s.path("opt/mine.so") + " (config)", opensc + " (config)"});
}

TEST_CASE("an oversized registry file is ignored", "[token][discovery]") {
    Scratch s;
    const auto module = s.write("lib/a.so");
    s.write("modules/big.module", "module: " + module + "\n" + std::string(100000, '#'));
    CHECK(p11kit::registeredModules({s.path("modules")}, s.path("lib")).empty());
}

TEST_CASE("the vendor tables know the Vietnamese CAs' modules on every platform",
          "[token][discovery]") {
    const auto has = [](const std::vector<VendorModule>& list, const std::string& vendor) {
        return std::any_of(list.begin(), list.end(),
                           [&](const VendorModule& m) { return m.vendor == vendor; });
    };
    const auto windows = windowsVendorModules();
    for (const char* vendor :
         {"VNPT-CA", "Viettel-CA", "FPT-CA", "BkavCA", "CA2", "NewCA", "SafeCert", "EFY-CA",
          "MISA-CA", "Feitian ePass2003", "SafeNet eToken", "bit4id xPKI (VGCA)"}) {
        CAPTURE(vendor);
        CHECK(has(windows, vendor));
    }
    for (const auto& m : windows) {
        CHECK(m.path.size() > 4);
        CHECK(m.path.compare(m.path.size() - 4, 4, ".dll") == 0);
    }
    CHECK(has(macosVendorModules(), "Viettel-CA"));
    const auto onLinux = linuxVendorModules();
    CHECK(has(onLinux, "OpenSC"));
    for (const auto& m : onLinux) {
        CHECK(m.path.front() == '/');
    }
    // The platform's own list is the Linux one here, with p11-kit's registry.
    const auto here = platformModuleLocations();
    CHECK(here.registryModuleDir == "/usr/lib/x86_64-linux-gnu/pkcs11");
    CHECK(here.registryDirs.at(0) == "/usr/share/p11-kit/modules");
    CHECK(here.registryDirs.size() == 3);
}
