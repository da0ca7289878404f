#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace kyso {

// What blob frames may hold in the host while their requests have not arrived
// (docs/protocol.md, "Limits"). A sender is the page origin the extension puts on each blob
// frame; frames without one (an older extension) share one anonymous sender.
struct BlobLimits {
    // Decoded bytes one sender may have pending (all its requests together): maxRequestBytes.
    std::size_t dataPerSender = 256U * 1024U * 1024U;
    // Decoded bytes of all senders together: room for a second site while one is at its limit.
    std::size_t dataTotal = 2 * dataPerSender;
    // Bookkeeping: every blob and every request costs its name plus kEntryCost, so thousands
    // of empty blobs with distinct names are bounded like data (about 4,000 per sender).
    std::size_t bookkeepingPerSender = 1024U * 1024U;
    std::size_t bookkeepingTotal = 8U * 1024U * 1024U;
    std::size_t blobsPerRequest = 2048;  // signPdfBatch's 1,000 documents fit
    std::size_t requestsPerSender = 64;  // requests with pending blobs at once
    std::chrono::milliseconds expiry = std::chrono::seconds(60);  // measured from the last part

    // The defaults for a host whose maxRequestBytes is `bytes`.
    static BlobLimits forRequestBytes(std::size_t bytes);
};

// Assembles binary values that arrive in "blob" frames ahead of their request, decoding each
// frame as it comes so a document exists once in memory. Each sender (origin) has its own
// budget, so one site parking blobs cannot starve another; blobs whose request does not come
// in time expire.
class BlobStore {
  public:
    static constexpr std::size_t kEntryCost = 256;  // a blob's or request's own memory, rounded up
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit BlobStore(BlobLimits limits, Clock clock = std::chrono::steady_clock::now);
    explicit BlobStore(std::size_t maxRequestBytes)
        : BlobStore(BlobLimits::forRequestBytes(maxRequestBytes)) {}

    // Takes one blob frame. A frame that cannot be tied to a request throws INVALID_REQUEST
    // (answered with id null); other failures are remembered for the request (failureFor).
    void accept(const nlohmann::json& frame);
    // Drops the blobs of requests whose last part came longer ago than the expiry; their
    // requests, if they still come, fail with INVALID_REQUEST. Called on every frame; looks
    // at most eight times per expiry period.
    void expire();

    // The complete blob `name` of request `id`, or null.
    std::shared_ptr<const Bytes> complete(const nlohmann::json& id, const std::string& name) const;
    // The failure recorded while receiving the request's blobs, if any.
    std::optional<Error> failureFor(const nlohmann::json& id) const;
    // The sender (origin, empty for an older extension) whose frames hold blobs for `id`.
    std::optional<std::string> senderOf(const nlohmann::json& id) const;
    // Frees everything held for the request.
    void release(const nlohmann::json& id);

    std::size_t heldBytes() const { return data_; }                // decoded data, all senders
    std::size_t bookkeepingBytes() const { return bookkeeping_; }  // names and entry costs
    std::size_t heldBytes(const std::string& sender) const;

  private:
    struct Blob {
        std::shared_ptr<Bytes> data;
        std::uint64_t nextSeq = 0;
        bool complete = false;
    };
    // The blobs of one request and what they cost their sender.
    struct Pending {
        std::string sender;
        std::map<std::string, Blob> blobs;
        std::size_t data = 0;
        std::size_t bookkeeping = 0;
        std::chrono::steady_clock::time_point lastPart;
    };
    struct Account {
        std::size_t data = 0;
        std::size_t bookkeeping = 0;
        std::size_t requests = 0;
    };

    // INVALID_REQUEST or TOO_LARGE when `extraData` decoded bytes and `extraBookkeeping`
    // would take the sender or the host over a limit.
    std::optional<Error> overBudget(const std::string& sender, bool newRequest,
                                    std::size_t extraData, std::size_t extraBookkeeping) const;
    void charge(Pending& pending, std::size_t data, std::size_t bookkeeping);
    void drop(const std::string& key);
    void fail(const std::string& key, Error error);

    BlobLimits limits_;
    Clock clock_;
    std::size_t data_ = 0;
    std::size_t bookkeeping_ = 0;
    std::map<std::string, Pending> pending_;  // request id (JSON text) -> its blobs
    std::map<std::string, Account> senders_;
    std::map<std::string, Error> failures_;
    std::optional<std::chrono::steady_clock::time_point> lastSweep_;
};

}  // namespace kyso
