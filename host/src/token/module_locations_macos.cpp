#include "token/module_locations.hpp"

namespace kyso {

// The macOS names of reference vn-signing-rules.md. The CAs' installers put them in
// /usr/local/lib; that directory is our best guess for where, not a verified fact.
std::vector<VendorModule> macosVendorModules() {
    return {
        {"/usr/local/lib/viettel-ca_v6.dylib", "Viettel-CA", true},
        {"/usr/local/lib/viettel-ca_v5.dylib", "Viettel-CA", true},
        {"/usr/local/lib/viettel-ca_v4.dylib", "Viettel-CA", true},
        {"/usr/local/lib/fptca_v4.dylib", "FPT-CA", true},
        {"/usr/local/lib/fptca_v3.dylib", "FPT-CA", true},
        {"/usr/local/lib/nca_v6.dylib", "NewCA", true},
        {"/Library/OpenSC/lib/opensc-pkcs11.so", "OpenSC", false},
        {"/usr/local/lib/libeTPkcs11.dylib", "SafeNet eToken", false},
        {"/usr/local/lib/libbit4xpki.dylib", "bit4id xPKI (VGCA)", true},
    };
}

#if defined(__APPLE__)
ModuleLocations platformModuleLocations() {
    ModuleLocations locations;
    // Homebrew's p11-kit keeps its registry under its own prefix.
    locations.registryDirs = {"/opt/homebrew/share/p11-kit/modules",
                              "/opt/homebrew/etc/pkcs11/modules"};
    locations.registryModuleDir = "/opt/homebrew/lib/pkcs11";
    locations.vendorModules = macosVendorModules();
    return locations;
}
#endif

}  // namespace kyso
