// The output side of the framing over a real pipe: nothing over 1 MiB ever leaves the host,
// and what was split reassembles to exactly what was meant.
#include "messaging/outbox.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <thread>

#include "core/bytes.hpp"
#include "messaging/frame_reader.hpp"

using namespace kyso;
using nlohmann::json;

namespace {

// Runs `produce` writing into a pipe and returns every frame read from the other end.
template <typename Produce>
std::vector<std::string> framesFrom(Produce produce) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::FILE* out = fdopen(fds[1], "wb");
    std::FILE* in = fdopen(fds[0], "rb");
    std::thread writer([&] {
        FrameWriter frameWriter(out);
        Outbox outbox(frameWriter);
        produce(outbox);
        std::fclose(out);
    });
    std::vector<std::string> frames;
    FrameReader reader(in, 64 * 1024 * 1024);  // read whatever comes, then check sizes
    for (auto frame = reader.next(); frame.status == FrameReader::Status::Frame;
         frame = reader.next()) {
        frames.push_back(frame.payload);
    }
    writer.join();
    std::fclose(in);
    return frames;
}

}  // namespace

TEST_CASE("small messages go in one frame", "[unit][messaging]") {
    const auto frames = framesFrom([](Outbox& outbox) {
        outbox.send({{"type", "result"}, {"id", "1"}, {"result", {{"ok", true}}}});
    });
    REQUIRE(frames.size() == 1);
    CHECK(json::parse(frames[0])["result"]["ok"] == true);
}

TEST_CASE("a message over 1 MiB is chunked and reassembles exactly", "[unit][messaging]") {
    // Quotes and backslashes double when escaped; Vietnamese text is multi-byte UTF-8: both
    // stress the slicing.
    std::string text;
    while (text.size() < 3 * 1024 * 1024) {
        text += "Nguyễn Thị \"Lấp Lánh\" \\Ánh ";
    }
    const json message{{"type", "result"}, {"id", "big"}, {"result", {{"text", text}}}};
    const auto frames = framesFrom([&](Outbox& outbox) { outbox.send(message); });
    REQUIRE(frames.size() > 3);
    std::string joined;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        CHECK(frames[i].size() <= kMaxFrameBytes);
        const auto chunk = json::parse(frames[i]);
        CHECK(chunk["type"] == "chunk");
        CHECK(chunk["id"] == "big");
        CHECK(chunk["seq"] == i);
        CHECK(chunk["last"] == (i + 1 == frames.size()));
        joined += chunk["data"].get<std::string>();
    }
    CHECK(json::parse(joined) == message);
}

TEST_CASE("binary results go in blob frames under the limit", "[unit][messaging]") {
    auto head = std::make_shared<const Bytes>(1500000, std::uint8_t{0xAB});
    Bytes tailBytes(70000);
    for (std::size_t i = 0; i < tailBytes.size(); ++i) {
        tailBytes[i] = static_cast<std::uint8_t>(i);
    }
    auto tail = std::make_shared<const Bytes>(tailBytes);
    OutputBlob blob{"document", {head, tail}};
    const auto frames = framesFrom([&](Outbox& outbox) { outbox.sendBlob("7", blob); });
    REQUIRE(frames.size() == 3);  // 1,570,000 bytes in 512 KiB frames
    Bytes joined;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        CHECK(frames[i].size() <= kMaxFrameBytes);
        const auto frame = json::parse(frames[i]);
        CHECK(frame["type"] == "blob");
        CHECK(frame["blob"] == "document");
        CHECK(frame["seq"] == i);
        CHECK(frame["last"] == (i + 2 == frames.size() + 1));
        const auto part = base64Decode(frame["data"].get<std::string>(), "data");
        joined.insert(joined.end(), part.begin(), part.end());
    }
    CHECK(json::parse(frames[0])["size"] == 1570000);
    Bytes expected(*head);
    expected.insert(expected.end(), tail->begin(), tail->end());
    CHECK(joined == expected);
}

TEST_CASE("an empty blob is one final frame", "[unit][messaging]") {
    OutputBlob blob{"empty", {std::make_shared<const Bytes>()}};
    const auto frames = framesFrom([&](Outbox& outbox) { outbox.sendBlob(1, blob); });
    REQUIRE(frames.size() == 1);
    CHECK(json::parse(frames[0])["last"] == true);
    CHECK(json::parse(frames[0])["data"] == "");
}
