#include "messaging/outbox.hpp"

#include <algorithm>

namespace kyso {
namespace {

// Never cut inside a UTF-8 sequence: back off over continuation bytes.
std::size_t utf8Boundary(const std::string& text, std::size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U) {
        --at;
    }
    return at;
}

}  // namespace

void Outbox::send(const nlohmann::json& message) {
    // Token labels and certificate fields come from hardware: replace invalid UTF-8 rather
    // than fail the whole reply.
    const std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= kMaxFrameBytes) {
        writer_.write(text);
        return;
    }
    const auto id = message.value("id", nlohmann::json(nullptr));
    std::size_t offset = 0;
    for (std::uint64_t seq = 0; offset < text.size(); ++seq) {
        const std::size_t end = utf8Boundary(text, std::min(text.size(), offset + kChunkTextBytes));
        const bool last = end == text.size();
        const nlohmann::json chunk{{"type", "chunk"},
                                   {"id", id},
                                   {"seq", seq},
                                   {"last", last},
                                   {"data", text.substr(offset, end - offset)}};
        writer_.write(chunk.dump());
        offset = end;
    }
}

void Outbox::sendBlob(const nlohmann::json& id, const OutputBlob& blob) {
    const std::size_t total = blob.size();
    Bytes frameBytes;
    frameBytes.reserve(std::min(total, kBlobFrameBytes));
    std::uint64_t seq = 0;
    std::size_t sent = 0;
    // The frame's text is put together here rather than by dump(), which escapes the base64
    // text byte by byte (a quarter of a 100 MB document's round trip); base64 needs none.
    const std::string head = "{\"type\":\"blob\",\"id\":" + id.dump() +
                             ",\"blob\":" + nlohmann::json(blob.name).dump() + ",\"seq\":";
    auto flush = [&](bool last) {
        std::string frame = head + std::to_string(seq) + ",\"last\":" + (last ? "true" : "false");
        if (seq == 0) {
            frame += ",\"size\":" + std::to_string(total);
        }
        frame += ",\"data\":\"" + base64Encode(frameBytes) + "\"}";
        writer_.write(frame);
        sent += frameBytes.size();
        frameBytes.clear();
        ++seq;
    };
    for (const auto& part : blob.parts) {
        std::size_t offset = 0;
        while (offset < part->size()) {
            const std::size_t take =
                std::min(part->size() - offset, kBlobFrameBytes - frameBytes.size());
            frameBytes.insert(frameBytes.end(), part->begin() + static_cast<std::ptrdiff_t>(offset),
                              part->begin() + static_cast<std::ptrdiff_t>(offset + take));
            offset += take;
            if (frameBytes.size() == kBlobFrameBytes && sent + frameBytes.size() < total) {
                flush(false);
            }
        }
    }
    flush(true);
}

}  // namespace kyso
