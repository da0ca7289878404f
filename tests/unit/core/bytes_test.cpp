#include "core/bytes.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace kyso;

TEST_CASE("base64 round-trips every length and rejects malformed text", "[unit][bytes]") {
    for (std::size_t n = 0; n < 40; ++n) {
        Bytes data(n);
        for (std::size_t i = 0; i < n; ++i) {
            data[i] = static_cast<std::uint8_t>(i * 37 + 11);
        }
        CHECK(base64Decode(base64Encode(data), "x") == data);
    }
    CHECK(base64Encode(Bytes{'h', 'i'}) == "aGk=");
    for (const char* bad : {"aGk", "a=Gk", "aG!k", "aGk==", "====", "aGk=\n"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(base64Decode(bad, "x"), Error);
    }
}

TEST_CASE("hex accepts separators and case, rejects junk", "[unit][bytes]") {
    CHECK(hexDecode("0A:ff", "x") == Bytes{0x0a, 0xff});
    CHECK(hexEncode(Bytes{0x0a, 0xff}) == "0aff");
    CHECK_THROWS_AS(hexDecode("abc", "x"), Error);
    CHECK_THROWS_AS(hexDecode("zz", "x"), Error);
}
