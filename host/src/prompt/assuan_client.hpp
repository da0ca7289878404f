#pragma once

#include <string>
#include <string_view>

#include "core/secure_string.hpp"
#include "prompt/pinentry_process.hpp"

namespace kyso {

// The client side of one Assuan conversation with a pinentry: commands out, OK/ERR/D/S/#/
// INQUIRE in. Every read is bounded by the deadline; the program not answering in time gives
// TIMEOUT, going away or answering garbage gives PROMPT_FAILED.
class AssuanClient {
  public:
    using Clock = PinentryProcess::Clock;

    // Longest D payload kept (a PIN, decoded); reserved once so it is never reallocated.
    static constexpr std::size_t kMaxDataBytes = 1024;

    // `stopFd`: when it becomes readable, a pending command returns Stopped (used to close
    // a message the user has not dismissed).
    AssuanClient(PinentryProcess& process, Clock::time_point deadline, int stopFd = -1);

    void setDeadline(Clock::time_point deadline) { deadline_ = deadline; }

    // The server speaks first: "OK Pleased to meet you". False when stopped first.
    bool readGreeting();

    enum class Outcome { Ok, Err, Stopped };
    struct Reply {
        Outcome outcome = Outcome::Ok;
        unsigned errCode = 0;  // low 16 bits of the ERR value (GPG_ERR_*)
        std::string errText;
    };

    // Sends one already escaped command line and reads up to its OK or ERR. D lines are
    // percent-decoded into `data` (which must be given when the command returns data).
    Reply transact(std::string_view line, SecureString* data = nullptr);

    // Says goodbye; never throws. With `waitForAnswer`, reads the reply (at most a second);
    // without, only sends it (a pinentry busy with a dialog would not answer anyway).
    void bye(bool waitForAnswer) noexcept;

  private:
    PinentryProcess& process_;
    Clock::time_point deadline_;
    int stopFd_;
    SecureString line_;  // the last line read; may be a D line with the PIN
};

}  // namespace kyso
