#include <cstdlib>

#include "platform/browsers.hpp"

namespace kyso::platform {

// Linux locations (shared/reference/browser-e2e.md). Windows uses registry keys instead and
// gets its own browsers_windows.cpp.
std::vector<ManifestLocation> manifestLocations() {
    const char* homeEnv = std::getenv("HOME");
    const std::string home = homeEnv != nullptr ? homeEnv : "";
    return {
        {"Chromium", ManifestKind::Chromium, "/etc/chromium/native-messaging-hosts", true},
        {"Google Chrome", ManifestKind::Chromium, "/etc/opt/chrome/native-messaging-hosts", true},
        {"Microsoft Edge", ManifestKind::Chromium, "/etc/opt/edge/native-messaging-hosts", true},
        {"Firefox", ManifestKind::Firefox, "/usr/lib/mozilla/native-messaging-hosts", true},
        {"Chromium", ManifestKind::Chromium, home + "/.config/chromium/NativeMessagingHosts",
         false},
        {"Google Chrome", ManifestKind::Chromium,
         home + "/.config/google-chrome/NativeMessagingHosts", false},
        {"Microsoft Edge", ManifestKind::Chromium,
         home + "/.config/microsoft-edge/NativeMessagingHosts", false},
        {"Firefox", ManifestKind::Firefox, home + "/.mozilla/native-messaging-hosts", false},
    };
}

}  // namespace kyso::platform
