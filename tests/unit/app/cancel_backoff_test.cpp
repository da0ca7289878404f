#include "messaging/cancel_backoff.hpp"

#include <catch2/catch.hpp>

using namespace kyso;
using namespace std::chrono_literals;

namespace {

// The seconds RATE_LIMITED asks to wait, or -1 when the origin may ask now.
long long retryAfter(const CancelBackoff& backoff, const std::string& origin) {
    try {
        backoff.check(origin);
        return -1;
    } catch (const Error& e) {
        REQUIRE(e.code() == ErrorCode::RateLimited);
        return e.details()["retryAfterSeconds"].get<long long>();
    }
}

}  // namespace

TEST_CASE("three cancels in a row make a site wait, doubling up to ten minutes",
          "[unit][messaging]") {
    std::chrono::steady_clock::time_point now{};
    CancelBackoff backoff(30s, [&now] { return now; });
    const std::string site = "https://a.vn";
    backoff.record(site, ErrorCode::UserCancelled);
    backoff.record(site, ErrorCode::Timeout);
    CHECK(retryAfter(backoff, site) == -1);
    backoff.record(site, ErrorCode::UserCancelled);
    CHECK(retryAfter(backoff, site) == 30);
    CHECK(retryAfter(backoff, "https://b.vn") == -1);  // other sites are not affected
    now += 29s + 500ms;
    CHECK(retryAfter(backoff, site) == 1);  // rounded up
    now += 1s;
    CHECK(retryAfter(backoff, site) == -1);
    backoff.record(site, ErrorCode::UserCancelled);  // the fourth: 60 s
    CHECK(retryAfter(backoff, site) == 60);
    for (int i = 0; i < 10; ++i) {
        backoff.record(site, ErrorCode::UserCancelled);
    }
    CHECK(retryAfter(backoff, site) == 600);
}

TEST_CASE("a success ends the streak; other failures do not count", "[unit][messaging]") {
    std::chrono::steady_clock::time_point now{};
    CancelBackoff backoff(30s, [&now] { return now; });
    const std::string site = "https://a.vn";
    backoff.record(site, ErrorCode::UserCancelled);
    backoff.record(site, ErrorCode::UserCancelled);
    backoff.record(site, ErrorCode::PinIncorrect);  // the user answered
    backoff.record(site, std::nullopt);             // and then signed
    backoff.record(site, ErrorCode::UserCancelled);
    backoff.record(site, ErrorCode::UserCancelled);
    CHECK(retryAfter(backoff, site) == -1);
    backoff.record(site, ErrorCode::UserCancelled);
    CHECK(retryAfter(backoff, site) == 30);
    now += 31s;
    backoff.record(site, std::nullopt);
    backoff.record(site, ErrorCode::UserCancelled);
    CHECK(retryAfter(backoff, site) == -1);
}
