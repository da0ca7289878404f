#include "messaging/blob_store.hpp"

#include <algorithm>
#include <vector>

#include "protocol/request.hpp"

namespace kyso {
namespace {

constexpr std::size_t kMaxRememberedFailures = 256;
constexpr std::size_t kMaxOriginLength = 255;
// A base64 text of n characters decodes to at most n / 4 * 3 bytes; padding makes the real
// size up to 2 bytes smaller, so a blob of exactly the limit is still accepted.
constexpr std::size_t kPaddingSlack = 2;

// JSON integers that are >= 0, however the parser typed them.
bool isCount(const nlohmann::json& value) {
    return value.is_number_unsigned() ||
           (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

Error tooLarge(const std::string& what, std::size_t limit) {
    return Error(ErrorCode::TooLarge, what + " (" + std::to_string(limit) + ")",
                 {{"limit", limit}});
}

}  // namespace

BlobLimits BlobLimits::forRequestBytes(std::size_t bytes) {
    BlobLimits limits;
    limits.dataPerSender = bytes;
    limits.dataTotal = 2 * bytes;
    return limits;
}

BlobStore::BlobStore(BlobLimits limits, Clock clock) : limits_(limits), clock_(std::move(clock)) {}

std::optional<Error> BlobStore::overBudget(const std::string& sender, bool newRequest,
                                           std::size_t extraData,
                                           std::size_t extraBookkeeping) const {
    Account account;
    if (const auto it = senders_.find(sender); it != senders_.end()) {
        account = it->second;
    }
    if (newRequest && account.requests >= limits_.requestsPerSender) {
        return tooLarge("this site already has the most requests with pending blobs",
                        limits_.requestsPerSender);
    }
    if (account.data + extraData > limits_.dataPerSender + kPaddingSlack) {
        return tooLarge("the site's pending data exceeds maxRequestBytes", limits_.dataPerSender);
    }
    if (data_ + extraData > limits_.dataTotal + kPaddingSlack) {
        return tooLarge("the pending data of all sites exceeds its ceiling", limits_.dataTotal);
    }
    if (account.bookkeeping + extraBookkeeping > limits_.bookkeepingPerSender) {
        return tooLarge("the site has too many pending blobs", limits_.bookkeepingPerSender);
    }
    if (bookkeeping_ + extraBookkeeping > limits_.bookkeepingTotal) {
        return tooLarge("all sites together have too many pending blobs", limits_.bookkeepingTotal);
    }
    return std::nullopt;
}

void BlobStore::charge(Pending& pending, std::size_t data, std::size_t bookkeeping) {
    Account& account = senders_[pending.sender];
    pending.data += data;
    pending.bookkeeping += bookkeeping;
    account.data += data;
    account.bookkeeping += bookkeeping;
    data_ += data;
    bookkeeping_ += bookkeeping;
}

void BlobStore::drop(const std::string& key) {
    const auto it = pending_.find(key);
    if (it == pending_.end()) {
        return;
    }
    const Pending& pending = it->second;
    if (const auto account = senders_.find(pending.sender); account != senders_.end()) {
        account->second.data -= pending.data;
        account->second.bookkeeping -= pending.bookkeeping;
        if (--account->second.requests == 0) {
            senders_.erase(account);
        }
    }
    data_ -= pending.data;
    bookkeeping_ -= pending.bookkeeping;
    pending_.erase(it);
}

void BlobStore::fail(const std::string& key, Error error) {
    drop(key);
    // Bounded: a caller that never sends the request cannot grow this without limit.
    if (failures_.size() >= kMaxRememberedFailures) {
        failures_.erase(failures_.begin());
    }
    failures_.emplace(key, std::move(error));
}

void BlobStore::accept(const nlohmann::json& frame) {
    const auto id = messageId(frame);
    if (id.is_null()) {
        throwInvalidRequest("a blob frame needs the id of its request");
    }
    const std::string key = id.dump();
    if (failures_.count(key) != 0) {
        return;  // already failed: drop the rest silently, the request gets the first error
    }
    const auto name = frame.find("blob");
    const auto seq = frame.find("seq");
    const auto data = frame.find("data");
    const auto last = frame.find("last");
    const auto origin = frame.find("origin");
    if (name == frame.end() || !name->is_string() || name->get<std::string>().empty() ||
        name->get<std::string>().size() > 64 || seq == frame.end() || !isCount(*seq) ||
        data == frame.end() || !data->is_string() || (last != frame.end() && !last->is_boolean()) ||
        (origin != frame.end() && !origin->is_null() &&
         (!origin->is_string() || origin->get<std::string>().size() > kMaxOriginLength))) {
        fail(key, Error(ErrorCode::InvalidRequest,
                        "a blob frame needs blob (name), seq (integer), data (base64) and at "
                        "most an origin (string)"));
        return;
    }
    const std::string& blobName = name->get_ref<const std::string&>();
    const std::string sender =
        origin != frame.end() && origin->is_string() ? origin->get<std::string>() : std::string();

    const auto pending = pending_.find(key);
    const bool newRequest = pending == pending_.end();
    if (!newRequest && pending->second.sender != sender) {
        fail(key, Error(ErrorCode::InvalidRequest, "blob frames of one request from two senders"));
        return;
    }
    const Blob* existing = nullptr;
    if (!newRequest) {
        const auto found = pending->second.blobs.find(blobName);
        existing = found == pending->second.blobs.end() ? nullptr : &found->second;
    }
    const std::uint64_t expectedSeq = existing == nullptr ? 0 : existing->nextSeq;
    if ((existing != nullptr && existing->complete) || seq->get<std::uint64_t>() != expectedSeq) {
        fail(key, Error(ErrorCode::InvalidRequest, "blob '" + blobName + "' frames out of order"));
        return;
    }
    if (existing == nullptr && !newRequest &&
        pending->second.blobs.size() >= limits_.blobsPerRequest) {
        fail(key, tooLarge("the request has too many blobs", limits_.blobsPerRequest));
        return;
    }

    const auto& text = data->get_ref<const std::string&>();
    const std::size_t bookkeeping = (newRequest ? key.size() + kEntryCost : 0) +
                                    (existing == nullptr ? blobName.size() + kEntryCost : 0);
    if (auto refusal = overBudget(sender, newRequest, text.size() / 4 * 3, bookkeeping)) {
        fail(key, std::move(*refusal));
        return;
    }
    Bytes decoded;
    try {
        decoded = base64Decode(text, "blob data");
    } catch (const Error& e) {
        fail(key, e);
        return;
    }

    Pending& entry = pending_[key];
    if (newRequest) {
        entry.sender = sender;
        ++senders_[sender].requests;
    }
    Blob& blob = entry.blobs[blobName];
    if (!blob.data) {
        blob.data = std::make_shared<Bytes>();
        // The first frame may announce the total size so the buffer is allocated once.
        const auto size = frame.find("size");
        const std::size_t room =
            limits_.dataPerSender - std::min(limits_.dataPerSender, senders_[sender].data);
        if (size != frame.end() && size->is_number_unsigned() &&
            size->get<std::uint64_t>() <= room) {
            blob.data->reserve(static_cast<std::size_t>(size->get<std::uint64_t>()));
        }
    }
    blob.data->insert(blob.data->end(), decoded.begin(), decoded.end());
    charge(entry, decoded.size(), bookkeeping);
    ++blob.nextSeq;
    blob.complete = last != frame.end() && last->get<bool>();
    entry.lastPart = clock_();
}

void BlobStore::expire() {
    const auto now = clock_();
    // A look at every pending request on every frame would make a flood of frames quadratic:
    // sweep eight times per expiry period (a blob lives at most 1/8 longer than promised).
    if (lastSweep_ && now - *lastSweep_ < limits_.expiry / 8) {
        return;
    }
    lastSweep_ = now;
    std::vector<std::string> stale;
    for (const auto& [key, pending] : pending_) {
        if (now - pending.lastPart > limits_.expiry) {
            stale.push_back(key);
        }
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(limits_.expiry).count();
    for (const auto& key : stale) {
        fail(key, Error(ErrorCode::InvalidRequest,
                        "the request's blobs expired: it did not come within " +
                            std::to_string(seconds) + " s of their last part",
                        {{"field", "blob"}}));
    }
}

std::shared_ptr<const Bytes> BlobStore::complete(const nlohmann::json& id,
                                                 const std::string& name) const {
    const auto request = pending_.find(id.dump());
    if (request == pending_.end()) {
        return nullptr;
    }
    const auto blob = request->second.blobs.find(name);
    if (blob == request->second.blobs.end() || !blob->second.complete) {
        return nullptr;
    }
    return blob->second.data;
}

std::optional<Error> BlobStore::failureFor(const nlohmann::json& id) const {
    const auto it = failures_.find(id.dump());
    if (it == failures_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<std::string> BlobStore::senderOf(const nlohmann::json& id) const {
    const auto it = pending_.find(id.dump());
    if (it == pending_.end()) {
        return std::nullopt;
    }
    return it->second.sender;
}

void BlobStore::release(const nlohmann::json& id) {
    const std::string key = id.dump();
    failures_.erase(key);
    drop(key);
}

std::size_t BlobStore::heldBytes(const std::string& sender) const {
    const auto it = senders_.find(sender);
    return it == senders_.end() ? 0 : it->second.data;
}

}  // namespace kyso
