#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace kyso {

// Every failure the host reports has one of these codes. The wire names (errorCodeName) are
// stable strings documented in docs/protocol.md; rooms throw kyso::Error and never talk about
// protocol details, so the mapping lives in exactly one place (error.cpp).
enum class ErrorCode {
    InvalidRequest,
    UnknownCommand,
    VersionMismatch,
    TooLarge,
    OriginNotAllowed,
    UserCancelled,
    Timeout,
    PinIncorrect,
    PinLocked,
    TokenNotFound,
    TokenRemoved,
    TokenError,
    CertificateNotFound,
    CertificateExpired,  // outside its validity period: expired or not yet valid
    UnsupportedAlgorithm,
    PromptFailed,
    InvalidPdf,
    EncryptedPdf,
    TsaUnavailable,
    OperationNotAllowed,  // the origin may use kyso, but IT has not allowed it this operation
    PolicyError,          // the IT policy cannot be read: every origin is refused (fail closed)
    RateLimited,          // the user cancelled this origin's dialogs several times in a row
    DocumentRefused,      // policy refuses the document's content (scripts, actions)
    Internal,  // stays last: commands/pdf_engine.cpp checks codes from the PDF module by it
};

const char* errorCodeName(ErrorCode code);

// A typed failure. `details` carries machine-readable extras (triesLeft, field names, ...)
// that are merged into the protocol error object.
class Error : public std::runtime_error {
  public:
    Error(ErrorCode code, const std::string& message, nlohmann::json details = nullptr)
        : std::runtime_error(message), code_(code), details_(std::move(details)) {}

    ErrorCode code() const { return code_; }
    const nlohmann::json& details() const { return details_; }

  private:
    ErrorCode code_;
    nlohmann::json details_;
};

// Shorthand for the most common failure: a request field that is missing or malformed.
[[noreturn]] void throwInvalidRequest(const std::string& message);

}  // namespace kyso
