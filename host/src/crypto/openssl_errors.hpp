#pragma once

#include <string>

namespace kyso {

// Empties OpenSSL's error queue of this thread into one line ("reason (detail); reason"), so
// an error message can say what OpenSSL saw and the next operation starts with a clean queue.
std::string takeOpenSslErrors();

}  // namespace kyso
