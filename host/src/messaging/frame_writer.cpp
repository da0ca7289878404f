#include "messaging/frame_writer.hpp"

#include <cstdint>

#include "core/error.hpp"

namespace kyso {

void FrameWriter::write(std::string_view frame) {
    if (frame.size() > kMaxFrameBytes) {
        throw Error(ErrorCode::Internal, "refusing to write a frame over 1 MiB");
    }
    const auto length = static_cast<std::uint32_t>(frame.size());
    std::lock_guard<std::mutex> lock(mutex_);
    const bool ok = std::fwrite(&length, sizeof(length), 1, out_) == 1 &&
                    std::fwrite(frame.data(), 1, frame.size(), out_) == frame.size() &&
                    std::fflush(out_) == 0;
    if (!ok) {
        throw PortClosed();
    }
}

}  // namespace kyso
