#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace kyso {

// Reads native messaging frames: a uint32 length in native byte order, then that many bytes.
class FrameReader {
  public:
    enum class Status {
        Frame,      // payload holds one complete frame
        End,        // the stream closed cleanly between frames
        Truncated,  // the stream closed inside a frame
        TooLarge,   // the declared length exceeds the limit; its bytes were skipped
    };
    struct Result {
        Status status = Status::End;
        std::string payload;
        std::uint32_t declaredLength = 0;
    };

    FrameReader(std::FILE* in, std::size_t maxFrameBytes)
        : in_(in), maxFrameBytes_(maxFrameBytes) {}

    // Blocks until a frame, the end of the stream, or an error. Memory stays bounded by
    // maxFrameBytes: an oversized frame is read and discarded in small pieces, so the stream
    // stays in sync and the host can answer TOO_LARGE and go on.
    Result next();

  private:
    bool readExactly(char* data, std::size_t size);
    bool skip(std::size_t size);

    std::FILE* in_;
    std::size_t maxFrameBytes_;
};

}  // namespace kyso
