#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "protocol/command.hpp"

namespace kyso {

// Resolves a {"$blob": name} reference; null when there is no such (complete) blob.
using BlobLookup = std::function<std::shared_ptr<const Bytes>(const std::string& name)>;

// Typed access to a JSON object of request params: every missing or mistyped field gives
// INVALID_REQUEST naming the field by its whole path ("params.visible.rect[2]"), so handlers
// stay free of checks. Nested objects and list items are Params too, with a longer path.
// A Params refers to the JSON it reads: that must outlive it.
class Params {
  public:
    // The request's params ("params").
    explicit Params(const RequestContext& request);
    // Any JSON value at `path`: INVALID_REQUEST unless it is an object.
    Params(const nlohmann::json& object, std::string path, BlobLookup blobs);

    const std::string& path() const { return path_; }
    std::string pathOf(const std::string& field) const { return path_ + "." + field; }
    bool has(const char* field) const { return find(field) != nullptr; }
    // INVALID_REQUEST naming `field` (a key of this object, or "" for the object itself).
    [[noreturn]] void fail(const std::string& field, const std::string& problem) const;

    std::string requiredString(const char* field, std::size_t maxLength) const;
    std::optional<std::string> optionalString(const char* field, std::size_t maxLength) const;
    bool optionalBool(const char* field, bool fallback) const;
    // A finite number from min to max (whole-number limits, printed as such in the error).
    std::optional<double> optionalNumber(const char* field, double min, double max) const;
    // A whole number from min to max.
    std::optional<long long> optionalInteger(const char* field, long long min, long long max) const;
    // A binary value: base64 text or a {"$blob": name} reference.
    std::shared_ptr<const Bytes> requiredBinary(const char* field) const;
    std::shared_ptr<const Bytes> optionalBinary(const char* field) const;
    // A nested object, or nullopt when absent or null.
    std::optional<Params> optionalObject(const char* field) const;
    // A list of at most `maxItems` values (nullopt when absent or null); items are read with
    // item() or the typed helpers below.
    std::optional<std::vector<const nlohmann::json*>> optionalList(const char* field,
                                                                   std::size_t maxItems) const;
    // Item `index` of the list `field` as an object.
    Params item(const char* field, std::size_t index, const nlohmann::json& value) const;
    // A list of at most `maxItems` strings of at most `maxLength` bytes each.
    std::optional<std::vector<std::string>> optionalStrings(const char* field, std::size_t maxItems,
                                                            std::size_t maxLength) const;
    // A number inside a list ("rect[2]").
    double number(const nlohmann::json& value, const std::string& field, double min,
                  double max) const;

    const BlobLookup& blobs() const { return blobs_; }

  private:
    const nlohmann::json* find(const char* field) const;
    std::shared_ptr<const Bytes> binary(const nlohmann::json& value,
                                        const std::string& field) const;

    const nlohmann::json* object_;
    std::string path_;
    BlobLookup blobs_;
};

}  // namespace kyso
