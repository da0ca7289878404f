#pragma once

namespace kyso {

// The command-line front: `kyso-host --help`. Returns the process exit status:
// 0 success, 1 the operation failed (the error is printed), 2 wrong usage.
int runCli(int argc, char** argv);

}  // namespace kyso
