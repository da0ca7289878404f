#pragma once

#include <nlohmann/json.hpp>

#include "protocol/command.hpp"

namespace kyso {

// Checks the envelope of a {"type":"request"} message and fills a RequestContext: id,
// command, origin, lang, protocol version, params. Throws INVALID_REQUEST or VERSION_MISMATCH.
RequestContext parseRequest(const nlohmann::json& message);

// The id of a message if it has a usable one (string of 1-64 characters or a non-negative
// integer), otherwise null: errors about such messages are sent with "id": null.
nlohmann::json messageId(const nlohmann::json& message);

// Language from a "lang" value: "en" gives English, anything else Vietnamese.
Language parseLanguage(const nlohmann::json& value);

}  // namespace kyso
