#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "protocol/command.hpp"

namespace kyso {

// Typed access to request params: every missing or mistyped field gives INVALID_REQUEST
// naming the field, so handlers stay free of checks.
class Params {
  public:
    explicit Params(const RequestContext& request) : request_(request) {}

    std::string requiredString(const char* field, std::size_t maxLength) const;
    std::optional<std::string> optionalString(const char* field, std::size_t maxLength) const;
    bool optionalBool(const char* field, bool fallback) const;
    // A binary value: base64 text or a {"$blob": name} reference.
    std::shared_ptr<const Bytes> requiredBinary(const char* field) const;

  private:
    const nlohmann::json* find(const char* field) const;
    const RequestContext& request_;
};

}  // namespace kyso
