#include <catch2/catch.hpp>
#include <ctime>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "crypto/certificate_info.hpp"
#include "crypto_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

// requireValidAt's failure, or a failed test if it did not throw.
Error validityFailure(const CertificateInfo& info, std::time_t when) {
    try {
        requireValidAt(info, "ab12", when);
    } catch (const Error& e) {
        return e;
    }
    FAIL("requireValidAt accepted a certificate outside its validity period");
    throw;  // not reached: FAIL ends the test
}

}  // namespace

TEST_CASE("a certificate outside its validity period cannot sign: CERTIFICATE_EXPIRED",
          "[unit][crypto][certificate]") {
    // make-pki.sh issues expired-rsa2048 from 400 to 35 days ago.
    const auto expired = readCertificate(readBinary(pkiFile("expired-rsa2048.cert.der")));
    const auto now = std::time(nullptr);
    REQUIRE(expired.notAfter < now);

    const Error late = validityFailure(expired, now);
    CHECK(late.code() == ErrorCode::CertificateExpired);
    CHECK(std::string(errorCodeName(late.code())) == "CERTIFICATE_EXPIRED");
    CHECK(late.details()["thumbprint"] == "ab12");
    CHECK(late.details()["expired"] == true);
    CHECK(late.details()["notAfter"] == isoLocalTime(expired.notAfter));
    CHECK(late.details()["notBefore"] == isoLocalTime(expired.notBefore));

    // Before notBefore it is not expired but still unusable, with the same code.
    const Error early = validityFailure(expired, expired.notBefore - 1);
    CHECK(early.code() == ErrorCode::CertificateExpired);
    CHECK(early.details()["expired"] == false);

    // Inside the period, both ends included, it passes.
    CHECK_NOTHROW(requireValidAt(expired, "ab12", expired.notBefore));
    CHECK_NOTHROW(requireValidAt(expired, "ab12", expired.notAfter));

    const auto current = readCertificate(readBinary(pkiFile("person-rsa2048.cert.der")));
    CHECK_NOTHROW(requireValidAt(current, "cd34", now));
}
