#include "protocol/error_reply.hpp"

namespace kyso {
namespace {

struct Messages {
    ErrorCode code;
    const char* vi;
    const char* en;
};

constexpr Messages kMessages[] = {
    {ErrorCode::InvalidRequest, "Yêu cầu không hợp lệ.", "The request is not valid."},
    {ErrorCode::UnknownCommand, "kyso không hỗ trợ lệnh này; hãy cập nhật kyso.",
     "kyso does not support this command; please update kyso."},
    {ErrorCode::VersionMismatch, "Phiên bản kyso không tương thích; hãy cập nhật kyso.",
     "This version of kyso is not compatible; please update kyso."},
    {ErrorCode::TooLarge, "Dữ liệu quá lớn.", "The data is too large."},
    {ErrorCode::OriginNotAllowed, "Trang web này không được phép dùng chữ ký số qua kyso.",
     "This website is not allowed to use digital signatures through kyso."},
    {ErrorCode::UserCancelled, "Người dùng đã hủy thao tác.", "The user cancelled."},
    {ErrorCode::Timeout, "Hết thời gian chờ người dùng trả lời.",
     "The user did not answer in time."},
    {ErrorCode::PinIncorrect, "Mã PIN không đúng.", "The PIN is incorrect."},
    {ErrorCode::PinLocked, "Mã PIN của token đã bị khóa; hãy liên hệ đơn vị cấp chứng thư số.",
     "The token's PIN is locked; contact the certificate issuer."},
    {ErrorCode::TokenNotFound, "Không tìm thấy token; hãy cắm token vào máy.",
     "No token found; please insert your token."},
    {ErrorCode::TokenRemoved, "Token đã bị rút ra trong khi đang ký.",
     "The token was removed during the operation."},
    {ErrorCode::TokenError, "Token báo lỗi.", "The token reported an error."},
    {ErrorCode::CertificateNotFound, "Không tìm thấy chứng thư số đã chọn trên token.",
     "The selected certificate was not found on any token."},
    {ErrorCode::CertificateExpired,
     "Chứng thư số đã chọn đã hết hạn hoặc chưa đến ngày có hiệu lực nên không thể dùng để ký.",
     "The selected certificate has expired or is not yet valid, so it cannot sign."},
    {ErrorCode::UnsupportedAlgorithm, "Khóa không hỗ trợ thuật toán ký này.",
     "The key does not support this signature algorithm."},
    {ErrorCode::PromptFailed, "Không mở được hộp thoại nhập mã PIN.",
     "The PIN dialog could not be shown."},
    {ErrorCode::InvalidPdf, "Tệp PDF bị lỗi hoặc không đọc được.",
     "The PDF file is damaged or unreadable."},
    {ErrorCode::EncryptedPdf, "Tệp PDF được mã hóa nên không thể ký.",
     "The PDF file is encrypted and cannot be signed."},
    {ErrorCode::TsaUnavailable, "Không lấy được dấu thời gian từ máy chủ TSA.",
     "The timestamp server could not be reached."},
    {ErrorCode::OperationNotAllowed,
     "Trang web này không được phép dùng chức năng này của kyso (quản trị chưa cho phép).",
     "This website may not use this kyso function (IT has not allowed it)."},
    {ErrorCode::PolicyError,
     "Không đọc được chính sách do quản trị cài đặt nên kyso từ chối mọi yêu cầu; hãy liên hệ "
     "bộ phận CNTT.",
     "kyso cannot read the policy set by IT, so it refuses every request; contact your IT "
     "department."},
    {ErrorCode::RateLimited,
     "Bạn đã hủy nhiều yêu cầu liên tiếp của trang web này; hãy chờ một lát rồi thử lại.",
     "You cancelled several requests from this website in a row; wait a moment and try again."},
    {ErrorCode::DocumentRefused,
     "Tài liệu chứa mã lệnh hoặc hành động tự động mà chính sách của đơn vị không cho phép ký.",
     "The document contains scripts or automatic actions that your organisation's policy does "
     "not allow to be signed."},
    {ErrorCode::Internal, "Lỗi nội bộ của kyso.", "Internal kyso error."},
};

}  // namespace

const char* errorMessage(ErrorCode code, Language lang) {
    for (const auto& entry : kMessages) {
        if (entry.code == code) {
            return lang == Language::En ? entry.en : entry.vi;
        }
    }
    return lang == Language::En ? "Internal kyso error." : "Lỗi nội bộ của kyso.";
}

nlohmann::json errorObject(const Error& error, Language lang) {
    nlohmann::json object = nlohmann::json::object();
    if (error.details().is_object()) {
        object = error.details();
    }
    object["code"] = errorCodeName(error.code());
    object["message"] = errorMessage(error.code(), lang);
    object["detail"] = error.what();
    return object;
}

}  // namespace kyso
