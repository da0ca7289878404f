#pragma once

#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string_view>

namespace kyso {

// Largest frame either browser accepts from a host (browser-e2e.md): 1 MiB of JSON.
inline constexpr std::size_t kMaxFrameBytes = 1024 * 1024;

// The browser closed its end: the host has no one left to answer and exits.
class PortClosed : public std::runtime_error {
  public:
    PortClosed() : std::runtime_error("the browser closed the native messaging port") {}
};

// Writes native messaging frames. Thread-safe: a frame is written whole or not at all
// relative to other writers (progress events may come from another thread).
class FrameWriter {
  public:
    explicit FrameWriter(std::FILE* out) : out_(out) {}

    // Throws kyso::Error INTERNAL for a frame over kMaxFrameBytes (callers chunk first) and
    // PortClosed when the stream is gone.
    void write(std::string_view frame);

  private:
    std::FILE* out_;
    std::mutex mutex_;
};

}  // namespace kyso
