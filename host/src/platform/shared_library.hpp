#pragma once

#include <string>

namespace kyso::platform {

// Loads a shared library for the life of the process and returns the address of `symbol` in
// it; throws kyso::Error INTERNAL naming the library and the loader's reason. (POSIX:
// dlopen/dlsym; a Windows port adds LoadLibrary/GetProcAddress.)
void* loadSymbol(const std::string& library, const char* symbol);

// The directory of the running executable, "" if it cannot be told.
std::string executableDirectory();

}  // namespace kyso::platform
