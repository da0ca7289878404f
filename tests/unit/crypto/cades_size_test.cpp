#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "crypto/cades.hpp"
#include "crypto_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

// The PDF writer reserves cadesSizeBound() bytes for /Contents before the signature exists:
// it must never be too small, and should not waste much. Measured here for every key, with
// 1 to 3 certificates and with or without a time-stamp (the real local TSA).
TEST_CASE("cadesSizeBound holds for every key, chain and time-stamp", "[unit][cades][size]") {
    LocalTsa tsa;
    const Bytes intermediate = pemCertificateDer(pkiFile("intermediate.pem"));
    const Bytes root = pemCertificateDer(pkiFile("root.pem"));
    const Bytes digest(32, 0x5a);
    struct Case {
        const char* identity;
        SignatureScheme scheme;
    };
    const Case cases[] = {
        {"person-rsa2048", SignatureScheme::RsaPkcs1v15},
        {"person-rsa3072", SignatureScheme::RsaPss},
        {"org-ec256", SignatureScheme::Ecdsa},
        {"person-ec384", SignatureScheme::Ecdsa},
        {"person-rsa4096", SignatureScheme::RsaPkcs1v15},
        {"person-rsa4096", SignatureScheme::RsaPss},
    };
    std::ostringstream table;
    table << "CMS sizes in bytes (actual / bound), SHA-256:\n";
    for (const auto& c : cases) {
        SoftwareSigner signer(pkiFile(std::string(c.identity) + ".key.pem"));
        const std::vector<std::vector<Bytes>> chains = {{}, {intermediate}, {intermediate, root}};
        for (const auto& chain : chains) {
            for (const bool stamped : {false, true}) {
                CAPTURE(c.identity, signatureSchemeName(c.scheme), chain.size(), stamped);
                CadesRequest request;
                request.contentDigest = digest;
                request.scheme = c.scheme;
                request.signerCertificate =
                    readBinary(pkiFile(std::string(c.identity) + ".cert.der"));
                request.chain = chain;
                if (stamped) {
                    request.timestamp = TsaOptions{};
                    request.timestamp->url = tsa.url();
                    request.timestamp->timeoutSeconds = 10;
                }
                const std::size_t bound = cadesSizeBound(request);
                const std::size_t actual = buildCades(request, signer).size();
                CHECK(actual <= bound);
                // B-B: the bound is the same CMS with the largest signature (ECDSA DER varies
                // by a few bytes). B-T: the token reserve on top.
                CHECK(bound - actual <= (stamped ? request.timestamp->tokenReserveBytes : 16));
                table << "  " << c.identity << " " << signatureSchemeName(c.scheme) << ", "
                      << chain.size() + 1 << " cert(s)" << (stamped ? ", B-T" : ", B-B") << ": "
                      << actual << " / " << bound << "\n";
            }
        }
    }
    WARN(table.str());
}

TEST_CASE("cadesSizeBound rejects what buildCades rejects", "[unit][cades][size]") {
    CadesRequest request;
    request.signerCertificate = {0x30, 0x00};
    CHECK_THROWS_AS(cadesSizeBound(request), Error);
    request.signerCertificate = readBinary(pkiFile("org-ec256.cert.der"));
    request.scheme = SignatureScheme::RsaPkcs1v15;
    try {
        cadesSizeBound(request);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::UnsupportedAlgorithm);
    }
}
