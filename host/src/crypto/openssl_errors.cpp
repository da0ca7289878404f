#include "crypto/openssl_errors.hpp"

#include <openssl/err.h>

namespace kyso {

std::string takeOpenSslErrors() {
    std::string text;
    const char* data = nullptr;
    int flags = 0;
    unsigned long code = 0;
    while ((code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) != 0) {
        const char* reason = ERR_reason_error_string(code);
        std::string item = reason != nullptr ? reason : "error " + std::to_string(code);
        if (data != nullptr && (flags & ERR_TXT_STRING) != 0 && *data != '\0') {
            item += std::string(" (") + data + ")";
        }
        // Consecutive duplicates add nothing for the reader.
        if (text.size() < item.size() ||
            text.compare(text.size() - item.size(), item.size(), item) != 0) {
            text += (text.empty() ? "" : "; ") + item;
        }
    }
    return text.empty() ? "no detail from OpenSSL" : text;
}

}  // namespace kyso
