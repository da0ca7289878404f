#pragma once

#include <string>

namespace kyso {

// How the process was started: browsers start native hosts with a fixed argument shape.
struct Launch {
    enum class By { Chromium, Firefox, CommandLine } by = By::CommandLine;
    std::string caller;  // chrome-extension://<id>/ or the Firefox add-on id
};

// Chromium passes "chrome-extension://<id>/" (and on Windows --parent-window=N); Firefox passes
// the manifest path and the add-on id. Anything else is the command line.
Launch detectLaunch(int argc, const char* const* argv);

}  // namespace kyso
