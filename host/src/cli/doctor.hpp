#pragma once

#include <ostream>

#include "policy/config.hpp"

namespace kyso {

// What IT runs to see what this machine has and what is wrong: configuration, PKCS#11
// modules and tokens, browser registrations, pinentry. Each problem comes with a fix.
// Returns 0 when nothing is wrong, 1 otherwise.
int runDoctor(const Config& config, std::ostream& out);

}  // namespace kyso
