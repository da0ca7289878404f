#pragma once

#include <nlohmann/json.hpp>

#include "messaging/frame_writer.hpp"
#include "protocol/command.hpp"

namespace kyso {

// Sends protocol messages so that no frame exceeds 1 MiB: a message that would is split
// into "chunk" frames, and binary results go in "blob" frames (docs/protocol.md).
class Outbox {
  public:
    explicit Outbox(FrameWriter& writer) : writer_(writer) {}

    void send(const nlohmann::json& message);
    void sendBlob(const nlohmann::json& id, const OutputBlob& blob);

  private:
    FrameWriter& writer_;
};

// Text slices of the serialised message that fit a frame after JSON escaping (which at most
// doubles them: the text is already JSON, so only quotes and backslashes grow).
inline constexpr std::size_t kChunkTextBytes = 480 * 1024;
// Raw bytes per blob frame; base64 makes 699,052 characters of them.
inline constexpr std::size_t kBlobFrameBytes = 512 * 1024;

}  // namespace kyso
