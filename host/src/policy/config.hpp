#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kyso {

// The host's settings: the user's configuration file merged under the IT department's system
// policy file (policy wins). Both are JSON; docs/configuration.md documents every key.
// The IT policy file exists but could not be read or parsed. kyso then refuses every origin
// (POLICY_ERROR): a policy that is not understood must not silently drop IT's denies.
struct BrokenPolicy {
    std::string path;
    std::string reason;  // plain words for doctor: "permission denied", "line 3: ..."
};

struct Config {
    // PKCS#11 modules named explicitly (tried first), and whether to look for others in
    // p11-kit's registry and the known vendor locations.
    std::vector<std::string> pkcs11Modules;
    bool discoverModules = true;

    std::string pinentry;  // empty: find one (prompt/pinentry_locator)
    int dialogTimeoutSeconds = 120;
    std::string defaultLanguage = "vi";

    // Origins: only https, except http://localhost and 127.0.0.1 when this developer setting
    // is on. IT policy may allow only listed origins and may deny origins; patterns are
    // origins or "https://*.example.vn" (any subdomain), with a port only to match just that
    // port (policy/origin.hpp, OriginPattern).
    bool allowInsecureLocalhost = false;
    std::vector<std::string> allowedOrigins;  // empty: any https origin
    std::vector<std::string> deniedOrigins;
    // Origins that may have a digest of their own choosing signed (signHash, signHashes): read
    // only from the IT policy, since such a digest can be another site's login
    // (policy/operation_policy.hpp). The user's file cannot grant it.
    std::vector<std::string> hashSigningOrigins;

    std::size_t maxRequestBytes = 256U * 1024U * 1024U;
    // Blobs whose request has not come this long after their last part are dropped.
    int blobExpirySeconds = 60;
    // After three cancelled dialogs in a row a site waits this long (doubling per further
    // cancel, up to 600 s) before it may show another (messaging/cancel_backoff.hpp).
    int cancelBackoffSeconds = 30;

    // Refuse to sign PDFs with scripts or actions (DOCUMENT_REFUSED) instead of warning in the
    // dialog. true in either file wins: it only narrows, so the user may set it, IT's cannot be
    // undone by the user.
    bool refuseActiveContent = false;

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
    std::vector<std::string> problems;         // unreadable or malformed files (reported)
    std::optional<BrokenPolicy> brokenPolicy;  // set: every origin is refused
};

// Where the files are looked for (platform/paths.hpp). The user's file may be moved with env
// KYSO_CONFIG (or the CLI's --config): it is the user's own. The system policy is read from the
// system location only: the user's environment must not replace IT's policy. Builds with the
// CMake option KYSO_TEST_HOOKS (test builds, never the package) honour env KYSO_POLICY so that
// tests can give each host its own policy.
std::string systemPolicyPath();
std::string userConfigPath();
// Whether this build honours KYSO_POLICY (doctor says so: such a build must not be installed).
bool policyPathFromEnvironment();

// Reads both files. A missing file is fine. A malformed user file is reported in `problems`
// and ignored, so a typo never takes signing down (doctor shows it). A policy file that exists
// but cannot be read or parsed (or has a key of the wrong type) sets `brokenPolicy`: kyso
// then fails closed and refuses every origin.
Config loadConfig();

// Applies one JSON document's keys onto `config`. `fromPolicy` marks the IT policy, whose
// origin lists and switches cannot be widened by the user's file.
void applyConfigJson(Config& config, const std::string& text, bool fromPolicy);

}  // namespace kyso
