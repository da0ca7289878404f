#include <openssl/evp.h>
#include <openssl/objects.h>

#include <catch2/catch.hpp>
#include <string>

#include "cms_inspection.hpp"
#include "core/error.hpp"
#include "crypto/cades.hpp"
#include "crypto_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

Bytes sha(HashAlgorithm hash, const std::uint8_t* data, std::size_t size) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    REQUIRE(EVP_Digest(data, size, out.data(), &length, evpDigest(hash), nullptr) == 1);
    out.resize(length);
    return out;
}

Bytes signatureValue(CMS_SignerInfo* signerInfo) {
    const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(signerInfo);
    const unsigned char* data = ASN1_STRING_get0_data(value);
    return Bytes(data, data + ASN1_STRING_length(value));
}

const Bytes& content() {
    static const Bytes bytes = [] {
        const std::string text = "Quyết định số 45/QĐ-UBND: phê duyệt kế hoạch chuyển đổi số";
        return Bytes(text.begin(), text.end());
    }();
    return bytes;
}

CadesRequest requestFor(const std::string& identity, HashAlgorithm hash, SignatureScheme scheme) {
    CadesRequest request;
    request.hash = hash;
    request.scheme = scheme;
    request.contentDigest = sha(hash, content().data(), content().size());
    request.signerCertificate = readBinary(pkiFile(identity + ".cert.der"));
    request.chain = {pemCertificateDer(pkiFile("intermediate.pem"))};
    return request;
}

void checkCmsVerifies(const TempDir& dir, const Bytes& cms) {
    writeBinary(dir.file("sig.der"), cms);
    writeBinary(dir.file("content.bin"), content());
    std::string output;
    const int exitCode = run("openssl cms -verify -binary -inform DER -in " + dir.file("sig.der") +
                                 " -content " + dir.file("content.bin") + " -CAfile " +
                                 pkiFile("root.pem") + " -purpose any -out /dev/null",
                             &output);
    CAPTURE(output);
    CHECK(exitCode == 0);
    CHECK(output.find("Verification successful") != std::string::npos);
}

// The token verifies with openssl ts -verify, and its imprint is the hash of the signature.
void checkSignatureTimestamp(const TempDir& dir, const Bytes& cms, HashAlgorithm imprintHash) {
    ParsedCms parsed = parseCms(cms);
    CHECK(CMS_unsigned_get_attr_count(parsed.signerInfo) == 1);
    const Bytes token = unsignedAttributeValue(parsed.signerInfo, NID_id_smime_aa_timeStampToken);
    REQUIRE(!token.empty());
    const Bytes signature = signatureValue(parsed.signerInfo);
    writeBinary(dir.file("token.der"), token);
    std::string output;
    const auto verify = [&](const Bytes& imprint) {
        return run("openssl ts -verify -token_in -in " + dir.file("token.der") + " -digest " +
                       hexEncode(imprint) + " -CAfile " + pkiFile("root.pem") + " -untrusted " +
                       pkiFile("chain.pem"),
                   &output);
    };
    CHECK(verify(sha(imprintHash, signature.data(), signature.size())) == 0);
    CAPTURE(output);
    CHECK(output.find("Verification: OK") != std::string::npos);
    // Not a token over the document: the imprint must be the signature's.
    CHECK(verify(sha(imprintHash, content().data(), content().size())) != 0);
}

}  // namespace

TEST_CASE("CAdES B-T: a signature time-stamp from the local TSA for every key type",
          "[unit][cades][tsa]") {
    LocalTsa tsa;
    struct Case {
        const char* identity;
        HashAlgorithm hash;
        SignatureScheme scheme;
    };
    const Case cases[] = {
        {"person-rsa2048", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15},
        {"person-rsa3072", HashAlgorithm::Sha256, SignatureScheme::RsaPss},
        {"org-ec256", HashAlgorithm::Sha256, SignatureScheme::Ecdsa},
        {"person-ec384", HashAlgorithm::Sha384, SignatureScheme::Ecdsa},
    };
    for (const auto& c : cases) {
        CAPTURE(c.identity);
        TempDir dir;
        SoftwareSigner signer(pkiFile(std::string(c.identity) + ".key.pem"));
        CadesRequest request = requestFor(c.identity, c.hash, c.scheme);
        request.timestamp = TsaOptions{};
        request.timestamp->url = tsa.url();
        request.timestamp->timeoutSeconds = 10;
        request.timestamp->trustedRoots = {pemCertificateDer(pkiFile("root.pem"))};
        const Bytes cms = buildCades(request, signer);
        CHECK(signer.calls == 1);
        checkCmsVerifies(dir, cms);
        checkSignatureTimestamp(dir, cms, HashAlgorithm::Sha256);
        // Still exactly the three signed attributes.
        CHECK(CMS_signed_get_attr_count(parseCms(cms).signerInfo) == 3);
    }
}

TEST_CASE("a B-B signature survives a TSA outage and is time-stamped later", "[unit][cades][tsa]") {
    LocalTsa tsa;
    TempDir dir;
    SoftwareSigner signer(pkiFile("person-rsa2048.key.pem"));
    const Bytes basic = buildCades(
        requestFor("person-rsa2048", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15), signer);

    TsaOptions down;
    down.url = tsa.url("/status/503");
    down.timeoutSeconds = 2;
    try {
        addSignatureTimestamp(basic, down);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::TsaUnavailable);
    }

    TsaOptions up;
    up.url = tsa.url();
    up.hash = HashAlgorithm::Sha512;
    const Bytes stamped = addSignatureTimestamp(basic, up);
    checkCmsVerifies(dir, stamped);
    checkSignatureTimestamp(dir, stamped, HashAlgorithm::Sha512);
    // The signed part is untouched: same signature value, same signed attributes.
    CHECK(signatureValue(parseCms(stamped).signerInfo) ==
          signatureValue(parseCms(basic).signerInfo));
    CHECK(stamped.size() > basic.size() + 1000);
}

TEST_CASE("buildCades with an unreachable TSA fails with TSA_UNAVAILABLE", "[unit][cades][tsa]") {
    SoftwareSigner signer(pkiFile("org-ec256.key.pem"));
    CadesRequest request = requestFor("org-ec256", HashAlgorithm::Sha256, SignatureScheme::Ecdsa);
    request.timestamp = TsaOptions{};
    request.timestamp->url = "http://127.0.0.1:" + std::to_string(closedPort()) + "/";
    request.timestamp->timeoutSeconds = 1;
    try {
        buildCades(request, signer);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::TsaUnavailable);
        CHECK(std::string(error.what()).find(request.timestamp->url) != std::string::npos);
    }
    CHECK(signer.calls == 1);
}

TEST_CASE("addSignatureTimestamp refuses what is not a signed CMS", "[unit][cades]") {
    TsaOptions options;
    options.url = "http://127.0.0.1:9/";
    for (const Bytes& bad : {Bytes{}, Bytes{0x30, 0x00}, Bytes{0x04, 0x02, 0x01, 0x02}}) {
        try {
            addSignatureTimestamp(bad, options);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == ErrorCode::InvalidRequest);
        }
    }
}
