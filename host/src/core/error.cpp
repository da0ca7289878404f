#include "core/error.hpp"

namespace kyso {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidRequest:
            return "INVALID_REQUEST";
        case ErrorCode::UnknownCommand:
            return "UNKNOWN_COMMAND";
        case ErrorCode::VersionMismatch:
            return "VERSION_MISMATCH";
        case ErrorCode::TooLarge:
            return "TOO_LARGE";
        case ErrorCode::OriginNotAllowed:
            return "ORIGIN_NOT_ALLOWED";
        case ErrorCode::UserCancelled:
            return "USER_CANCELLED";
        case ErrorCode::Timeout:
            return "TIMEOUT";
        case ErrorCode::PinIncorrect:
            return "PIN_INCORRECT";
        case ErrorCode::PinLocked:
            return "PIN_LOCKED";
        case ErrorCode::TokenNotFound:
            return "TOKEN_NOT_FOUND";
        case ErrorCode::TokenRemoved:
            return "TOKEN_REMOVED";
        case ErrorCode::TokenError:
            return "TOKEN_ERROR";
        case ErrorCode::CertificateNotFound:
            return "CERTIFICATE_NOT_FOUND";
        case ErrorCode::CertificateExpired:
            return "CERTIFICATE_EXPIRED";
        case ErrorCode::UnsupportedAlgorithm:
            return "UNSUPPORTED_ALGORITHM";
        case ErrorCode::PromptFailed:
            return "PROMPT_FAILED";
        case ErrorCode::InvalidPdf:
            return "INVALID_PDF";
        case ErrorCode::EncryptedPdf:
            return "ENCRYPTED_PDF";
        case ErrorCode::TsaUnavailable:
            return "TSA_UNAVAILABLE";
        case ErrorCode::OperationNotAllowed:
            return "OPERATION_NOT_ALLOWED";
        case ErrorCode::PolicyError:
            return "POLICY_ERROR";
        case ErrorCode::RateLimited:
            return "RATE_LIMITED";
        case ErrorCode::DocumentRefused:
            return "DOCUMENT_REFUSED";
        case ErrorCode::Internal:
            return "INTERNAL";
    }
    return "INTERNAL";
}

void throwInvalidRequest(const std::string& message) {
    throw Error(ErrorCode::InvalidRequest, message);
}

}  // namespace kyso
