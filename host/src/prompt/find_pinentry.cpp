#include <boost/filesystem/path.hpp>
#include <boost/process/search_path.hpp>
#include <cstdlib>

#include "prompt/prompter.hpp"

namespace kyso {

std::string findPinentry(const std::string& configured) {
    const char* override = std::getenv("KYSO_PINENTRY");
    if (override != nullptr && *override != '\0') {
        return override;
    }
    if (!configured.empty()) {
        return configured;
    }
    // Debian's `pinentry` is an alternative pointing at the best installed one; then desktop
    // pinentries before terminal ones, since the host usually runs without a terminal.
    for (const char* name : {"pinentry", "pinentry-gnome3", "pinentry-qt", "pinentry-gtk-2",
                             "pinentry-curses", "pinentry-tty"}) {
        boost::filesystem::path found = boost::process::search_path(name);
        if (!found.empty()) {
            return found.string();
        }
    }
    return "";
}

}  // namespace kyso
