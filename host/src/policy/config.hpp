#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kyso {

// The host's settings: the user's configuration file merged under the IT department's system
// policy file (policy wins). Both are JSON; docs/configuration.md documents every key.
struct Config {
    // PKCS#11 modules named explicitly (tried first), and whether to look for others in
    // p11-kit's registry and the known vendor locations.
    std::vector<std::string> pkcs11Modules;
    bool discoverModules = true;

    std::string pinentry;  // empty: find one (prompt/pinentry_locator)
    int dialogTimeoutSeconds = 120;
    std::string defaultLanguage = "vi";

    // Origins: only https, except http://localhost and 127.0.0.1 when this developer setting
    // is on. IT policy may allow only listed origins and may deny origins; patterns are exact
    // origins or "https://*.example.vn" (any subdomain).
    bool allowInsecureLocalhost = false;
    std::vector<std::string> allowedOrigins;  // empty: any https origin
    std::vector<std::string> deniedOrigins;

    std::size_t maxRequestBytes = 256U * 1024U * 1024U;
    // Blobs whose request has not come this long after their last part are dropped.
    int blobExpirySeconds = 60;
    // After three cancelled dialogs in a row a site waits this long (doubling per further
    // cancel, up to 600 s) before it may show another (messaging/cancel_backoff.hpp).
    int cancelBackoffSeconds = 30;

    // Signature time-stamps (PAdES B-T): the TSA's URL (the CA's own, e.g. VGCA's), how long
    // to wait for it, and PEM files of CA certificates to embed in signatures when the token
    // holds only the signer's certificate.
    std::string tsaUrl;
    int tsaTimeoutSeconds = 30;
    std::vector<std::string> chainCertificates;

    // Diagnostic log for support staff: off unless a path is given. Never holds a PIN or
    // document content.
    std::string logFile;

    // Where the settings came from, for doctor and status.
    std::vector<std::string> loadedFiles;
    std::vector<std::string> problems;  // unreadable or malformed files (reported, not fatal)
};

// Where the files are looked for: env KYSO_POLICY / KYSO_CONFIG override the platform paths
// (platform/paths.hpp), which lets tests and developers point at their own files.
std::string systemPolicyPath();
std::string userConfigPath();

// Reads both files. A missing file is fine; a malformed one is reported in `problems` and
// ignored, so a typo never takes signing down (doctor shows it).
Config loadConfig();

// Applies one JSON document's keys onto `config`. `fromPolicy` marks the IT policy, whose
// origin lists and switches cannot be widened by the user's file.
void applyConfigJson(Config& config, const std::string& text, bool fromPolicy);

}  // namespace kyso
