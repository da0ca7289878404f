#include "crypto/cades.hpp"

#include <openssl/evp.h>

#include <string>

#include "core/error.hpp"
#include "crypto/der.hpp"
#include "crypto/openssl_errors.hpp"
#include "crypto/signed_attributes.hpp"
#include "crypto/signed_data_draft.hpp"

namespace kyso {
namespace {

Bytes hashBytes(HashAlgorithm hash, const Bytes& data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &length, evpDigest(hash), nullptr) != 1) {
        throw Error(ErrorCode::Internal, "cannot hash: " + takeOpenSslErrors());
    }
    out.resize(length);
    return out;
}

void setSignature(CMS_SignerInfo* signerInfo, const Bytes& signature) {
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(signerInfo), signature.data(),
                        static_cast<int>(signature.size())) != 1) {
        throw Error(ErrorCode::Internal, "out of memory");
    }
}

Bytes cmsDer(CMS_ContentInfo* cms) {
    return derOf([&](unsigned char** out) { return i2d_CMS_ContentInfo(cms, out); }, "the CMS");
}

// Verifies the signature in the DER we are about to hand out, re-read from those very bytes,
// against the certificate: a token that signed with another key, or a bug in how the signed
// attributes were encoded, is caught here rather than by the portal.
void checkSignature(const Bytes& der, X509* signerCert) {
    const unsigned char* p = der.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    STACK_OF(CMS_SignerInfo)* signerInfos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
    CMS_SignerInfo* signerInfo = sk_CMS_SignerInfo_value(signerInfos, 0);
    if (signerInfo == nullptr) {
        throw Error(ErrorCode::Internal,
                    "the CMS just built does not parse: " + takeOpenSslErrors());
    }
    CMS_SignerInfo_set1_signer_cert(signerInfo, signerCert);
    if (CMS_SignerInfo_verify(signerInfo) != 1) {
        throw Error(ErrorCode::TokenError,
                    "the token's signature does not verify with the certificate's public key (" +
                        takeOpenSslErrors() + ")");
    }
}

}  // namespace

Bytes buildCades(const CadesRequest& request, DigestSigner& signer) {
    if (request.contentDigest.size() != digestSize(request.hash)) {
        throwInvalidRequest(std::string("a ") + hashAlgorithmName(request.hash) + " digest has " +
                            std::to_string(digestSize(request.hash)) + " bytes, not " +
                            std::to_string(request.contentDigest.size()));
    }
    SignedDataDraft draft = draftSignedData(request, request.contentDigest);
    const KeyType keyType = certificateKeyType(draft.signerCert.get());
    if (signer.keyType() != keyType) {
        throwInvalidRequest(std::string("the certificate has an ") + keyTypeName(keyType) +
                            " key but the signer holds an " + keyTypeName(signer.keyType()) +
                            " key");
    }

    const Bytes toBeSigned = signedAttributesDer(draft.signerInfo);
    const Bytes signature =
        signer.signDigest(request.hash, request.scheme, hashBytes(request.hash, toBeSigned));
    if (signature.empty()) {
        throw Error(ErrorCode::TokenError, "the token returned an empty signature");
    }
    setSignature(draft.signerInfo, signature);

    Bytes der = cmsDer(draft.cms.get());
    checkSignature(der, draft.signerCert.get());
    if (request.timestamp) {
        der = addSignatureTimestamp(der, *request.timestamp);
    }
    return der;
}

std::size_t cadesSizeBound(const CadesRequest& request) {
    SignedDataDraft draft = draftSignedData(request, Bytes(digestSize(request.hash), 0));
    // EVP_PKEY_get_size: the modulus size for RSA, the largest DER ECDSA-Sig-Value for EC.
    const int maxSignature = EVP_PKEY_get_size(X509_get0_pubkey(draft.signerCert.get()));
    if (maxSignature <= 0) {
        throw Error(ErrorCode::Internal, "cannot size the signature: " + takeOpenSslErrors());
    }
    setSignature(draft.signerInfo, Bytes(static_cast<std::size_t>(maxSignature), 0xff));
    std::size_t bound = cmsDer(draft.cms.get()).size();
    if (request.timestamp) {
        // The token, its attribute wrapping (about 25 bytes) and the few length octets the
        // enclosing SEQUENCEs grow by.
        bound += request.timestamp->tokenReserveBytes + 64;
    }
    return bound;
}

}  // namespace kyso
