#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "policy/config.hpp"
#include "policy/origin.hpp"

using namespace kyso;
using nlohmann::json;

TEST_CASE("origins are parsed strictly", "[unit][policy]") {
    const auto ok = parseOrigin("https://dichvucong.gov.vn:8443");
    REQUIRE(ok);
    CHECK(ok->host == "dichvucong.gov.vn");
    CHECK(ok->port == 8443);
    CHECK(parseOrigin("https://[::1]:443"));
    for (const char* bad : {"https://", "https://a.vn/", "https://a.vn/x", "https://a.vn?x",
                            "https://a.vn#x", "ftp://a.vn", "https://u@a.vn", "https://a.vn:0",
                            "https://a.vn:99999", "https://a.vn:", "https://A.vn", "https://.a.vn",
                            "https://a vn", "https://a.vn\n", "javascript:alert(1)"}) {
        CAPTURE(bad);
        CHECK_FALSE(parseOrigin(bad));
    }
    CHECK_FALSE(parseOrigin("https://" + std::string(260, 'a')));
}

TEST_CASE("policy allows, denies and narrows", "[unit][policy]") {
    Config config;
    CHECK(originAllowed("https://any.vn", config));
    CHECK_FALSE(originAllowed("http://any.vn", config));
    CHECK_FALSE(originAllowed("http://localhost:3000", config));
    config.allowInsecureLocalhost = true;
    CHECK(originAllowed("http://localhost:3000", config));
    CHECK(originAllowed("http://127.0.0.1", config));
    CHECK_FALSE(originAllowed("http://localhost.evil.vn", config));
    config.allowedOrigins = {"https://*.gov.vn"};
    config.deniedOrigins = {"https://phishing.gov.vn"};
    CHECK(originAllowed("https://dichvucong.gov.vn", config));
    CHECK_FALSE(originAllowed("https://gov.vn", config));
    CHECK_FALSE(originAllowed("https://evilgov.vn", config));
    CHECK_FALSE(originAllowed("https://phishing.gov.vn", config));
    CHECK_FALSE(originAllowed("https://dichvucong.gov.vn.evil.com", config));
}

TEST_CASE("configuration files: policy wins, bad files change nothing", "[unit][policy]") {
    Config config;
    applyConfigJson(config, R"({"pkcs11Modules": ["/user.so"], "allowedOrigins": ["https://u.vn"],
                                "allowInsecureLocalhost": true, "futureKey": 1})",
                    false);
    applyConfigJson(config, R"({"pkcs11Modules": ["/it.so"], "allowedOrigins": ["https://it.vn"],
                                "allowInsecureLocalhost": false})",
                    true);
    CHECK(config.pkcs11Modules == std::vector<std::string>{"/it.so", "/user.so"});
    CHECK(config.allowedOrigins == std::vector<std::string>{"https://it.vn"});
    CHECK_FALSE(config.allowInsecureLocalhost);
    CHECK_THROWS(applyConfigJson(config, "[]", false));
    CHECK_THROWS(applyConfigJson(config, R"({"pkcs11Modules": "x"})", false));
    CHECK_THROWS(applyConfigJson(config, R"({"maxRequestBytes": 12})", false));
}

TEST_CASE("a pattern without a port matches its host on every port", "[unit][policy]") {
    Config config;
    config.deniedOrigins = {"https://*.evil.vn", "https://phishing.gov.vn"};
    for (const char* denied :
         {"https://x.evil.vn", "https://x.evil.vn:444", "https://a.b.evil.vn:8443",
          "https://phishing.gov.vn:443", "https://phishing.gov.vn:8443"}) {
        CAPTURE(denied);
        CHECK_FALSE(originAllowed(denied, config));
    }
    CHECK(originAllowed("https://evil.vn:444", config));  // *.evil.vn: subdomains only
    CHECK(originAllowed("https://notevil.vn", config));
    CHECK(originAllowed("https://x.evil.vn.other.vn:444", config));
}

TEST_CASE("a pattern with a port matches only that port, and 443 is https without one",
          "[unit][policy]") {
    Config config;
    config.allowedOrigins = {"https://portal.gov.vn:8443", "https://*.hanoi.gov.vn:443",
                             "https://dichvucong.gov.vn"};
    CHECK(originAllowed("https://portal.gov.vn:8443", config));
    CHECK_FALSE(originAllowed("https://portal.gov.vn", config));
    CHECK_FALSE(originAllowed("https://portal.gov.vn:9443", config));
    CHECK(originAllowed("https://so.hanoi.gov.vn", config));
    CHECK(originAllowed("https://so.hanoi.gov.vn:443", config));
    CHECK_FALSE(originAllowed("https://so.hanoi.gov.vn:8443", config));
    CHECK(originAllowed("https://dichvucong.gov.vn:8443", config));
    config.allowInsecureLocalhost = true;
    config.allowedOrigins = {"http://localhost:80"};
    CHECK(originAllowed("http://localhost", config));
    CHECK_FALSE(originAllowed("http://localhost:3000", config));
    config.allowedOrigins = {"http://localhost"};
    CHECK(originAllowed("http://localhost:3000", config));
    CHECK_FALSE(originAllowed("https://localhost", config));  // the scheme always counts
}

TEST_CASE("origin patterns are parsed strictly and a file with a bad one is refused",
          "[unit][policy]") {
    const auto wildcard = parseOriginPattern("https://*.Gov.VN:8443");
    REQUIRE(wildcard);
    CHECK(wildcard->anySubdomain);
    CHECK(wildcard->host == "gov.vn");
    CHECK(wildcard->port == 8443);
    for (const char* bad :
         {"evil.vn", "*.evil.vn", "https://evil.vn/", "https://*", "https://*evil.vn",
          "https://a.*.evil.vn", "https://evil.vn:99999", "ftp://evil.vn", ""}) {
        CAPTURE(bad);
        CHECK_FALSE(parseOriginPattern(bad));
        Config config;
        CHECK_THROWS_AS(applyConfigJson(config, json({{"deniedOrigins", {bad}}}).dump(), true),
                        Error);
        CHECK_THROWS_AS(applyConfigJson(config, json({{"allowedOrigins", {bad}}}).dump(), true),
                        Error);
    }
}

TEST_CASE("blob expiry and cancel backoff are read within their ranges", "[unit][policy]") {
    Config config;
    CHECK(config.blobExpirySeconds == 60);
    CHECK(config.cancelBackoffSeconds == 30);
    applyConfigJson(config, R"({"blobExpirySeconds": 5, "cancelBackoffSeconds": 2})", false);
    CHECK(config.blobExpirySeconds == 5);
    CHECK(config.cancelBackoffSeconds == 2);
    CHECK_THROWS(applyConfigJson(config, R"({"blobExpirySeconds": 0})", false));
    CHECK_THROWS(applyConfigJson(config, R"({"cancelBackoffSeconds": 601})", false));
    CHECK_THROWS(applyConfigJson(config, R"({"cancelBackoffSeconds": "30"})", false));
}
