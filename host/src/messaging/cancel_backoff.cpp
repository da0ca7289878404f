#include "messaging/cancel_backoff.hpp"

#include <algorithm>

namespace kyso {
namespace {

// Streaks need a user who keeps cancelling, so there are few; the bound is only a backstop.
constexpr std::size_t kMaxOrigins = 1024;

}  // namespace

CancelBackoff::CancelBackoff(std::chrono::seconds firstWindow, Clock clock)
    : firstWindow_(firstWindow), clock_(std::move(clock)) {}

void CancelBackoff::check(const std::string& origin) const {
    const auto it = streaks_.find(origin);
    if (it == streaks_.end()) {
        return;
    }
    const auto now = clock_();
    if (now >= it->second.waitUntil) {
        return;
    }
    // Rounded up, so a page that waits this long is not refused again.
    const auto wait = it->second.waitUntil - now;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                             wait + std::chrono::seconds(1) - std::chrono::nanoseconds(1))
                             .count();
    throw Error(ErrorCode::RateLimited,
                "the user cancelled this site's dialogs " + std::to_string(it->second.cancels) +
                    " times in a row; it may ask again in " + std::to_string(seconds) + " s",
                {{"retryAfterSeconds", seconds}});
}

void CancelBackoff::record(const std::string& origin, std::optional<ErrorCode> failure) {
    if (!failure) {
        streaks_.erase(origin);
        return;
    }
    if (*failure != ErrorCode::UserCancelled && *failure != ErrorCode::Timeout) {
        return;  // the user answered (a wrong PIN...) or something else failed: not a "no"
    }
    if (streaks_.count(origin) == 0 && streaks_.size() >= kMaxOrigins) {
        streaks_.erase(streaks_.begin());
    }
    Streak& streak = streaks_[origin];
    ++streak.cancels;
    if (streak.cancels < kCancelsInARow) {
        return;
    }
    // 1x, 2x, 4x... the first window per further cancel, never past the longest.
    const unsigned doublings = std::min(streak.cancels - kCancelsInARow, 16U);
    const std::chrono::seconds longest = std::max(firstWindow_, kLongestWindow);
    const std::chrono::seconds scaled = firstWindow_ * (std::chrono::seconds::rep{1} << doublings);
    const std::chrono::seconds window = std::min(scaled, longest);
    streak.waitUntil = clock_() + window;
}

}  // namespace kyso
