#include "messaging/native_session.hpp"

#include <chrono>
#include <cstring>
#include <optional>
#include <string_view>

#include "core/log.hpp"
#include "messaging/blob_store.hpp"
#include "messaging/cancel_backoff.hpp"
#include "messaging/frame_reader.hpp"
#include "messaging/outbox.hpp"
#include "protocol/error_reply.hpp"
#include "protocol/request.hpp"

namespace kyso {
namespace {

constexpr int kMaxJsonDepth = 64;

nlohmann::json errorMessageFor(const nlohmann::json& id, const Error& error, Language lang) {
    return {{"type", "error"}, {"id", id}, {"error", errorObject(error, lang)}};
}

// Parses one frame's JSON; nesting is bounded so a hostile frame cannot exhaust the stack.
nlohmann::json parseFrame(const std::string& payload) {
    const nlohmann::json::parser_callback_t depthGuard =
        [](int depth, nlohmann::json::parse_event_t /*event*/, nlohmann::json& /*value*/) {
            if (depth > kMaxJsonDepth) {
                throw Error(ErrorCode::InvalidRequest, "JSON nested deeper than 64 levels");
            }
            return true;
        };
    try {
        return nlohmann::json::parse(payload, depthGuard);
    } catch (const nlohmann::json::exception& e) {
        // nlohmann rejects invalid UTF-8 inside strings here too.
        throw Error(ErrorCode::InvalidRequest, std::string("frame is not valid JSON: ") + e.what());
    }
}

// parseFrame for a frame that is almost all base64 (a blob frame): nlohmann's lexer copies a
// string byte by byte, a third of a 100 MB document's round trip. The one `"data":"...` value
// is cut out, the rest parsed as usual, and the value put back. Anything unusual (the key
// twice, escapes in the value, a nested "data") is parsed whole, as before.
nlohmann::json parseLargeFrame(const std::string& payload) {
    static constexpr std::string_view kKey = "\"data\"";
    const std::size_t at = payload.find(kKey);
    if (at == std::string::npos || payload.find(kKey, at + 1) != std::string::npos) {
        return parseFrame(payload);
    }
    // "data" <whitespace> : <whitespace> " (JSON.stringify writes none, Python one space)
    std::size_t begin = at + kKey.size();
    const auto skipSpace = [&] {
        while (begin < payload.size() && std::strchr(" \t\r\n", payload[begin]) != nullptr &&
               payload[begin] != '\0') {
            ++begin;
        }
    };
    skipSpace();
    if (begin >= payload.size() || payload[begin] != ':') {
        return parseFrame(payload);
    }
    ++begin;
    skipSpace();
    if (begin >= payload.size() || payload[begin] != '"') {
        return parseFrame(payload);
    }
    ++begin;
    const std::size_t end = payload.find('"', begin);
    if (end == std::string::npos ||
        std::memchr(payload.data() + begin, '\\', end - begin) != nullptr) {
        return parseFrame(payload);
    }
    nlohmann::json message = parseFrame(payload.substr(0, begin) + payload.substr(end));
    const auto data = message.is_object() ? message.find("data") : message.end();
    if (data == message.end() || *data != "") {
        return parseFrame(payload);
    }
    *data = payload.substr(begin, end - begin);
    return message;
}

// The typed error for whatever a frame's handling threw (called inside a catch block):
// kyso::Error as it is, a JSON accessor's complaint as INVALID_REQUEST, the rest INTERNAL.
Error currentError() {
    try {
        throw;
    } catch (const Error& e) {
        return e;
    } catch (const nlohmann::json::exception& e) {
        return Error(ErrorCode::InvalidRequest, std::string("malformed message: ") + e.what());
    } catch (const std::exception& e) {
        return Error(ErrorCode::Internal, e.what());
    }
}

class Session {
  public:
    Session(std::FILE* in, std::FILE* out, const Dispatcher& dispatcher, HostServices& services)
        : reader_(in, kMaxFrameBytes),
          writer_(out),
          outbox_(writer_),
          blobs_(blobLimits(services.config), [this] { return readingTime(); }),
          backoff_(std::chrono::seconds(services.config.cancelBackoffSeconds)),
          dispatcher_(dispatcher),
          services_(services),
          defaultLang_(services.config.defaultLanguage == "en" ? Language::En : Language::Vi) {}

    int run() {
        try {
            for (;;) {
                auto frame = reader_.next();
                switch (frame.status) {
                    case FrameReader::Status::End:
                        return 0;
                    case FrameReader::Status::Truncated:
                        diagnosticLog("stdin closed inside a frame; exiting");
                        return 0;
                    case FrameReader::Status::TooLarge:
                        outbox_.send(errorMessageFor(
                            nullptr,
                            Error(ErrorCode::TooLarge,
                                  "frame of " + std::to_string(frame.declaredLength) +
                                      " bytes exceeds the 1 MiB limit",
                                  {{"limit", kMaxFrameBytes}}),
                            defaultLang_));
                        break;
                    case FrameReader::Status::Frame:
                        handleFrame(frame.payload);
                        break;
                }
            }
        } catch (const PortClosed&) {
            diagnosticLog("stdout closed; exiting");
            return 0;
        }
    }

  private:
    static BlobLimits blobLimits(const Config& config) {
        BlobLimits limits = BlobLimits::forRequestBytes(config.maxRequestBytes);
        limits.expiry = std::chrono::seconds(config.blobExpirySeconds);
        return limits;
    }

    // Time that passes while the host reads frames, not while it handles a request: blobs of
    // another tab, sent while a dialog is open, do not age while they wait in the pipe.
    std::chrono::steady_clock::time_point readingTime() const {
        return std::chrono::steady_clock::now() - busy_;
    }

    void handleFrame(const std::string& payload) {
        nlohmann::json message;
        try {
            message = payload.size() > 65536 ? parseLargeFrame(payload) : parseFrame(payload);
            if (!message.is_object()) {
                throwInvalidRequest("a frame must hold a JSON object");
            }
        } catch (const Error& e) {
            outbox_.send(errorMessageFor(nullptr, e, defaultLang_));
            return;
        }
        // Whatever a frame holds, it gets an answer and the host goes on: a value of an
        // unexpected type must never reach a JSON accessor that throws past this point.
        try {
            dispatchFrame(message);
        } catch (const PortClosed&) {
            throw;
        } catch (const std::exception&) {
            outbox_.send(errorMessageFor(messageId(message), currentError(), defaultLang_));
        }
    }

    void dispatchFrame(const nlohmann::json& message) {
        const auto typeField = message.find("type");
        const std::string type = typeField != message.end() && typeField->is_string()
                                     ? typeField->get<std::string>()
                                     : std::string();
        blobs_.expire();
        if (type == "request") {
            handleRequest(message);
        } else if (type == "blob") {
            try {
                blobs_.accept(message);
            } catch (const Error& e) {
                outbox_.send(errorMessageFor(nullptr, e, defaultLang_));
            }
        } else {
            throw Error(ErrorCode::InvalidRequest, "unknown message type '" + type + "'",
                        {{"field", "type"}});
        }
    }

    void handleRequest(const nlohmann::json& message) {
        const auto id = messageId(message);
        Language lang = message.contains("lang") ? parseLanguage(message["lang"]) : defaultLang_;
        const auto started = std::chrono::steady_clock::now();
        std::string outcome = "ok";
        std::optional<std::string> dialogOrigin;  // set when the request counts for backoff
        try {
            RequestContext request = parseRequest(message);
            lang = request.lang;
            if (auto failure = blobs_.failureFor(id)) {
                throw *failure;
            }
            if (const auto sender = blobs_.senderOf(id);
                sender && !sender->empty() && *sender != request.origin) {
                throw Error(ErrorCode::InvalidRequest,
                            "the request's blobs were sent for another origin",
                            {{"field", "origin"}});
            }
            if (dispatcher_.asksUser(request.command)) {
                backoff_.check(request.origin);  // RATE_LIMITED: not counted as a cancel
                dialogOrigin = request.origin;
            }
            request.blob = [this, id](const std::string& name) {
                return blobs_.complete(id, name);
            };
            request.progress = [this, id](const nlohmann::json& progress) {
                nlohmann::json event = progress;
                event["type"] = "progress";
                event["id"] = id;
                outbox_.send(event);
            };
            diagnosticLog("request " + id.dump() + " " + request.command + " from " +
                          (request.origin.empty() ? "-" : request.origin));
            CommandResult result = dispatcher_.run(request, services_);
            for (const auto& blob : result.blobs) {
                outbox_.sendBlob(id, blob);
            }
            outbox_.send({{"type", "result"}, {"id", id}, {"result", std::move(result.result)}});
            if (dialogOrigin) {
                backoff_.record(*dialogOrigin, std::nullopt);
            }
        } catch (const PortClosed&) {
            throw;
        } catch (const std::exception&) {
            const Error error = currentError();
            outcome = errorCodeName(error.code());
            if (dialogOrigin) {
                backoff_.record(*dialogOrigin, error.code());
            }
            outbox_.send(errorMessageFor(id, error, lang));
        }
        blobs_.release(id);
        const auto finished = std::chrono::steady_clock::now();
        busy_ += finished - started;
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(finished - started);
        diagnosticLog("request " + id.dump() + " " + outcome + " in " +
                      std::to_string(elapsed.count()) + " ms");
    }

    FrameReader reader_;
    FrameWriter writer_;
    Outbox outbox_;
    std::chrono::steady_clock::duration busy_{};  // spent handling requests
    BlobStore blobs_;
    CancelBackoff backoff_;
    const Dispatcher& dispatcher_;
    HostServices& services_;
    Language defaultLang_;
};

}  // namespace

int serveNativeMessaging(std::FILE* in, std::FILE* out, const Dispatcher& dispatcher,
                         HostServices& services) {
    return Session(in, out, dispatcher, services).run();
}

}  // namespace kyso
