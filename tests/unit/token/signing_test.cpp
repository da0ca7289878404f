#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

namespace {

std::vector<SignatureScheme> schemesFor(const nlohmann::json& who) {
    if (who["keyType"] == "EC") {
        return {SignatureScheme::Ecdsa};
    }
    return {SignatureScheme::RsaPkcs1v15, SignatureScheme::RsaPss};
}

}  // namespace

TEST_CASE("every key signs every hash with every scheme it can, and OpenSSL agrees",
          "[token][sign]") {
    auto tokens = makeTokenManager(softhsmModules());
    for (const auto& who : fixtures()["identities"]) {
        if (who["alwaysAuthenticate"] == true) {
            continue;  // always_authenticate_test.cpp
        }
        CAPTURE(who["name"]);
        ScriptedPins pins({tokenPin(who["token"])});
        auto key = tokens->openKey(who["sha256"], pins);
        REQUIRE(pins.requests.size() == 1);
        CHECK(key->certificate().thumbprint == who["sha256"]);
        CHECK(key->certificate().hasPrivateKey);
        CHECK_FALSE(key->certificate().alwaysAuthenticate);
        CHECK(key->keyType() == (who["keyType"] == "EC" ? KeyType::Ec : KeyType::Rsa));
        for (auto hash : {HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512}) {
            for (auto scheme : schemesFor(who)) {
                CAPTURE(hashAlgorithmName(hash), signatureSchemeName(scheme));
                const auto digest = randomDigest(hash);
                const auto signature = key->signDigest(hash, scheme, digest);
                CHECK(verifyInProcess(who, hash, scheme, digest, signature));
                auto tampered = digest;
                tampered[0] ^= 1;
                CHECK_FALSE(verifyInProcess(who, hash, scheme, tampered, signature));
            }
        }
        // One batch: many signatures, one PIN.
        CHECK(pins.requests.size() == 1);
    }
}

TEST_CASE("the openssl command line verifies PKCS#1 v1.5, PSS and ECDSA signatures",
          "[token][sign]") {
    auto tokens = makeTokenManager(softhsmModules());
    struct Case {
        const char* name;
        SignatureScheme scheme;
        HashAlgorithm hash;
    };
    for (const auto& c :
         {Case{"person-rsa2048", SignatureScheme::RsaPkcs1v15, HashAlgorithm::Sha256},
          Case{"person-rsa3072", SignatureScheme::RsaPss, HashAlgorithm::Sha256},
          Case{"person-rsa4096", SignatureScheme::RsaPss, HashAlgorithm::Sha512},
          Case{"org-ec256", SignatureScheme::Ecdsa, HashAlgorithm::Sha256},
          Case{"person-ec384", SignatureScheme::Ecdsa, HashAlgorithm::Sha384}}) {
        CAPTURE(c.name);
        const auto& who = identity(c.name);
        ScriptedPins pins({tokenPin(who["token"])});
        auto key = tokens->openKey(who["sha256"], pins);
        const auto digest = randomDigest(c.hash);
        const auto signature = key->signDigest(c.hash, c.scheme, digest);
        CHECK(verifyWithOpensslCli(who, c.hash, c.scheme, digest, signature));
        auto other = randomDigest(c.hash);
        CHECK_FALSE(verifyWithOpensslCli(who, c.hash, c.scheme, other, signature));
    }
}

TEST_CASE("ECDSA signatures are DER ECDSA-Sig-Value", "[token][sign]") {
    auto tokens = makeTokenManager(softhsmModules());
    const auto& who = identity("org-ec256");
    ScriptedPins pins({tokenPin(who["token"])});
    auto key = tokens->openKey(who["sha256"], pins);
    const auto signature = key->signDigest(HashAlgorithm::Sha256, SignatureScheme::Ecdsa,
                                           randomDigest(HashAlgorithm::Sha256));
    REQUIRE(signature.size() > 8);
    CHECK(signature[0] == 0x30);  // SEQUENCE
    CHECK(signature[1] + 2u == signature.size());
}

TEST_CASE("a digest of the wrong length is refused before the token is used", "[token][sign]") {
    auto tokens = makeTokenManager(softhsmModules());
    const auto& who = identity("person-rsa2048");
    ScriptedPins pins({tokenPin(who["token"])});
    auto key = tokens->openKey(who["sha256"], pins);
    for (std::size_t size : {0u, 20u, 31u, 33u, 48u}) {
        CAPTURE(size);
        try {
            key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, Bytes(size, 7));
            FAIL("signed a digest of the wrong length");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::InvalidRequest);
        }
    }
}

TEST_CASE("a scheme the key cannot do is UNSUPPORTED_ALGORITHM", "[token][sign]") {
    auto tokens = makeTokenManager(softhsmModules());
    struct Case {
        const char* name;
        SignatureScheme scheme;
    };
    for (const auto& c : {Case{"person-rsa2048", SignatureScheme::Ecdsa},
                          Case{"org-ec256", SignatureScheme::RsaPkcs1v15},
                          Case{"person-ec384", SignatureScheme::RsaPss}}) {
        CAPTURE(c.name);
        const auto& who = identity(c.name);
        ScriptedPins pins({tokenPin(who["token"])});
        auto key = tokens->openKey(who["sha256"], pins);
        try {
            key->signDigest(HashAlgorithm::Sha256, c.scheme, randomDigest(HashAlgorithm::Sha256));
            FAIL("signed with a scheme that does not fit the key");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::UnsupportedAlgorithm);
        }
    }
}

TEST_CASE("RSA-PSS: the token's CKM_RSA_PKCS_PSS when it has it, raw RSA when it has not",
          "[token][sign][faults]") {
    const auto& who = identity("person-rsa3072");
    struct Case {
        const char* denied;  // what the token does not have
        bool signs;
    };
    // SoftHSM has both: denying one shows the other path signs on its own (the PSS mechanism
    // when raw RSA is forbidden, raw RSA when PSS is missing); without both PSS cannot work.
    for (const auto& c :
         {Case{"", true}, Case{"CKM_RSA_X_509", true}, Case{"CKM_RSA_PKCS_PSS", true},
          Case{"CKM_RSA_X_509,CKM_RSA_PKCS_PSS", false}}) {
        CAPTURE(c.denied);
        FaultControl control(std::string("deny_mechanism=") + c.denied + "\n");
        auto tokens = makeTokenManager(faultModules());
        ScriptedPins pins({tokenPin(who["token"])});
        auto key = tokens->openKey(who["sha256"], pins);
        for (auto hash : {HashAlgorithm::Sha256, HashAlgorithm::Sha512}) {
            CAPTURE(hashAlgorithmName(hash));
            const auto digest = randomDigest(hash);
            if (!c.signs) {
                try {
                    key->signDigest(hash, SignatureScheme::RsaPss, digest);
                    FAIL("signed PSS on a token with neither raw RSA nor CKM_RSA_PKCS_PSS");
                } catch (const Error& e) {
                    CHECK(e.code() == ErrorCode::UnsupportedAlgorithm);
                }
                continue;
            }
            const auto signature = key->signDigest(hash, SignatureScheme::RsaPss, digest);
            CHECK(verifyWithOpensslCli(who, hash, SignatureScheme::RsaPss, digest, signature));
            CHECK_FALSE(verifyWithOpensslCli(who, hash, SignatureScheme::RsaPss, randomDigest(hash),
                                             signature));
        }
        // PKCS#1 v1.5 (CKM_RSA_PKCS) is untouched by either.
        const auto digest = randomDigest(HashAlgorithm::Sha256);
        CHECK(verifyWithOpensslCli(
            who, HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest,
            key->signDigest(HashAlgorithm::Sha256, SignatureScheme::RsaPkcs1v15, digest)));
    }
}
