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
