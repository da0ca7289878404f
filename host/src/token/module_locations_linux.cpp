#include <cstdlib>
#include <string>

#include "token/module_locations.hpp"

namespace kyso {

// Vietnamese CAs ship Linux middleware far less often than Windows DLLs; the entries marked
// bestGuess come from the installers' usual layout (a vendor directory under /usr/lib, or
// the SafeNet/Feitian library names) and have not been checked against every release.
// Only files that exist are ever tried, so a wrong guess costs nothing.
std::vector<VendorModule> linuxVendorModules() {
    return {
        // OpenSC reads many Feitian ePass2003 tokens sold by commercial CAs (reference:
        // vn-signing-rules.md); Debian's opensc-pkcs11 package installs it here.
        {"/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "OpenSC", false},
        {"/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so", "OpenSC", false},
        // SafeNet Authentication Client (eToken), used under several CA brands.
        {"/usr/lib/libeTPkcs11.so", "SafeNet eToken", false},
        {"/usr/lib64/libeTPkcs11.so", "SafeNet eToken", false},
        // bit4id xPKI, the middleware of VGCA (Ban Co yeu) TokenME tokens.
        {"/usr/lib/libbit4xpki.so", "bit4id xPKI (VGCA)", false},
        {"/usr/lib/bit4id/libbit4xpki.so", "bit4id xPKI (VGCA)", true},
        // Feitian ePass2003 vendor package (the tokens of FPT-CA, NewCA, SafeCert, ...).
        {"/usr/lib/ePass2003-Linux-x64/x86_64/redist/libcastle.so.1.0.0", "Feitian ePass2003",
         true},
        {"/usr/lib/libcastle.so.1.0.0", "Feitian ePass2003", true},
        {"/usr/lib/libcastle.so", "Feitian ePass2003", true},
        {"/usr/lib/libshuttle_p11v220.so", "Feitian ePass (Shuttle)", true},
        // CA brands that publish Linux builds of their own module names (the Windows names
        // of reference vn-signing-rules.md with the Linux prefix and suffix).
        {"/usr/lib/libvnptca_p11_v6.so", "VNPT-CA", true},
        {"/usr/lib/vnpt-ca/libvnptca_p11.so", "VNPT-CA", true},
        {"/usr/lib/libviettel-ca_v6.so", "Viettel-CA", true},
        {"/usr/lib/viettel-ca/libviettel-ca.so", "Viettel-CA", true},
        {"/usr/lib/libfptca_v4.so", "FPT-CA", true},
        {"/usr/lib/libBkavCA.so", "BkavCA", true},
        {"/usr/lib/libCA2_v34.so", "CA2", true},
        {"/usr/lib/libnewca_v4.so", "NewCA", true},
        {"/usr/lib/libsafe-ca.so", "SafeCert", true},
        {"/usr/lib/libefy-ca_v1.so", "EFY-CA", true},
        {"/usr/lib/libmisaca_p11_v2.so", "MISA-CA", true},
    };
}

#if defined(__linux__)
ModuleLocations platformModuleLocations() {
    ModuleLocations locations;
    locations.registryDirs = {"/usr/share/p11-kit/modules", "/etc/pkcs11/modules"};
    // p11-kit reads the user's own registry from $XDG_CONFIG_HOME/pkcs11/modules, which is
    // ~/.config/pkcs11/modules unless the user moved it.
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
        locations.registryDirs.push_back(std::string(xdg) + "/pkcs11/modules");
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
        locations.registryDirs.push_back(std::string(home) + "/.config/pkcs11/modules");
    }
    locations.registryModuleDir = "/usr/lib/x86_64-linux-gnu/pkcs11";
    locations.vendorModules = linuxVendorModules();
    return locations;
}
#endif

}  // namespace kyso
