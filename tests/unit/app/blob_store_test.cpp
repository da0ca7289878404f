#include "messaging/blob_store.hpp"

#include <catch2/catch.hpp>

using namespace kyso;
using nlohmann::json;

TEST_CASE("blobs assemble in order and are freed with their request", "[unit][messaging]") {
    BlobStore store(2 * 1024 * 1024);
    store.accept({{"type", "blob"},
                  {"id", "r"},
                  {"blob", "doc"},
                  {"seq", 0},
                  {"data", "aGVs"},
                  {"size", 5}});
    CHECK(store.complete("r", "doc") == nullptr);  // not complete yet
    store.accept({{"type", "blob"},
                  {"id", "r"},
                  {"blob", "doc"},
                  {"seq", 1},
                  {"data", "bG8="},
                  {"last", true}});
    const auto data = store.complete("r", "doc");
    REQUIRE(data);
    CHECK(std::string(data->begin(), data->end()) == "hello");
    CHECK(store.heldBytes() == 5);
    store.release("r");
    CHECK(store.heldBytes() == 0);
    CHECK(store.complete("r", "doc") == nullptr);
}

TEST_CASE("bad blob frames fail their request, not the host", "[unit][messaging]") {
    BlobStore store(1024 * 1024);
    CHECK_THROWS_AS(store.accept({{"type", "blob"}, {"blob", "x"}, {"seq", 0}, {"data", ""}}),
                    Error);
    store.accept({{"type", "blob"}, {"id", "a"}, {"blob", "x"}, {"seq", 1}, {"data", "AAAA"}});
    REQUIRE(store.failureFor("a"));
    CHECK(store.failureFor("a")->code() == ErrorCode::InvalidRequest);
    store.accept({{"type", "blob"}, {"id", "b"}, {"blob", "x"}, {"seq", 0}, {"data", "!!!!"}});
    CHECK(store.failureFor("b")->code() == ErrorCode::InvalidRequest);
    const std::string big(1400000, 'A');
    store.accept({{"type", "blob"}, {"id", "c"}, {"blob", "x"}, {"seq", 0}, {"data", big}});
    CHECK(store.failureFor("c")->code() == ErrorCode::TooLarge);
    CHECK(store.heldBytes() == 0);
}

namespace {

using Clock = std::chrono::steady_clock;

json blobFrame(const std::string& id, const std::string& name, const std::string& origin,
               const std::string& data = "", std::uint64_t seq = 0, bool last = true) {
    json frame = {{"type", "blob"}, {"id", id},     {"blob", name},
                  {"seq", seq},     {"last", last}, {"data", data}};
    if (!origin.empty()) {
        frame["origin"] = origin;
    }
    return frame;
}

// `bytes` decoded bytes of base64 (a multiple of 3).
std::string base64Of(std::size_t bytes) {
    return std::string(bytes / 3 * 4, 'A');
}

}  // namespace

TEST_CASE("each origin has its own budget for pending blobs", "[unit][messaging]") {
    BlobStore store(1024 * 1024);  // per origin 1 MiB of data, 2 MiB for all together
    const std::string a = "https://a.vn";
    const std::string b = "https://b.vn";
    store.accept(blobFrame("a1", "x", a, base64Of(524286)));
    store.accept(blobFrame("a2", "x", a, base64Of(524286)));
    CHECK(store.heldBytes(a) == 2 * 524286);
    store.accept(blobFrame("a3", "x", a, base64Of(3000)));  // over a's budget: a3 fails alone
    REQUIRE(store.failureFor("a3"));
    CHECK(store.failureFor("a3")->code() == ErrorCode::TooLarge);
    CHECK(store.failureFor("a3")->details()["limit"] == 1024 * 1024);
    CHECK(store.complete("a1", "x"));
    CHECK(store.complete("a2", "x"));
    // b is not affected by what a parked
    store.accept(blobFrame("b1", "x", b, base64Of(524286)));
    REQUIRE_FALSE(store.failureFor("b1"));
    CHECK(store.complete("b1", "x")->size() == 524286);
    CHECK(store.senderOf("b1") == b);
    // an older extension's frames (no origin) share one anonymous budget
    store.accept(blobFrame("o1", "x", "", base64Of(3000)));
    CHECK(store.senderOf("o1") == std::string());
    CHECK(store.heldBytes("") == 3000);
    store.release("a1");
    store.release("a2");
    CHECK(store.heldBytes(a) == 0);
}

TEST_CASE("the ceiling for all origins together holds", "[unit][messaging]") {
    BlobLimits limits = BlobLimits::forRequestBytes(1024 * 1024);
    limits.dataTotal = 1024 * 1024 + 600000;
    BlobStore store(limits);
    store.accept(blobFrame("a1", "x", "https://a.vn", base64Of(524286)));
    store.accept(blobFrame("a2", "x", "https://a.vn", base64Of(524286)));
    store.accept(blobFrame("b1", "x", "https://b.vn", base64Of(524286)));
    REQUIRE_FALSE(store.failureFor("b1"));
    store.accept(blobFrame("c1", "x", "https://c.vn", base64Of(300000)));
    REQUIRE(store.failureFor("c1"));
    CHECK(store.failureFor("c1")->details()["limit"] == limits.dataTotal);
}

TEST_CASE("empty blobs cost their name and bookkeeping", "[unit][messaging]") {
    BlobStore store(1024 * 1024);
    const std::string a = "https://a.vn";
    for (int i = 0; i < 20000; ++i) {
        store.accept(blobFrame("r" + std::to_string(i / 1000), "n" + std::to_string(i), a));
    }
    // 1 MiB of bookkeeping at 256 bytes and the name per blob: about 4,000 blobs, not 20,000
    CHECK(store.bookkeepingBytes() <= 1024 * 1024);
    CHECK(store.bookkeepingBytes() > 1000000);  // r0..r3 held, the rest refused
    CHECK(store.complete("r0", "n999"));
    CHECK(store.complete("r3", "n3999"));
    CHECK(store.failureFor("r19")->code() == ErrorCode::TooLarge);
    // and another origin still has its own
    store.accept(blobFrame("b", "n", "https://b.vn"));
    CHECK_FALSE(store.failureFor("b"));
    CHECK(store.complete("b", "n"));
}

TEST_CASE("blobs per request and requests per origin are capped", "[unit][messaging]") {
    BlobLimits limits = BlobLimits::forRequestBytes(1024 * 1024);
    limits.blobsPerRequest = 3;
    limits.requestsPerSender = 2;
    BlobStore store(limits);
    for (const char* name : {"a", "b", "c", "d"}) {
        store.accept(blobFrame("r", name, "https://a.vn"));
    }
    CHECK(store.failureFor("r")->details()["limit"] == 3);
    store.accept(blobFrame("s", "a", "https://a.vn"));
    store.accept(blobFrame("t", "a", "https://a.vn"));
    store.accept(blobFrame("u", "a", "https://a.vn"));
    CHECK_FALSE(store.failureFor("s"));
    CHECK_FALSE(store.failureFor("t"));
    CHECK(store.failureFor("u")->details()["limit"] == 2);
}

TEST_CASE("a request's blobs from two origins fail it", "[unit][messaging]") {
    BlobStore store(1024 * 1024);
    store.accept(blobFrame("r", "a", "https://a.vn"));
    store.accept(blobFrame("r", "b", "https://b.vn"));
    REQUIRE(store.failureFor("r"));
    CHECK(store.failureFor("r")->code() == ErrorCode::InvalidRequest);
    CHECK(store.heldBytes() == 0);
    CHECK(store.bookkeepingBytes() == 0);
}

TEST_CASE("blobs whose request does not come expire after their last part", "[unit][messaging]") {
    Clock::time_point now{};
    BlobLimits limits = BlobLimits::forRequestBytes(1024 * 1024);
    limits.expiry = std::chrono::seconds(60);
    BlobStore store(limits, [&now] { return now; });
    store.accept(blobFrame("slow", "x", "https://a.vn", "AAAA", 0, false));
    store.accept(blobFrame("old", "x", "https://a.vn", "AAAA"));
    now += std::chrono::seconds(50);
    store.accept(blobFrame("slow", "x", "https://a.vn", "AAAA", 1, true));  // a part: fresh again
    store.expire();
    CHECK_FALSE(store.failureFor("old"));
    now += std::chrono::seconds(11);
    store.expire();
    REQUIRE(store.failureFor("old"));
    CHECK(store.failureFor("old")->code() == ErrorCode::InvalidRequest);
    CHECK(store.complete("old", "x") == nullptr);
    CHECK(store.complete("slow", "x"));
    now += std::chrono::seconds(50);
    store.expire();
    CHECK(store.failureFor("slow"));
    CHECK(store.heldBytes() == 0);
    CHECK(store.bookkeepingBytes() == 0);
}
