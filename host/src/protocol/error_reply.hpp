#pragma once

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "prompt/prompter.hpp"

namespace kyso {

// The one place where typed errors become protocol error objects:
// {"code": "PIN_LOCKED", "message": <for the user, in their language>, "detail": <technical,
// English>, ...details}.
nlohmann::json errorObject(const Error& error, Language lang);

// The user-facing sentence for a code, in Vietnamese or English.
const char* errorMessage(ErrorCode code, Language lang);

}  // namespace kyso
