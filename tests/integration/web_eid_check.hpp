#pragma once

// The server side of a Web eID login, written independently of the host with OpenSSL: what a
// portal checks before it lets a user in. Shared by the authenticate tests and the tests that
// replay the login-oracle attack (login_oracle_test.cpp).

#include <openssl/evp.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kyso::test {

// hash(origin) || hash(nonce): the data a web-eid:1.0 token signs (and what a site that knows
// another site's nonce can compute for that site).
std::vector<std::uint8_t> webEidPreimage(const EVP_MD* md, const std::string& origin,
                                         const std::string& nonce);

// True when `token` (the authenticate result) is a valid login for `origin` and `nonce`: its
// signature verifies over webEidPreimage() with its certificate's key and its algorithm.
bool webEidTokenVerifies(const nlohmann::json& token, const std::string& origin,
                         const std::string& nonce);

}  // namespace kyso::test
