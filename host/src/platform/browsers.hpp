#pragma once

#include <string>
#include <vector>

namespace kyso::platform {

inline constexpr const char* kHostName = "vn.kyso.host";
// The extension's fixed ids (extension/README.md): Chromium derives its id from the manifest
// "key"; Firefox uses the gecko id.
inline constexpr const char* kChromiumExtensionId = "oijnpmobckhjdjckckgimbcekkldpaka";
inline constexpr const char* kFirefoxExtensionId = "kyso@kyso.vn";

enum class ManifestKind { Chromium, Firefox };

// A place where a browser looks for native messaging host manifests.
struct ManifestLocation {
    std::string browser;  // "Chromium", "Google Chrome", "Microsoft Edge", "Firefox"
    ManifestKind kind;
    std::string directory;
    bool systemWide;
};

// Every location this platform's browsers read, system-wide and for the current user.
std::vector<ManifestLocation> manifestLocations();

}  // namespace kyso::platform
