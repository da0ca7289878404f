#include "cli/launch.hpp"

namespace kyso {
namespace {

bool startsWith(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

bool endsWith(const std::string& text, const char* suffix) {
    const std::string tail(suffix);
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

Launch detectLaunch(int argc, const char* const* argv) {
    Launch launch;
    if (argc >= 2 && startsWith(argv[1], "chrome-extension://")) {
        launch.by = Launch::By::Chromium;
        launch.caller = argv[1];
    } else if (argc == 3 && endsWith(argv[1], ".json") && !startsWith(argv[2], "-")) {
        launch.by = Launch::By::Firefox;
        launch.caller = argv[2];
    }
    return launch;
}

}  // namespace kyso
