#include "crypto/signed_data_draft.hpp"

#include <string>

#include "core/error.hpp"
#include "crypto/der.hpp"
#include "crypto/openssl_errors.hpp"
#include "crypto/signature_algorithm.hpp"
#include "crypto/signed_attributes.hpp"

namespace kyso {
namespace {

[[noreturn]] void internal(const char* what) {
    throw Error(ErrorCode::Internal,
                std::string("cannot assemble the CMS (") + what + "): " + takeOpenSslErrors());
}

// The signer's certificate first, then the chain as given, each once: verifiers need the
// intermediates (VN signatures that carry only the signer's certificate are a known pain).
void addCertificates(CMS_ContentInfo* cms, X509* signerCert, const std::vector<Bytes>& chain) {
    std::vector<X509Ptr> added;
    if (CMS_add1_cert(cms, signerCert) != 1) {
        internal("signer certificate");
    }
    for (std::size_t i = 0; i < chain.size(); ++i) {
        X509Ptr cert = parseCertificate(chain[i], "chain certificate " + std::to_string(i + 1));
        bool duplicate = X509_cmp(cert.get(), signerCert) == 0;
        for (const auto& other : added) {
            duplicate = duplicate || X509_cmp(cert.get(), other.get()) == 0;
        }
        if (duplicate) {
            continue;
        }
        if (CMS_add1_cert(cms, cert.get()) != 1) {
            internal("chain certificate");
        }
        added.push_back(std::move(cert));
    }
}

}  // namespace

KeyType certificateKeyType(X509* cert) {
    const EVP_PKEY* key = X509_get0_pubkey(cert);
    const int id = key != nullptr ? EVP_PKEY_get_base_id(key) : 0;
    if (id == EVP_PKEY_RSA) {
        return KeyType::Rsa;
    }
    if (id == EVP_PKEY_EC) {
        return KeyType::Ec;
    }
    takeOpenSslErrors();
    throw Error(ErrorCode::UnsupportedAlgorithm,
                "the signer certificate's key is neither RSA nor EC");
}

SignedDataDraft draftSignedData(const CadesRequest& request, const Bytes& contentDigest) {
    SignedDataDraft draft;
    draft.signerCert = parseCertificate(request.signerCertificate, "the signer certificate");
    X509* cert = draft.signerCert.get();
    const KeyType keyType = certificateKeyType(cert);
    if (!schemeFitsKey(request.scheme, keyType)) {
        throw Error(ErrorCode::UnsupportedAlgorithm, std::string("a ") + keyTypeName(keyType) +
                                                         " key cannot sign with " +
                                                         signatureSchemeName(request.scheme));
    }

    // An empty detached SignedData over id-data; CMS_PARTIAL: nothing is signed or finalised
    // by OpenSSL (it would want the private key, which lives on the token).
    draft.cms.reset(CMS_sign_ex(nullptr, nullptr, nullptr, nullptr,
                                CMS_PARTIAL | CMS_DETACHED | CMS_BINARY, nullptr, nullptr));
    if (!draft.cms) {
        internal("SignedData");
    }
    addCertificates(draft.cms.get(), cert, request.chain);

    // The certificate's public key stands in for the private key: OpenSSL uses it only to
    // check it matches the certificate and to pick the algorithms. CMS_NOATTR: the signed
    // attributes are exactly ours (CMS_sign would add signing-time and S/MIME capabilities).
    draft.signerInfo =
        CMS_add1_signer(draft.cms.get(), cert, X509_get0_pubkey(cert), evpDigest(request.hash),
                        CMS_PARTIAL | CMS_NOCERTS | CMS_NOATTR | CMS_BINARY);
    if (draft.signerInfo == nullptr) {
        internal("SignerInfo");
    }
    addCadesSignedAttributes(draft.signerInfo, cert, request.hash, contentDigest);

    X509_ALGOR* signatureAlgorithm = nullptr;
    CMS_SignerInfo_get0_algs(draft.signerInfo, nullptr, nullptr, nullptr, &signatureAlgorithm);
    setSignatureAlgorithm(signatureAlgorithm, request.hash, request.scheme);
    return draft;
}

}  // namespace kyso
