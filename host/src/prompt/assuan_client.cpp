#include "prompt/assuan_client.hpp"

#include "core/error.hpp"
#include "prompt/assuan.hpp"

namespace kyso {
namespace {

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCode::PromptFailed, message);
}

// Quoted in error messages; never called on a D line (it may hold the PIN).
std::string excerpt(std::string_view line) {
    return std::string(line.substr(0, 60)) + (line.size() > 60 ? "…" : "");
}

}  // namespace

AssuanClient::AssuanClient(PinentryProcess& process, Clock::time_point deadline, int stopFd)
    : process_(process), deadline_(deadline), stopFd_(stopFd) {
    line_.buffer().reserve(PinentryProcess::kMaxLineBytes);
}

bool AssuanClient::readGreeting() {
    switch (process_.readLine(line_, deadline_, stopFd_)) {
        case PinentryProcess::ReadResult::Line:
            break;
        case PinentryProcess::ReadResult::Closed:
            fail("pinentry ended before greeting");
        case PinentryProcess::ReadResult::TimedOut:
            throw Error(ErrorCode::Timeout, "pinentry did not start in time");
        case PinentryProcess::ReadResult::Stopped:
            return false;
    }
    std::string_view line(line_.c_str(), line_.size());
    if (assuan::parseLine(line).kind != assuan::LineKind::Ok) {
        fail("pinentry greeted with \"" + excerpt(line) + "\" instead of OK");
    }
    return true;
}

AssuanClient::Reply AssuanClient::transact(std::string_view command, SecureString* data) {
    process_.writeLine(command, deadline_);
    if (data != nullptr) {
        data->wipe();
        data->buffer().reserve(kMaxDataBytes);
    }
    for (;;) {
        switch (process_.readLine(line_, deadline_, stopFd_)) {
            case PinentryProcess::ReadResult::Line:
                break;
            case PinentryProcess::ReadResult::Closed:
                fail("pinentry ended without answering " + excerpt(command));
            case PinentryProcess::ReadResult::TimedOut:
                throw Error(ErrorCode::Timeout, "pinentry did not answer in time");
            case PinentryProcess::ReadResult::Stopped:
                return Reply{Outcome::Stopped, 0, {}};
        }
        std::string_view line(line_.c_str(), line_.size());
        assuan::ParsedLine parsed = assuan::parseLine(line);
        switch (parsed.kind) {
            case assuan::LineKind::Ok:
                line_.wipe();
                return Reply{};
            case assuan::LineKind::Err: {
                auto err = assuan::parseErr(parsed.rest);
                if (!err) {
                    fail("pinentry sent a malformed ERR line: " + excerpt(line));
                }
                return Reply{Outcome::Err, err->code(), err->text};
            }
            case assuan::LineKind::Data:
                if (data == nullptr) {
                    fail("pinentry sent data to a command that returns none");
                }
                if (!assuan::appendDecoded(parsed.rest, data->buffer(), kMaxDataBytes)) {
                    line_.wipe();
                    data->wipe();
                    fail("pinentry sent malformed or oversized data");
                }
                line_.wipe();
                break;
            case assuan::LineKind::Status:
            case assuan::LineKind::Comment:
                break;  // progress and chatter: nothing to do
            case assuan::LineKind::Inquire:
                // We never offer what a pinentry could ask for; cancelling makes it go on
                // (or end the command with ERR, which the caller sees).
                process_.writeLine("CAN", deadline_);
                break;
            case assuan::LineKind::Unknown:
                fail("pinentry sent garbage: " + excerpt(line));
        }
    }
}

void AssuanClient::bye(bool waitForAnswer) noexcept {
    try {
        deadline_ = Clock::now() + std::chrono::seconds(1);
        stopFd_ = -1;
        if (waitForAnswer) {
            transact("BYE");
        } else {
            process_.writeLine("BYE", deadline_);
        }
    } catch (...) {
        // The dialog is over; a pinentry that does not say goodbye is ended by finish().
    }
}

}  // namespace kyso
