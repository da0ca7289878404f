#include "core/log.hpp"

#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/time_format.hpp"

namespace kyso {
namespace {

struct FileCloser {
    // The unique_ptr below is the owner; clang-tidy cannot see that through a C FILE*.
    void operator()(std::FILE* file) const { std::fclose(file); }  // NOLINT(*-owning-memory)
};

std::mutex logMutex;
std::unique_ptr<std::FILE, FileCloser> logFile;

}  // namespace

void openDiagnosticLog(const std::string& path) {
    std::lock_guard<std::mutex> lock(logMutex);
    logFile.reset(path.empty() ? nullptr : std::fopen(path.c_str(), "a"));
}

void diagnosticLog(const std::string& line) {
    std::lock_guard<std::mutex> lock(logMutex);
    if (!logFile) {
        return;
    }
    std::fprintf(logFile.get(), "%s %s\n", isoLocalTime(std::time(nullptr)).c_str(), line.c_str());
    std::fflush(logFile.get());
}

}  // namespace kyso
