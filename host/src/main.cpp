// kyso-host: decides between native messaging (started by a browser) and the command line.
#include <cstdio>

#include "cli/cli.hpp"
#include "cli/host_app.hpp"
#include "cli/launch.hpp"
#include "core/log.hpp"
#include "messaging/native_session.hpp"
#include "platform/paths.hpp"

int main(int argc, char** argv) {
    const auto launch = kyso::detectLaunch(argc, argv);
    if (launch.by == kyso::Launch::By::CommandLine) {
        return kyso::runCli(argc, argv);
    }
    kyso::platform::setBinaryStdio();
    auto config = kyso::loadConfig();
    kyso::openDiagnosticLog(config.logFile);
    kyso::diagnosticLog("started by " + launch.caller);
    auto prompter = kyso::makeConfiguredPrompter(config);
    kyso::HostApp app(std::move(config), std::move(prompter));
    return kyso::serveNativeMessaging(stdin, stdout, app.dispatcher(), app.services());
}
