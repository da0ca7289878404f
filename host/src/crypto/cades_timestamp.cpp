#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include "core/error.hpp"
#include "crypto/cades.hpp"
#include "crypto/crypto_handles.hpp"
#include "crypto/der.hpp"
#include "crypto/openssl_errors.hpp"

namespace kyso {

Bytes addSignatureTimestamp(const Bytes& cms, const TsaOptions& options) {
    const unsigned char* p = cms.data();
    CmsPtr signedData(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms.size())));
    if (!signedData || OBJ_obj2nid(CMS_get0_type(signedData.get())) != NID_pkcs7_signed) {
        takeOpenSslErrors();
        throwInvalidRequest("the signature to time-stamp is not a CMS SignedData");
    }
    CMS_SignerInfo* signerInfo = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(signedData.get()), 0);
    const ASN1_OCTET_STRING* signature =
        signerInfo != nullptr ? CMS_SignerInfo_get0_signature(signerInfo) : nullptr;
    if (signature == nullptr || ASN1_STRING_length(signature) <= 0) {
        throwInvalidRequest("the CMS to time-stamp has no signed SignerInfo");
    }

    // ETSI EN 319 122-1 5.3: the imprint is over the SignerInfo's signature value (the
    // octets of the OCTET STRING), so the token proves the signature existed at that time.
    Bytes imprint(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (EVP_Digest(ASN1_STRING_get0_data(signature),
                   static_cast<std::size_t>(ASN1_STRING_length(signature)), imprint.data(), &length,
                   evpDigest(options.hash), nullptr) != 1) {
        throw Error(ErrorCode::Internal, "cannot hash the signature: " + takeOpenSslErrors());
    }
    imprint.resize(length);

    const TimestampToken token = requestTimestamp(options, imprint);
    // The token is a ContentInfo: V_ASN1_SEQUENCE takes its DER as the attribute value.
    if (CMS_unsigned_add1_attr_by_NID(signerInfo, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                      token.der.data(), static_cast<int>(token.der.size())) != 1) {
        throw Error(ErrorCode::Internal,
                    "cannot add the time-stamp attribute: " + takeOpenSslErrors());
    }
    return derOf([&](unsigned char** out) { return i2d_CMS_ContentInfo(signedData.get(), out); },
                 "the time-stamped CMS");
}

}  // namespace kyso
