#include "web_eid_check.hpp"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/bytes.hpp"

namespace kyso::test {
namespace {

std::vector<std::uint8_t> digestOf(const std::string& data, const EVP_MD* md) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    EVP_Digest(data.data(), data.size(), out.data(), nullptr, md, nullptr);
    return out;
}

// JWS carries ECDSA as raw r||s; OpenSSL verifies the DER ECDSA-Sig-Value.
std::vector<std::uint8_t> rawEcdsaToDer(const std::vector<std::uint8_t>& raw) {
    const int half = static_cast<int>(raw.size() / 2);
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(raw.data(), half, nullptr),
                   BN_bin2bn(raw.data() + half, half, nullptr));
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    std::vector<std::uint8_t> out(der, der + (length > 0 ? length : 0));
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return out;
}

}  // namespace

std::vector<std::uint8_t> webEidPreimage(const EVP_MD* md, const std::string& origin,
                                         const std::string& nonce) {
    auto data = digestOf(origin, md);
    const auto nonceHash = digestOf(nonce, md);
    data.insert(data.end(), nonceHash.begin(), nonceHash.end());
    return data;
}

bool webEidTokenVerifies(const nlohmann::json& token, const std::string& origin,
                         const std::string& nonce) {
    if (!token.is_object() || token.value("format", "") != "web-eid:1.0") {
        return false;
    }
    const std::string alg = token.value("algorithm", "");
    if (alg.size() != 5) {
        return false;
    }
    const EVP_MD* md = alg.back() == '6'   ? EVP_sha256()
                       : alg.back() == '4' ? EVP_sha384()
                                           : EVP_sha512();
    const auto data = webEidPreimage(md, origin, nonce);
    const auto certDer = base64Decode(token["unverifiedCertificate"].get<std::string>(), "c");
    const unsigned char* p = certDer.data();
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(certDer.size()));
    EVP_PKEY* key = cert != nullptr ? X509_get_pubkey(cert) : nullptr;
    auto signature = base64Decode(token["signature"].get<std::string>(), "s");
    if (alg[0] == 'E') {
        signature = rawEcdsaToDer(signature);
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    bool ok = key != nullptr && EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, key) == 1;
    if (ok && alg[0] == 'P') {  // PS256...: RSASSA-PSS, salt as long as the digest
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    ok = ok &&
         EVP_DigestVerify(ctx, signature.data(), signature.size(), data.data(), data.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    X509_free(cert);
    return ok;
}

}  // namespace kyso::test
