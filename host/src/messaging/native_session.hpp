#pragma once

#include <cstdio>

#include "commands/host_services.hpp"
#include "protocol/dispatcher.hpp"

namespace kyso {

// Serves one native messaging port: reads frames until stdin closes, answers every request
// (one at a time, in order), and returns the process exit status.
int serveNativeMessaging(std::FILE* in, std::FILE* out, const Dispatcher& dispatcher,
                         HostServices& services);

}  // namespace kyso
