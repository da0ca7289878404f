// KysoError: every failure of the page API, with a stable `code` to branch on and a
// message in Vietnamese or English. Host codes (docs/protocol.md) pass through unchanged.

const MESSAGES = {
  EXTENSION_UNAVAILABLE: [
    'Chưa cài hoặc chưa bật tiện ích kyso trên trình duyệt này.',
    'The kyso browser extension is not installed or not enabled.',
  ],
  NATIVE_UNAVAILABLE: [
    'Chưa cài phần mềm kyso trên máy tính (hoặc phần mềm đã dừng).',
    'The kyso application is not installed on this computer (or it stopped).',
  ],
  VERSION_MISMATCH: [
    'Phiên bản kyso không tương thích: vui lòng cập nhật kyso.',
    'The kyso versions do not match: please update kyso.',
  ],
  USER_CANCELLED: ['Người dùng đã hủy thao tác.', 'The user cancelled.'],
  PIN_INCORRECT: ['Mã PIN không đúng.', 'The PIN is incorrect.'],
  PIN_LOCKED: [
    'Mã PIN của thiết bị ký số đã bị khóa. Liên hệ nhà cung cấp chứng thư số.',
    'The token PIN is locked. Contact your certificate provider.',
  ],
  TIMEOUT: ['Hết thời gian chờ.', 'The operation timed out.'],
  BUSY: ['kyso đang bận với các yêu cầu khác, vui lòng thử lại.', 'kyso is busy with other requests, try again.'],
  ORIGIN_NOT_ALLOWED: ['Trang này không được phép dùng kyso.', 'This site is not allowed to use kyso.'],
  CONTEXT_INSECURE: [
    'kyso chỉ hoạt động trên trang https.',
    'kyso only works on https pages.',
  ],
  INVALID_REQUEST: ['Yêu cầu không hợp lệ.', 'The request is invalid.'],
  UNKNOWN_COMMAND: [
    'Phiên bản kyso đang cài chưa hỗ trợ chức năng này.',
    'The installed kyso does not support this function yet.',
  ],
  NOT_SUPPORTED: ['Chức năng này chưa được hỗ trợ.', 'This function is not supported.'],
  TOO_LARGE: ['Dữ liệu quá lớn.', 'The data is too large.'],
  TOKEN_NOT_FOUND: ['Không tìm thấy thiết bị ký số (USB token).', 'No signing token (USB token) was found.'],
  TOKEN_REMOVED: ['Thiết bị ký số đã bị rút ra.', 'The token was removed.'],
  TOKEN_ERROR: ['Thiết bị ký số báo lỗi.', 'The token reported an error.'],
  CERTIFICATE_NOT_FOUND: ['Không tìm thấy chứng thư số đã chọn.', 'The chosen certificate was not found.'],
  CERTIFICATE_EXPIRED: [
    'Chứng thư số đã chọn đã hết hạn hoặc chưa đến ngày có hiệu lực.',
    'The chosen certificate has expired or is not yet valid.',
  ],
  UNSUPPORTED_ALGORITHM: ['Khóa không hỗ trợ thuật toán này.', 'The key does not support this algorithm.'],
  PROMPT_FAILED: ['Không mở được hộp thoại nhập PIN.', 'The PIN dialog could not be opened.'],
  INVALID_PDF: ['Tệp PDF không hợp lệ.', 'The PDF file is invalid.'],
  ENCRYPTED_PDF: ['Tệp PDF đã được mã hóa.', 'The PDF file is encrypted.'],
  TSA_UNAVAILABLE: ['Không kết nối được máy chủ cấp dấu thời gian.', 'The timestamp server is unavailable.'],
  OPERATION_NOT_ALLOWED: [
    'Trang web này không được phép dùng chức năng này của kyso (quản trị chưa cho phép).',
    'This website may not use this kyso function (IT has not allowed it).',
  ],
  POLICY_ERROR: [
    'Không đọc được chính sách do quản trị cài đặt nên kyso từ chối mọi yêu cầu; hãy liên hệ bộ phận CNTT.',
    'kyso cannot read the policy set by IT, so it refuses every request; contact your IT department.',
  ],
  RATE_LIMITED: [
    'Bạn đã hủy nhiều yêu cầu liên tiếp của trang web này; hãy chờ một lát rồi thử lại.',
    'You cancelled several requests from this website in a row; wait a moment and try again.',
  ],
  DOCUMENT_REFUSED: [
    'Tài liệu chứa mã lệnh hoặc hành động tự động mà chính sách của đơn vị không cho phép ký.',
    "The document contains scripts or automatic actions that your organisation's policy does not allow to be signed.",
  ],
  INTERNAL: ['Lỗi nội bộ của kyso.', 'kyso internal error.'],
  UNKNOWN_ERROR: ['Lỗi không xác định.', 'Unknown error.'],
};

export const ERROR_CODES = Object.freeze(Object.keys(MESSAGES));

export function messageFor(code, lang) {
  const pair = MESSAGES[code] ?? MESSAGES.UNKNOWN_ERROR;
  return lang === 'en' ? pair[1] : pair[0];
}

export class KysoError extends Error {
  // details: what the host or extension added (triesLeft, field, origin, ...);
  // hostMessage: the host's or extension's own wording, for logs.
  constructor(code, { lang = 'vi', details = {}, hostMessage = null } = {}) {
    super(messageFor(code, lang));
    this.name = 'KysoError';
    this.code = code;
    this.details = details;
    this.hostMessage = hostMessage;
  }
}

// From an `error` object of the protocol ({code, message, ...details}).
export function fromErrorObject(error, lang) {
  const { code, message, ...details } = error && typeof error === 'object' ? error : {};
  const known = typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code);
  return new KysoError(known ? code : 'UNKNOWN_ERROR', {
    lang,
    details,
    hostMessage: typeof message === 'string' ? message : null,
  });
}
