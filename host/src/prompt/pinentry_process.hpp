#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/secure_string.hpp"

namespace kyso {

// One running pinentry program and the two pipes to it: the only platform-specific part of
// the prompt room. Every read and write has a deadline; the child is always reaped.
class PinentryProcess {
  public:
    using Clock = std::chrono::steady_clock;

    // Longest line accepted from the program (Assuan's 1000 bytes, plus CR/LF).
    static constexpr std::size_t kMaxLineBytes = 1002;

    // Starts `program` (a path, or a name looked up on PATH) with its stdin and stdout
    // connected to us and its stderr discarded. Throws PROMPT_FAILED when it cannot start.
    explicit PinentryProcess(const std::string& program);
    PinentryProcess(const PinentryProcess&) = delete;
    PinentryProcess& operator=(const PinentryProcess&) = delete;
    // Ends the program if it still runs (finish with no grace).
    ~PinentryProcess();

    // Sends `line` and a LF. Throws PROMPT_FAILED if the program closed its input, TIMEOUT if
    // it does not take the bytes before `deadline`.
    void writeLine(std::string_view line, Clock::time_point deadline);

    enum class ReadResult { Line, Closed, TimedOut, Stopped };
    // Reads one line into `line` (without CR/LF; the old content is wiped). The bytes pass only
    // through SecureString buffers that never reallocate, since a line may hold the PIN.
    // Stopped: `stopFd` (if >= 0) became readable first. Throws PROMPT_FAILED for a line that
    // is too long.
    ReadResult readLine(SecureString& line, Clock::time_point deadline, int stopFd = -1);

    // Closes our end of its stdin, waits up to `grace` for it to exit, then asks it to end
    // (SIGTERM, so a curses pinentry can restore the terminal), then kills it. Always reaps.
    void finish(std::chrono::milliseconds grace);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;  // keeps Boost.Process out of every other file
};

}  // namespace kyso
