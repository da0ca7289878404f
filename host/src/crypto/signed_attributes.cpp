#include "crypto/signed_attributes.hpp"

#include <openssl/asn1t.h>
#include <openssl/ess.h>
#include <openssl/objects.h>

#include <algorithm>
#include <memory>

#include "core/error.hpp"
#include "crypto/crypto_handles.hpp"
#include "crypto/der.hpp"

namespace kyso {
namespace {

// SET OF Attribute through OpenSSL's ASN.1 templates: as a SET OF without ASN1_TFLG_SET_ORDER
// the encoder sorts the elements, which is the DER rule and what CMS_SignerInfo's own
// encoding of signedAttrs does, so these bytes are exactly the ones a verifier hashes.
ASN1_ITEM_TEMPLATE(KYSO_SIGNED_ATTRIBUTES) = ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SET_OF, 0,
                                                                   KYSO_SIGNED_ATTRIBUTES,
                                                                   X509_ATTRIBUTE)
    ASN1_ITEM_TEMPLATE_END(KYSO_SIGNED_ATTRIBUTES)

    // A stack that borrows the attributes (they stay owned by the SignerInfo).
    struct BorrowedAttributesDeleter {
    void operator()(STACK_OF(X509_ATTRIBUTE) * stack) const { sk_X509_ATTRIBUTE_free(stack); }
};

void check(int ok, const char* what) {
    if (ok <= 0) {
        throw Error(ErrorCode::Internal,
                    std::string("cannot add the ") + what + " attribute: " + takeOpenSslErrors());
    }
}

}  // namespace

void addCadesSignedAttributes(CMS_SignerInfo* signerInfo, X509* signerCert, HashAlgorithm hash,
                              const Bytes& contentDigest) {
    check(CMS_signed_add1_attr_by_NID(signerInfo, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                      OBJ_nid2obj(NID_pkcs7_data), -1),
          "content-type");
    check(CMS_signed_add1_attr_by_NID(signerInfo, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                      contentDigest.data(), static_cast<int>(contentDigest.size())),
          "message-digest");

    // OpenSSL's ESS code omits hashAlgorithm for SHA-256 (the DEFAULT) and, with the last
    // argument 1, fills issuerSerial from the certificate's issuer and serial number.
    EssSigningCertV2Ptr signingCert(
        OSSL_ESS_signing_cert_v2_new_init(evpDigest(hash), signerCert, nullptr, 1));
    if (!signingCert) {
        throw Error(ErrorCode::Internal,
                    "cannot build signing-certificate-v2: " + takeOpenSslErrors());
    }
    const Bytes value =
        derOf([&](unsigned char** out) { return i2d_ESS_SIGNING_CERT_V2(signingCert.get(), out); },
              "signing-certificate-v2");
    // V_ASN1_SEQUENCE: the attribute value is taken as the ready DER of a SEQUENCE.
    check(
        CMS_signed_add1_attr_by_NID(signerInfo, NID_id_smime_aa_signingCertificateV2,
                                    V_ASN1_SEQUENCE, value.data(), static_cast<int>(value.size())),
        "signing-certificate-v2");
}

Bytes signedAttributesDer(CMS_SignerInfo* signerInfo) {
    std::unique_ptr<STACK_OF(X509_ATTRIBUTE), BorrowedAttributesDeleter> attributes(
        sk_X509_ATTRIBUTE_new_null());
    if (!attributes) {
        throw Error(ErrorCode::Internal, "out of memory");
    }
    const int count = CMS_signed_get_attr_count(signerInfo);
    for (int i = 0; i < count; ++i) {
        if (sk_X509_ATTRIBUTE_push(attributes.get(), CMS_signed_get_attr(signerInfo, i)) <= 0) {
            throw Error(ErrorCode::Internal, "out of memory");
        }
    }
    return derOf(
        [&](unsigned char** out) {
            return ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attributes.get()), out,
                                 ASN1_ITEM_rptr(KYSO_SIGNED_ATTRIBUTES));
        },
        "the signed attributes");
}

AttributeStackPtr decodeSignedAttributes(const Bytes& der, std::string& problem) {
    const unsigned char* in = der.data();
    AttributeStackPtr attributes(reinterpret_cast<STACK_OF(X509_ATTRIBUTE)*>(ASN1_item_d2i(
        nullptr, &in, static_cast<long>(der.size()), ASN1_ITEM_rptr(KYSO_SIGNED_ATTRIBUTES))));
    if (!attributes) {
        takeOpenSslErrors();
        problem = "not a DER SET OF Attribute";
        return nullptr;
    }
    if (in != der.data() + der.size()) {
        problem =
            std::to_string(der.data() + der.size() - in) + " bytes after the SET OF Attribute";
        return nullptr;
    }
    // BER (indefinite lengths, long-form lengths, an unsorted SET) decodes too; insisting on
    // the canonical bytes means what is signed is what a verifier re-encodes and hashes.
    unsigned char* encoded = nullptr;
    const int length = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attributes.get()), &encoded,
                                     ASN1_ITEM_rptr(KYSO_SIGNED_ATTRIBUTES));
    const OpenSslBuffer<unsigned char> owned(encoded);
    if (length <= 0 || static_cast<std::size_t>(length) != der.size() ||
        !std::equal(der.begin(), der.end(), encoded)) {
        takeOpenSslErrors();
        problem = "the SET OF Attribute is not in DER (canonical) encoding";
        return nullptr;
    }
    return attributes;
}

}  // namespace kyso
