#pragma once

#include <openssl/crypto.h>

#include <string>

namespace kyso {

// A secret (a PIN) that is wiped from memory when it goes away. It is never copied
// implicitly, never logged, and never serialised to the browser.
class SecureString {
  public:
    SecureString() = default;
    explicit SecureString(std::string value) : value_(std::move(value)) {}
    SecureString(const SecureString&) = delete;
    SecureString& operator=(const SecureString&) = delete;
    SecureString(SecureString&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
    SecureString& operator=(SecureString&& other) noexcept {
        if (this != &other) {
            wipe();
            value_ = std::move(other.value_);
            other.wipe();
        }
        return *this;
    }
    ~SecureString() { wipe(); }

    const char* c_str() const { return value_.c_str(); }
    std::size_t size() const { return value_.size(); }
    bool empty() const { return value_.empty(); }
    // For appending while reading a secret; the buffer is wiped like the rest.
    std::string& buffer() { return value_; }

    void wipe() {
        // Wipe the whole capacity: std::string may have grown and left old copies behind.
        value_.resize(value_.capacity());
        OPENSSL_cleanse(value_.data(), value_.size());
        value_.clear();
    }

  private:
    std::string value_;
};

}  // namespace kyso
