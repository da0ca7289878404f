#include "cms_inspection.hpp"

#include <openssl/asn1.h>
#include <openssl/x509.h>

#include <stdexcept>

#include "crypto/der.hpp"

namespace kyso::test {
namespace {

Bytes attributeValue(X509_ATTRIBUTE* attribute) {
    if (attribute == nullptr) {
        return {};
    }
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, 0);
    return derOf([&](unsigned char** out) { return i2d_ASN1_TYPE(value, out); }, "attribute");
}

// Steps into a constructed DER element; returns the tag of its first child.
const unsigned char* enter(const unsigned char* p, long size, long* contentSize) {
    int tag = 0, xclass = 0;
    const int flags = ASN1_get_object(&p, contentSize, &tag, &xclass, size);
    if ((flags & 0x80) != 0 || (flags & V_ASN1_CONSTRUCTED) == 0) {
        throw std::runtime_error("not a constructed DER element");
    }
    return p;
}

}  // namespace

ParsedCms parseCms(const Bytes& der) {
    ParsedCms parsed;
    const unsigned char* p = der.data();
    parsed.cms.reset(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!parsed.cms || p != der.data() + der.size()) {
        throw std::runtime_error("not a DER CMS ContentInfo");
    }
    parsed.signerInfo = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(parsed.cms.get()), 0);
    if (parsed.signerInfo == nullptr) {
        throw std::runtime_error("no SignerInfo");
    }
    return parsed;
}

Bytes signedAttributeValue(CMS_SignerInfo* signerInfo, int nid) {
    const int index = CMS_signed_get_attr_by_NID(signerInfo, nid, -1);
    return index < 0 ? Bytes{} : attributeValue(CMS_signed_get_attr(signerInfo, index));
}

Bytes unsignedAttributeValue(CMS_SignerInfo* signerInfo, int nid) {
    const int index = CMS_unsigned_get_attr_by_NID(signerInfo, nid, -1);
    return index < 0 ? Bytes{} : attributeValue(CMS_unsigned_get_attr(signerInfo, index));
}

std::vector<int> essCertIdV2ElementTags(const Bytes& value) {
    long size = 0;
    // SigningCertificateV2 SEQUENCE -> certs SEQUENCE OF -> ESSCertIDv2 SEQUENCE -> elements
    const unsigned char* p = enter(value.data(), static_cast<long>(value.size()), &size);
    p = enter(p, size, &size);
    p = enter(p, size, &size);
    const unsigned char* end = p + size;
    std::vector<int> tags;
    while (p < end) {
        tags.push_back(*p);
        long length = 0;
        int tag = 0, xclass = 0;
        if ((ASN1_get_object(&p, &length, &tag, &xclass, end - p) & 0x80) != 0) {
            throw std::runtime_error("bad DER inside ESSCertIDv2");
        }
        p += length;
    }
    return tags;
}

int signatureAlgorithmNid(CMS_SignerInfo* signerInfo) {
    X509_ALGOR* algorithm = nullptr;
    CMS_SignerInfo_get0_algs(signerInfo, nullptr, nullptr, nullptr, &algorithm);
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm);
    return OBJ_obj2nid(oid);
}

}  // namespace kyso::test
