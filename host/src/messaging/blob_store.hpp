#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace kyso {

// Assembles binary values that arrive in "blob" frames ahead of their request, decoding each
// frame as it comes so a document exists once in memory, and bounding the total.
class BlobStore {
  public:
    explicit BlobStore(std::size_t maxBytes) : maxBytes_(maxBytes) {}

    // Takes one blob frame. A frame that cannot be tied to a request throws INVALID_REQUEST
    // (answered with id null); other failures are remembered for the request (failureFor).
    void accept(const nlohmann::json& frame);

    // The complete blob `name` of request `id`, or null.
    std::shared_ptr<const Bytes> complete(const nlohmann::json& id, const std::string& name) const;
    // The failure recorded while receiving the request's blobs, if any.
    std::optional<Error> failureFor(const nlohmann::json& id) const;
    // Frees everything held for the request.
    void release(const nlohmann::json& id);

    std::size_t heldBytes() const { return held_; }

  private:
    struct Blob {
        std::shared_ptr<Bytes> data;
        std::uint64_t nextSeq = 0;
        bool complete = false;
    };
    void fail(const std::string& key, Error error);

    std::size_t maxBytes_;
    std::size_t held_ = 0;
    std::map<std::string, std::map<std::string, Blob>> blobs_;  // request id (JSON) -> name
    std::map<std::string, Error> failures_;
};

}  // namespace kyso
