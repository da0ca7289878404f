#include "messaging/frame_reader.hpp"

#include <array>
#include <cstring>

namespace kyso {

bool FrameReader::readExactly(char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        const std::size_t got = std::fread(data + done, 1, size - done, in_);
        if (got == 0) {
            return false;
        }
        done += got;
    }
    return true;
}

bool FrameReader::skip(std::size_t size) {
    std::array<char, 64 * 1024> sink{};
    while (size > 0) {
        const std::size_t want = std::min(size, sink.size());
        if (!readExactly(sink.data(), want)) {
            return false;
        }
        size -= want;
    }
    return true;
}

FrameReader::Result FrameReader::next() {
    Result result;
    std::array<char, 4> header{};
    const std::size_t got = std::fread(header.data(), 1, header.size(), in_);
    if (got == 0) {
        result.status = Status::End;
        return result;
    }
    if (got < header.size() && !readExactly(header.data() + got, header.size() - got)) {
        result.status = Status::Truncated;
        return result;
    }
    std::uint32_t length = 0;
    std::memcpy(&length, header.data(), sizeof(length));  // native byte order, per the spec
    result.declaredLength = length;
    if (length > maxFrameBytes_) {
        result.status = skip(length) ? Status::TooLarge : Status::Truncated;
        return result;
    }
    result.payload.resize(length);
    if (!readExactly(result.payload.data(), length)) {
        result.payload.clear();
        result.status = Status::Truncated;
        return result;
    }
    result.status = Status::Frame;
    return result;
}

}  // namespace kyso
