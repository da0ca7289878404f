#pragma once

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"

namespace kyso {

// Adds the PAdES baseline signed attributes to `signerInfo`: content-type (id-data),
// message-digest (`contentDigest`) and signing-certificate-v2 over `signerCert` hashed with
// `hash` (ESSCertIDv2 leaves hashAlgorithm out for SHA-256, its ASN.1 DEFAULT, and includes
// issuerSerial). No signing-time: PAdES keeps the claimed time in the PDF's /M.
void addCadesSignedAttributes(CMS_SignerInfo* signerInfo, X509* signerCert, HashAlgorithm hash,
                              const Bytes& contentDigest);

// What the signer signs (RFC 5652 5.4): the signed attributes DER-encoded as a SET OF
// Attribute (tag 0x31, elements in DER order), not with the [0] IMPLICIT tag they carry
// inside the SignerInfo.
Bytes signedAttributesDer(CMS_SignerInfo* signerInfo);

}  // namespace kyso
