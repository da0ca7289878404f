#include "messaging/blob_store.hpp"

#include "protocol/request.hpp"

namespace kyso {
namespace {

constexpr std::size_t kMaxRememberedFailures = 256;

// JSON integers that are >= 0, however the parser typed them.
bool isCount(const nlohmann::json& value) {
    return value.is_number_unsigned() ||
           (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

}  // namespace

void BlobStore::fail(const std::string& key, Error error) {
    if (auto it = blobs_.find(key); it != blobs_.end()) {
        for (const auto& entry : it->second) {
            held_ -= entry.second.data->size();
        }
        blobs_.erase(it);
    }
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
    if (name == frame.end() || !name->is_string() || name->get<std::string>().empty() ||
        name->get<std::string>().size() > 64 || seq == frame.end() || !isCount(*seq) ||
        data == frame.end() || !data->is_string() || (last != frame.end() && !last->is_boolean())) {
        fail(key, Error(ErrorCode::InvalidRequest,
                        "a blob frame needs blob (name), seq (integer), data (base64)"));
        return;
    }
    auto& blob = blobs_[key][name->get<std::string>()];
    if (!blob.data) {
        blob.data = std::make_shared<Bytes>();
    }
    if (blob.complete || seq->get<std::uint64_t>() != blob.nextSeq) {
        fail(key, Error(ErrorCode::InvalidRequest,
                        "blob '" + name->get<std::string>() + "' frames out of order"));
        return;
    }
    const auto& text = data->get_ref<const std::string&>();
    const std::size_t decodedBound = text.size() / 4 * 3;
    if (held_ + decodedBound > maxBytes_ + 2) {
        fail(key,
             Error(ErrorCode::TooLarge,
                   "the request's data exceeds maxRequestBytes (" + std::to_string(maxBytes_) + ")",
                   {{"limit", maxBytes_}}));
        return;
    }
    // The first frame may announce the total size so the buffer is allocated once.
    if (blob.nextSeq == 0) {
        if (const auto size = frame.find("size"); size != frame.end() &&
                                                  size->is_number_unsigned() &&
                                                  size->get<std::uint64_t>() <= maxBytes_ - held_) {
            blob.data->reserve(static_cast<std::size_t>(size->get<std::uint64_t>()));
        }
    }
    try {
        const Bytes decoded = base64Decode(text, "blob data");
        blob.data->insert(blob.data->end(), decoded.begin(), decoded.end());
        held_ += decoded.size();
    } catch (const Error& e) {
        fail(key, e);
        return;
    }
    ++blob.nextSeq;
    blob.complete = last != frame.end() && last->get<bool>();
}

std::shared_ptr<const Bytes> BlobStore::complete(const nlohmann::json& id,
                                                 const std::string& name) const {
    const auto request = blobs_.find(id.dump());
    if (request == blobs_.end()) {
        return nullptr;
    }
    const auto blob = request->second.find(name);
    if (blob == request->second.end() || !blob->second.complete) {
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

void BlobStore::release(const nlohmann::json& id) {
    const std::string key = id.dump();
    failures_.erase(key);
    if (auto it = blobs_.find(key); it != blobs_.end()) {
        for (const auto& entry : it->second) {
            held_ -= entry.second.data->size();
        }
        blobs_.erase(it);
    }
}

}  // namespace kyso
