#pragma once

#include <openssl/cms.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

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

// A SET OF Attribute that owns its attributes.
struct AttributeStackDeleter {
    void operator()(STACK_OF(X509_ATTRIBUTE) * stack) const {
        sk_X509_ATTRIBUTE_pop_free(stack, X509_ATTRIBUTE_free);
    }
};
using AttributeStackPtr = std::unique_ptr<STACK_OF(X509_ATTRIBUTE), AttributeStackDeleter>;

// The reverse of signedAttributesDer(): the attributes in `der`, which must be one SET OF
// Attribute in DER, with no byte after it and encoded exactly as OpenSSL re-encodes it (so the
// bytes a signer hashes are the bytes every verifier hashes). Null otherwise, with `problem`
// saying why.
AttributeStackPtr decodeSignedAttributes(const Bytes& der, std::string& problem);

}  // namespace kyso
