#include "crypto/cades.hpp"

#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cms_inspection.hpp"
#include "core/error.hpp"
#include "crypto/der.hpp"
#include "crypto_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

Bytes digestOf(HashAlgorithm hash, const Bytes& data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    REQUIRE(EVP_Digest(data.data(), data.size(), out.data(), &length, evpDigest(hash), nullptr) ==
            1);
    out.resize(length);
    return out;
}

// Stands for the ByteRange bytes of a PDF.
Bytes sampleContent() {
    const std::string text =
        "%PDF-1.7 Công văn số 123/UBND-VP về việc triển khai chữ ký số chuyên dùng Chính phủ";
    Bytes content(text.begin(), text.end());
    for (int i = 0; i < 5000; ++i) {
        content.push_back(static_cast<std::uint8_t>(i * 7919 % 251));
    }
    return content;
}

CadesRequest requestFor(const std::string& identity, HashAlgorithm hash, SignatureScheme scheme,
                        const Bytes& content) {
    CadesRequest request;
    request.contentDigest = digestOf(hash, content);
    request.hash = hash;
    request.scheme = scheme;
    request.signerCertificate = readBinary(pkiFile(identity + ".cert.der"));
    request.chain = {pemCertificateDer(pkiFile("intermediate.pem"))};
    return request;
}

// `openssl cms -verify` against the test root, with the content given separately.
std::string opensslVerify(const TempDir& dir, const Bytes& cms, const Bytes& content,
                          int* exitCode) {
    writeBinary(dir.file("sig.der"), cms);
    writeBinary(dir.file("content.bin"), content);
    std::string output;
    *exitCode = run("openssl cms -verify -binary -inform DER -in " + dir.file("sig.der") +
                        " -content " + dir.file("content.bin") + " -CAfile " + pkiFile("root.pem") +
                        " -purpose any -out /dev/null",
                    &output);
    return output;
}

struct KeyCase {
    const char* identity;
    HashAlgorithm hash;
    SignatureScheme scheme;
    int signatureNid;
};

}  // namespace

TEST_CASE("CAdES B-B for every key type verifies with openssl cms", "[unit][cades]") {
    const KeyCase cases[] = {
        {"person-rsa2048", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15,
         NID_sha256WithRSAEncryption},
        {"person-rsa3072", HashAlgorithm::Sha256, SignatureScheme::RsaPss, NID_rsassaPss},
        {"org-ec256", HashAlgorithm::Sha256, SignatureScheme::Ecdsa, NID_ecdsa_with_SHA256},
        {"person-ec384", HashAlgorithm::Sha384, SignatureScheme::Ecdsa, NID_ecdsa_with_SHA384},
        {"person-rsa4096", HashAlgorithm::Sha512, SignatureScheme::RsaPkcs1v15,
         NID_sha512WithRSAEncryption},
        {"person-rsa2048", HashAlgorithm::Sha384, SignatureScheme::RsaPss, NID_rsassaPss},
    };
    const Bytes content = sampleContent();
    for (const auto& c : cases) {
        CAPTURE(c.identity, hashAlgorithmName(c.hash), signatureSchemeName(c.scheme));
        TempDir dir;
        SoftwareSigner signer(pkiFile(std::string(c.identity) + ".key.pem"));
        const CadesRequest request = requestFor(c.identity, c.hash, c.scheme, content);
        const Bytes cms = buildCades(request, signer);
        CHECK(signer.calls == 1);

        int exitCode = -1;
        const std::string output = opensslVerify(dir, cms, content, &exitCode);
        CAPTURE(output);
        CHECK(exitCode == 0);
        CHECK(output.find("Verification successful") != std::string::npos);

        // Other content: the same signature must not verify.
        Bytes other = content;
        other[10] ^= 1;
        const std::string rejected = opensslVerify(dir, cms, other, &exitCode);
        CHECK(exitCode != 0);
        CHECK(rejected.find("Verification successful") == std::string::npos);

        ParsedCms parsed = parseCms(cms);
        // Canonical DER: OpenSSL re-encodes the parsed structure to the very same bytes.
        CHECK(derOf([&](unsigned char** out) { return i2d_CMS_ContentInfo(parsed.cms.get(), out); },
                    "cms") == cms);
        CHECK(OBJ_obj2nid(CMS_get0_eContentType(parsed.cms.get())) == NID_pkcs7_data);
        CHECK(CMS_is_detached(parsed.cms.get()) == 1);
        CHECK(signatureAlgorithmNid(parsed.signerInfo) == c.signatureNid);
        // Exactly content-type, message-digest and signing-certificate-v2: no signing-time.
        CHECK(CMS_signed_get_attr_count(parsed.signerInfo) == 3);
        CHECK(CMS_signed_get_attr_by_NID(parsed.signerInfo, NID_pkcs9_signingTime, -1) == -1);
        CHECK(CMS_signed_get_attr_by_NID(parsed.signerInfo, NID_pkcs9_contentType, -1) >= 0);
        CHECK(CMS_signed_get_attr_by_NID(parsed.signerInfo, NID_pkcs9_messageDigest, -1) >= 0);
        CHECK(CMS_unsigned_get_attr_count(parsed.signerInfo) <= 0);

        // signing-certificate-v2 names this certificate (hash and issuerSerial)...
        const Bytes essValue =
            signedAttributeValue(parsed.signerInfo, NID_id_smime_aa_signingCertificateV2);
        REQUIRE(!essValue.empty());
        const unsigned char* p = essValue.data();
        EssSigningCertV2Ptr ess(
            d2i_ESS_SIGNING_CERT_V2(nullptr, &p, static_cast<long>(essValue.size())));
        REQUIRE(ess);
        X509Ptr cert = parseCertificate(request.signerCertificate, "cert");
        X509Ptr intermediate = parseCertificate(request.chain[0], "intermediate");
        BorrowedX509StackPtr chain(sk_X509_new_null());
        sk_X509_push(chain.get(), cert.get());
        CHECK(OSSL_ESS_check_signing_certs(nullptr, ess.get(), chain.get(), 1) == 1);
        // ...and not another one.
        BorrowedX509StackPtr wrong(sk_X509_new_null());
        sk_X509_push(wrong.get(), intermediate.get());
        CHECK(OSSL_ESS_check_signing_certs(nullptr, ess.get(), wrong.get(), 1) != 1);
        // hashAlgorithm is left out exactly when it is the DEFAULT, SHA-256; issuerSerial is
        // always there.
        const std::vector<int> expectedTags = c.hash == HashAlgorithm::Sha256
                                                  ? std::vector<int>{0x04, 0x30}
                                                  : std::vector<int>{0x30, 0x04, 0x30};
        CHECK(essCertIdV2ElementTags(essValue) == expectedTags);

        // The certificates travel with the signature: signer and intermediate.
        BorrowedX509StackPtr certs(CMS_get1_certs(parsed.cms.get()));
        CHECK(sk_X509_num(certs.get()) == 2);
        sk_X509_pop_free(certs.release(), X509_free);
    }
}

TEST_CASE("openssl cms -cmsout -print shows the three attributes and no signing time",
          "[unit][cades]") {
    TempDir dir;
    const Bytes content = sampleContent();
    SoftwareSigner signer(pkiFile("person-rsa2048.key.pem"));
    const Bytes cms = buildCades(
        requestFor("person-rsa2048", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, content),
        signer);
    writeBinary(dir.file("sig.der"), cms);
    std::string printed;
    REQUIRE(run("openssl cms -cmsout -print -inform DER -in " + dir.file("sig.der"), &printed) ==
            0);
    CAPTURE(printed);
    CHECK(printed.find("contentType") != std::string::npos);
    CHECK(printed.find("messageDigest") != std::string::npos);
    CHECK(printed.find("id-smime-aa-signingCertificateV2") != std::string::npos);
    CHECK(printed.find("signingTime") == std::string::npos);
    CHECK(printed.find("sha256WithRSAEncryption") != std::string::npos);
}

TEST_CASE("RSA-PSS names its parameters: SHA-256, MGF1 with SHA-256, salt 32", "[unit][cades]") {
    SoftwareSigner signer(pkiFile("person-rsa3072.key.pem"));
    const Bytes cms = buildCades(requestFor("person-rsa3072", HashAlgorithm::Sha256,
                                            SignatureScheme::RsaPss, sampleContent()),
                                 signer);
    ParsedCms parsed = parseCms(cms);
    X509_ALGOR* algorithm = nullptr;
    CMS_SignerInfo_get0_algs(parsed.signerInfo, nullptr, nullptr, nullptr, &algorithm);
    const ASN1_OBJECT* oid = nullptr;
    int type = 0;
    const void* value = nullptr;
    X509_ALGOR_get0(&oid, &type, &value, algorithm);
    REQUIRE(OBJ_obj2nid(oid) == NID_rsassaPss);
    REQUIRE(type == V_ASN1_SEQUENCE);

    const auto* sequence = static_cast<const ASN1_STRING*>(value);
    const unsigned char* p = ASN1_STRING_get0_data(sequence);
    RsaPssParamsPtr params(d2i_RSA_PSS_PARAMS(nullptr, &p, ASN1_STRING_length(sequence)));
    REQUIRE(params);
    X509_ALGOR_get0(&oid, nullptr, nullptr, params->hashAlgorithm);
    CHECK(OBJ_obj2nid(oid) == NID_sha256);
    X509_ALGOR_get0(&oid, &type, &value, params->maskGenAlgorithm);
    CHECK(OBJ_obj2nid(oid) == NID_mgf1);
    REQUIRE(type == V_ASN1_SEQUENCE);
    X509AlgorPtr mgfHash(static_cast<X509_ALGOR*>(ASN1_TYPE_unpack_sequence(
        ASN1_ITEM_rptr(X509_ALGOR), params->maskGenAlgorithm->parameter)));
    REQUIRE(mgfHash);
    X509_ALGOR_get0(&oid, nullptr, nullptr, mgfHash.get());
    CHECK(OBJ_obj2nid(oid) == NID_sha256);
    CHECK(ASN1_INTEGER_get(params->saltLength) == 32);
    CHECK(params->trailerField == nullptr);  // DEFAULT 1, so absent in DER
}

TEST_CASE("the chain is embedded once, whatever the caller passes", "[unit][cades]") {
    const Bytes content = sampleContent();
    SoftwareSigner signer(pkiFile("org-ec256.key.pem"));
    CadesRequest request =
        requestFor("org-ec256", HashAlgorithm::Sha256, SignatureScheme::Ecdsa, content);
    const Bytes intermediate = request.chain[0];
    const Bytes root = pemCertificateDer(pkiFile("root.pem"));
    request.chain = {intermediate, root, request.signerCertificate, intermediate};
    ParsedCms parsed = parseCms(buildCades(request, signer));
    BorrowedX509StackPtr certs(CMS_get1_certs(parsed.cms.get()));
    CHECK(sk_X509_num(certs.get()) == 3);
    sk_X509_pop_free(certs.release(), X509_free);
}

TEST_CASE("bad requests give typed errors and never reach the signer", "[unit][cades]") {
    const Bytes content = sampleContent();
    SoftwareSigner rsaSigner(pkiFile("person-rsa2048.key.pem"));
    SoftwareSigner ecSigner(pkiFile("org-ec256.key.pem"));
    auto codeOf = [](auto&& call) {
        try {
            call();
        } catch (const Error& error) {
            return error.code();
        }
        FAIL("no kyso::Error thrown");
        return ErrorCode::Internal;
    };

    CadesRequest request =
        requestFor("person-rsa2048", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, content);
    SECTION("a digest of the wrong length") {
        for (std::size_t size : {0, 20, 31, 33, 48, 64}) {
            CAPTURE(size);
            request.contentDigest.assign(size, 0xab);
            CHECK(codeOf([&] { buildCades(request, rsaSigner); }) == ErrorCode::InvalidRequest);
        }
        request.hash = HashAlgorithm::Sha384;
        request.contentDigest.assign(32, 0xab);
        CHECK(codeOf([&] { buildCades(request, rsaSigner); }) == ErrorCode::InvalidRequest);
    }
    SECTION("a signer certificate that is not DER X.509") {
        request.signerCertificate = {0x30, 0x03, 0x02, 0x01, 0x01};
        CHECK(codeOf([&] { buildCades(request, rsaSigner); }) == ErrorCode::InvalidRequest);
        request.signerCertificate = readBinary(pkiFile("person-rsa2048.cert.pem"));  // PEM
        CHECK(codeOf([&] { buildCades(request, rsaSigner); }) == ErrorCode::InvalidRequest);
    }
    SECTION("a broken chain certificate") {
        request.chain.push_back({0x01, 0x02});
        CHECK(codeOf([&] { buildCades(request, rsaSigner); }) == ErrorCode::InvalidRequest);
    }
    SECTION("a scheme the key cannot do") {
        request.scheme = SignatureScheme::Ecdsa;
        CHECK(codeOf([&] { buildCades(request, rsaSigner); }) == ErrorCode::UnsupportedAlgorithm);
        CadesRequest ec =
            requestFor("org-ec256", HashAlgorithm::Sha256, SignatureScheme::RsaPss, content);
        CHECK(codeOf([&] { buildCades(ec, ecSigner); }) == ErrorCode::UnsupportedAlgorithm);
    }
    SECTION("a signer whose key type differs from the certificate's") {
        CHECK(codeOf([&] { buildCades(request, ecSigner); }) == ErrorCode::InvalidRequest);
    }
    CHECK(rsaSigner.calls == 0);
    CHECK(ecSigner.calls == 0);
}

TEST_CASE("a signature by another key is caught before it leaves", "[unit][cades]") {
    const Bytes content = sampleContent();
    // The certificate says person-rsa2048, the "token" signs with expired-rsa2048's key.
    SoftwareSigner wrongKey(pkiFile("expired-rsa2048.key.pem"));
    const CadesRequest request =
        requestFor("person-rsa2048", HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, content);
    try {
        buildCades(request, wrongKey);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::TokenError);
        CHECK(std::string(error.what()).find("does not verify") != std::string::npos);
    }
}
