#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace kyso {

// Makes a site wait after the user cancelled its dialogs several times in a row, so a page
// cannot put dialog after dialog in front of someone who keeps saying no. Per origin: after
// kCancelsInARow cancels (USER_CANCELLED or TIMEOUT) with no success between, the origin's
// requests that may show a dialog are refused with RATE_LIMITED for a window that starts at
// `firstWindow` and doubles with every further cancel, up to kLongestWindow. A success ends
// the streak. status and other dialog-free commands are never counted or limited (the
// session decides which requests count).
class CancelBackoff {
  public:
    static constexpr unsigned kCancelsInARow = 3;
    static constexpr std::chrono::seconds kLongestWindow{600};
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit CancelBackoff(std::chrono::seconds firstWindow,
                           Clock clock = std::chrono::steady_clock::now);

    // Throws RATE_LIMITED (details: retryAfterSeconds) while `origin` must wait.
    void check(const std::string& origin) const;
    // How a request that could show a dialog ended: nullopt for a success, else its code.
    void record(const std::string& origin, std::optional<ErrorCode> failure);

  private:
    struct Streak {
        unsigned cancels = 0;
        std::chrono::steady_clock::time_point waitUntil;
    };

    std::chrono::seconds firstWindow_;
    Clock clock_;
    std::map<std::string, Streak> streaks_;
};

}  // namespace kyso
