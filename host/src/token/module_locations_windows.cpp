#include "token/module_locations.hpp"

namespace kyso {

// The module names of reference vn-signing-rules.md, as the CAs' installers register them
// (in System32, found on the DLL search path). A Windows port resolves them against
// %SystemRoot%\System32 and also reads the PKCS#11 paths the installers write to the registry.
std::vector<VendorModule> windowsVendorModules() {
    std::vector<VendorModule> modules;
    const struct {
        const char* vendor;
        std::vector<const char*> dlls;
    } table[] = {
        {"VNPT-CA",
         {"vnptca_p11_v10.dll", "vnptca_p11_v9.dll", "vnptca_p11_v8.dll", "vnptca_p11_v7.dll",
          "vnptca_p11_v6.dll"}},
        {"Viettel-CA",
         {"viettel-ca_v6.dll", "viettel-ca_v5.dll", "viettel-ca_v4.dll", "viettel-ca_v3.dll",
          "viettel-ca_v2.dll", "viettel-ca_v1.dll"}},
        {"FPT-CA", {"fptca_v4.dll", "fptca_v3.dll", "fpt-ca.dll"}},
        {"BkavCA", {"BkavCAv2S.dll", "BkavCA.dll"}},
        {"CA2", {"CA2_v34.dll"}},
        {"NewCA", {"nca_v6.dll", "nca_v4.dll", "newca_v4.dll"}},
        {"SafeCert", {"safe-ca.dll"}},
        {"EFY-CA", {"efy-ca_v1.dll"}},
        {"MISA-CA", {"misaca_csp11_v2.dll"}},
        {"Feitian ePass2003", {"eps2003csp11.dll", "ShuttleCsp11_3003.dll"}},
        {"SafeNet eToken", {"eTPKCS11.dll"}},
        {"bit4id xPKI (VGCA)", {"bit4xpki.dll"}},
        {"OpenSC", {"opensc-pkcs11.dll"}},
    };
    for (const auto& row : table) {
        for (const char* dll : row.dlls) {
            modules.push_back({dll, row.vendor, false});
        }
    }
    return modules;
}

#if defined(_WIN32)
ModuleLocations platformModuleLocations() {
    ModuleLocations locations;  // no p11-kit registry on Windows
    locations.vendorModules = windowsVendorModules();
    return locations;
}
#endif

}  // namespace kyso
