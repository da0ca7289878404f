#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "crypto/tsa_client.hpp"
#include "crypto_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

// A self-signed server certificate for an IP address, made with the openssl CLI.
void makeServerCertificate(const TempDir& dir, const std::string& name, const std::string& ip) {
    std::string output;
    const int exitCode =
        run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "
            "/CN=kyso-test-tsa -addext subjectAltName=IP:" +
                ip + " -keyout " + dir.file(name + ".key") + " -out " + dir.file(name + ".pem"),
            &output);
    INFO(output);
    REQUIRE(exitCode == 0);
}

ErrorCode codeOf(const TsaOptions& options, std::string* message) {
    try {
        requestTimestamp(options, Bytes(32, 0x11));
    } catch (const Error& error) {
        *message = error.what();
        return error.code();
    }
    return ErrorCode::Internal;
}

}  // namespace

// The client trusts the system roots; OpenSSL reads them from SSL_CERT_FILE when it is set.
TEST_CASE("time stamps over HTTPS check the server's certificate", "[unit][tsa][https]") {
    TempDir dir;
    makeServerCertificate(dir, "good", "127.0.0.1");
    makeServerCertificate(dir, "elsewhere", "10.1.2.3");

    SECTION("a trusted certificate for 127.0.0.1") {
        LocalTsa tsa({"--tls-cert", dir.file("good.pem"), "--tls-key", dir.file("good.key")});
        ScopedEnv trust("SSL_CERT_FILE", dir.file("good.pem").c_str());
        TsaOptions options;
        options.url = "https://127.0.0.1:" + std::to_string(tsa.port()) + "/tsa";
        options.timeoutSeconds = 10;
        CHECK(!requestTimestamp(options, Bytes(32, 0x11)).der.empty());
    }
    SECTION("an untrusted certificate") {
        LocalTsa tsa({"--tls-cert", dir.file("good.pem"), "--tls-key", dir.file("good.key")});
        ScopedEnv trust("SSL_CERT_FILE", pkiFile("root.pem").c_str());
        TsaOptions options;
        options.url = "https://127.0.0.1:" + std::to_string(tsa.port()) + "/tsa";
        options.timeoutSeconds = 5;
        std::string message;
        CHECK(codeOf(options, &message) == ErrorCode::TsaUnavailable);
        CAPTURE(message);
        CHECK(message.find("certificate verify failed") != std::string::npos);
    }
    SECTION("a trusted certificate for another address") {
        LocalTsa tsa(
            {"--tls-cert", dir.file("elsewhere.pem"), "--tls-key", dir.file("elsewhere.key")});
        ScopedEnv trust("SSL_CERT_FILE", dir.file("elsewhere.pem").c_str());
        TsaOptions options;
        options.url = "https://127.0.0.1:" + std::to_string(tsa.port()) + "/tsa";
        options.timeoutSeconds = 5;
        std::string message;
        CHECK(codeOf(options, &message) == ErrorCode::TsaUnavailable);
        CAPTURE(message);
        CHECK(message.find("certificate verify failed") != std::string::npos);
    }
}

TEST_CASE("time stamps through an HTTP proxy, plain and tunnelled", "[unit][tsa][proxy]") {
    TempDir dir;
    makeServerCertificate(dir, "good", "127.0.0.1");
    LocalProxy proxy;
    ScopedEnv noProxy("no_proxy", nullptr);
    ScopedEnv noProxyUpper("NO_PROXY", nullptr);
    const auto proxyLog = [&] {
        std::string log;
        run("cat " + proxy.logFile(), &log);
        return log;
    };

    SECTION("http:// goes to the proxy with the absolute URL") {
        LocalTsa tsa;
        ScopedEnv viaProxy("http_proxy", proxy.url().c_str());
        TsaOptions options;
        options.url = tsa.url();
        options.timeoutSeconds = 10;
        CHECK(!requestTimestamp(options, Bytes(32, 0x22)).der.empty());
        CHECK(proxyLog().find("POST " + tsa.url()) != std::string::npos);
    }
    SECTION("https:// is tunnelled with CONNECT and still checks the TSA's certificate") {
        LocalTsa tsa({"--tls-cert", dir.file("good.pem"), "--tls-key", dir.file("good.key")});
        ScopedEnv viaProxy("https_proxy", proxy.url().c_str());
        ScopedEnv trust("SSL_CERT_FILE", dir.file("good.pem").c_str());
        TsaOptions options;
        options.url = "https://127.0.0.1:" + std::to_string(tsa.port()) + "/tsa";
        options.timeoutSeconds = 10;
        CHECK(!requestTimestamp(options, Bytes(32, 0x22)).der.empty());
        CHECK(proxyLog().find("CONNECT 127.0.0.1:" + std::to_string(tsa.port())) !=
              std::string::npos);
    }
}
