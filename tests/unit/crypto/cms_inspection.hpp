#pragma once

// Reading back what buildCades() produced, through OpenSSL's CMS API (independent of the
// builder's own code paths).

#include <openssl/cms.h>

#include <string>
#include <vector>

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

// The tags of the elements of the first ESSCertIDv2 in a SigningCertificateV2 value:
// {0x04 certHash, 0x30 issuerSerial} when hashAlgorithm is left out, {0x30, 0x04, 0x30} with it.
std::vector<int> essCertIdV2ElementTags(const Bytes& signingCertificateV2);

int signatureAlgorithmNid(CMS_SignerInfo* signerInfo);

}  // namespace kyso::test
