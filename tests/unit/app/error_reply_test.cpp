#include "protocol/error_reply.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace kyso;

TEST_CASE("an expired certificate has its own code and messages", "[unit][protocol]") {
    const Error error(ErrorCode::CertificateExpired, "the certificate expired on ...",
                      {{"thumbprint", "ab12"}, {"expired", true}, {"notAfter", "2026-01-01"}});
    const auto vi = errorObject(error, Language::Vi);
    CHECK(vi["code"] == "CERTIFICATE_EXPIRED");
    CHECK(vi["message"].get<std::string>().find("hết hạn") != std::string::npos);
    CHECK(vi["notAfter"] == "2026-01-01");
    CHECK(vi["expired"] == true);
    CHECK(vi["detail"] == "the certificate expired on ...");
    const auto en = errorObject(error, Language::En);
    CHECK(en["message"] ==
          "The selected certificate has expired or is not yet valid, so it "
          "cannot sign.");
    // Not the generic fallback, and not CERTIFICATE_NOT_FOUND's message.
    CHECK(en["message"] != errorMessage(ErrorCode::Internal, Language::En));
    CHECK(en["message"] != errorMessage(ErrorCode::CertificateNotFound, Language::En));
}
