#include "crypto/tsa_client.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <string>

#include "core/error.hpp"
#include "crypto_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

Bytes someDigest(std::size_t size = 32, std::uint8_t seed = 1) {
    Bytes digest(size);
    for (std::size_t i = 0; i < size; ++i) {
        digest[i] = static_cast<std::uint8_t>(seed + i * 13);
    }
    return digest;
}

struct Failure {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    double seconds = 0;
};

Failure failureOf(const TsaOptions& options, const Bytes& digest) {
    const auto start = std::chrono::steady_clock::now();
    Failure failure;
    try {
        requestTimestamp(options, digest);
        FAIL("the time-stamp request succeeded");
    } catch (const Error& error) {
        failure.code = error.code();
        failure.message = error.what();
    }
    failure.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return failure;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a real TSA grants a verified token with our imprint", "[unit][tsa]") {
    LocalTsa tsa;
    TsaOptions options;
    options.url = tsa.url();
    options.timeoutSeconds = 10;
    const Bytes digest = someDigest();

    SECTION("integrity only (no trusted roots)") {
        const auto start = std::chrono::steady_clock::now();
        const TimestampToken token = requestTimestamp(options, digest);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        WARN("TSA round trip (local openssl ts -reply): " << ms << " ms, token " << token.der.size()
                                                          << " bytes");
        CHECK(std::abs(std::difftime(token.genTime, std::time(nullptr))) < 60);

        // openssl ts -verify, with the root: an independent check of token and imprint.
        TempDir dir;
        writeBinary(dir.file("token.der"), token.der);
        std::string output;
        const int exitCode = run("openssl ts -verify -token_in -in " + dir.file("token.der") +
                                     " -digest " + hexEncode(digest) + " -CAfile " +
                                     pkiFile("root.pem") + " -untrusted " + pkiFile("chain.pem"),
                                 &output);
        CAPTURE(output);
        CHECK(exitCode == 0);
        CHECK(contains(output, "Verification: OK"));
        // ...and a different digest does not match the token.
        Bytes other = digest;
        other[0] ^= 1;
        CHECK(run("openssl ts -verify -token_in -in " + dir.file("token.der") + " -digest " +
                      hexEncode(other) + " -CAfile " + pkiFile("root.pem") + " -untrusted " +
                      pkiFile("chain.pem"),
                  &output) != 0);
    }
    SECTION("with the test root trusted: signature and TSA chain checked") {
        options.trustedRoots = {pemCertificateDer(pkiFile("root.pem"))};
        CHECK(!requestTimestamp(options, digest).der.empty());
    }
    SECTION("with another root trusted: refused") {
        // The intermediate as the only trust anchor is fine (it issued the TSA); a stranger
        // (the TSA's own leaf reused as a 'root' of nothing else) is not.
        options.trustedRoots = {readBinary(pkiFile("person-rsa2048.cert.der"))};
        const Failure failure = failureOf(options, digest);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "does not check out"));
    }
    SECTION("SHA-384 and SHA-512 imprints") {
        options.hash = HashAlgorithm::Sha384;
        CHECK(!requestTimestamp(options, someDigest(48)).der.empty());
        options.hash = HashAlgorithm::Sha512;
        CHECK(!requestTimestamp(options, someDigest(64)).der.empty());
    }
}

TEST_CASE("TSA failures are TSA_UNAVAILABLE with the reason, in bounded time", "[unit][tsa]") {
    LocalTsa tsa;
    TsaOptions options;
    options.timeoutSeconds = 1;
    const Bytes digest = someDigest();

    SECTION("nobody listening") {
        // OpenSSL keeps retrying a refused connection until the timeout (whole seconds).
        options.url = "http://127.0.0.1:" + std::to_string(closedPort()) + "/tsa";
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, options.url));
        CHECK(contains(failure.message, "could not connect within 1 s"));
        CHECK(failure.seconds < 2.5);
    }
    SECTION("a TSA that hangs: the timeout holds") {
        options.url = tsa.url("/slow/5");
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "no answer within 1 s"));
        CHECK(failure.seconds < 2.5);  // OpenSSL counts whole seconds: between 0 and 2 s
    }
    SECTION("a slow TSA within the timeout is fine") {
        options.url = tsa.url("/slow/0.3");
        options.timeoutSeconds = 3;
        CHECK(!requestTimestamp(options, digest).der.empty());
    }
    SECTION("HTTP error status") {
        options.url = tsa.url("/status/503");
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "503"));
    }
    SECTION("garbage instead of a TimeStampResp") {
        options.url = tsa.url("/garbage");
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "not an RFC 3161 TimeStampResp"));
    }
    SECTION("an HTML page instead of DER") {
        options.url = tsa.url("/junk");
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(failure.seconds < 1.0);
    }
    SECTION("an 8 MiB answer is not read") {
        options.url = tsa.url("/huge");
        options.timeoutSeconds = 5;
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(failure.seconds < 2.0);
    }
    SECTION("a wrong content type") {
        options.url = tsa.url("/wrong-type");
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "content type"));
    }
    SECTION("a replayed answer: the nonce does not match") {
        options.url = tsa.url("/tsa");
        options.timeoutSeconds = 10;
        requestTimestamp(options, digest);  // the TSA remembers this answer
        options.url = tsa.url("/replay");
        const Failure failure = failureOf(options, digest);  // same imprint, new nonce
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "nonce mismatch"));
    }
    SECTION("a rejection carries the TSA's reason") {
        options.url = tsa.url("/tsa");
        options.timeoutSeconds = 10;
        options.policyOid = "1.2.3.4.5";
        const Failure failure = failureOf(options, digest);
        CAPTURE(failure.message);
        CHECK(failure.code == ErrorCode::TsaUnavailable);
        CHECK(contains(failure.message, "refused"));
        CHECK(contains(failure.message, "policy"));
    }
}

TEST_CASE("malformed TSA requests are INVALID_REQUEST", "[unit][tsa]") {
    TsaOptions options;
    options.url = "http://127.0.0.1:9/tsa";
    CHECK_THROWS_MATCHES(requestTimestamp(options, someDigest(31)), Error,
                         Catch::Predicate<Error>(
                             [](const Error& e) { return e.code() == ErrorCode::InvalidRequest; }));
    options.url = "ftp://example.org/tsa";
    CHECK_THROWS_MATCHES(requestTimestamp(options, someDigest()), Error,
                         Catch::Predicate<Error>(
                             [](const Error& e) { return e.code() == ErrorCode::InvalidRequest; }));
    options.url = "http://127.0.0.1:9/tsa";
    options.policyOid = "not an oid";
    CHECK_THROWS_MATCHES(requestTimestamp(options, someDigest()), Error,
                         Catch::Predicate<Error>(
                             [](const Error& e) { return e.code() == ErrorCode::InvalidRequest; }));
}
