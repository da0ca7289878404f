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

// The client trusts the system roots; OpenSSL reads them from SSL_CERT_FILE when set.
class TrustedRootsFile {
  public:
    explicit TrustedRootsFile(const std::string& path) {
        const char* old = std::getenv("SSL_CERT_FILE");
        hadOld_ = old != nullptr;
        old_ = hadOld_ ? old : "";
        setenv("SSL_CERT_FILE", path.c_str(), 1);
    }
    ~TrustedRootsFile() {
        if (hadOld_) {
            setenv("SSL_CERT_FILE", old_.c_str(), 1);
        } else {
            unsetenv("SSL_CERT_FILE");
        }
    }

  private:
    bool hadOld_ = false;
    std::string old_;
};

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

TEST_CASE("time stamps over HTTPS check the server's certificate", "[unit][tsa][https]") {
    TempDir dir;
    makeServerCertificate(dir, "good", "127.0.0.1");
    makeServerCertificate(dir, "elsewhere", "10.1.2.3");

    SECTION("a trusted certificate for 127.0.0.1") {
        LocalTsa tsa({"--tls-cert", dir.file("good.pem"), "--tls-key", dir.file("good.key")});
        TrustedRootsFile trust(dir.file("good.pem"));
        TsaOptions options;
        options.url = "https://127.0.0.1:" + std::to_string(tsa.port()) + "/tsa";
        options.timeoutSeconds = 10;
        CHECK(!requestTimestamp(options, Bytes(32, 0x11)).der.empty());
    }
    SECTION("an untrusted certificate") {
        LocalTsa tsa({"--tls-cert", dir.file("good.pem"), "--tls-key", dir.file("good.key")});
        TrustedRootsFile trust(pkiFile("root.pem"));
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
        TrustedRootsFile trust(dir.file("elsewhere.pem"));
        TsaOptions options;
        options.url = "https://127.0.0.1:" + std::to_string(tsa.port()) + "/tsa";
        options.timeoutSeconds = 5;
        std::string message;
        CHECK(codeOf(options, &message) == ErrorCode::TsaUnavailable);
        CAPTURE(message);
        CHECK(message.find("certificate verify failed") != std::string::npos);
    }
}
