#pragma once

#include <string>

namespace kyso {

// The diagnostic log for support staff: off unless configured (Config::logFile). Lines say
// what happened (commands, ids, error codes, modules, timings) and NEVER hold a PIN, a
// document, a hash or a signature.
void openDiagnosticLog(const std::string& path);
void diagnosticLog(const std::string& line);

}  // namespace kyso
