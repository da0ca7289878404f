#pragma once

// Reading back what buildCades() produced, through OpenSSL's CMS API (independent of the
// builder's own code paths).

#include <openssl/cms.h>

#include <string>

#include "core/bytes.hpp"
#include "crypto/crypto_handles.hpp"

namespace kyso::test {

struct ParsedCms {
    CmsPtr cms;
    CMS_SignerInfo* signerInfo = nullptr;  // the first (and only) one
};
ParsedCms parseCms(const Bytes& der);

// The DER value of the first signed / unsigned attribute with this NID (empty if absent).
Bytes signedAttributeValue(CMS_SignerInfo* signerInfo, int nid);
Bytes unsignedAttributeValue(CMS_SignerInfo* signerInfo, int nid);

// Tag of the first element inside the first ESSCertIDv2 of a SigningCertificateV2 value:
// 0x30 when hashAlgorithm is present, 0x04 (certHash) when it is left out.
int firstEssCertIdV2ElementTag(const Bytes& signingCertificateV2);

int signatureAlgorithmNid(CMS_SignerInfo* signerInfo);

}  // namespace kyso::test
