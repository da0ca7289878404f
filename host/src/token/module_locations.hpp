#pragma once

#include <string>
#include <vector>

// Where PKCS#11 modules live on each platform: the only platform-specific part of module
// discovery. A port to another system adds one module_locations_<os>.cpp that fills these
// lists; module_discovery.cpp stays the same.
namespace kyso {

// A module installed by a certificate authority's (or token maker's) own setup program.
struct VendorModule {
    std::string path;
    std::string vendor;      // "VNPT-CA", "Viettel-CA", ... for doctor and the diagnostic log
    bool bestGuess = false;  // the path is our reading of the vendor's installer, not verified
};

struct ModuleLocations {
    // p11-kit's module registry, in increasing precedence: a file in a later directory
    // replaces the file of the same name in an earlier one (as p11-kit itself does).
    std::vector<std::string> registryDirs;
    // Where a relative `module:` name in a registry file is looked up.
    std::string registryModuleDir;
    std::vector<VendorModule> vendorModules;
};

// The lists for the platform this host was built for.
ModuleLocations platformModuleLocations();

// The per-platform data, compiled on every platform so that it can be tested anywhere.
std::vector<VendorModule> linuxVendorModules();
std::vector<VendorModule> windowsVendorModules();  // bare DLL names, found on the DLL path
std::vector<VendorModule> macosVendorModules();

}  // namespace kyso
