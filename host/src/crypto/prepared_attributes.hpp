#pragma once

// CMS signed attributes prepared by a portal's server (signPrepared): the bytes a CAdES or
// PAdES signer signs (RFC 5652 5.4), made by EU DSS's getDataToSign, pyHanko's external
// signer, iText's external signing, ... The host reads them and signs only what is plainly a
// document signature of the chosen certificate, so a page cannot pass off other data (another
// site's Web eID login, a raw digest) as "a document".

#include <ctime>
#include <optional>
#include <string>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"
#include "crypto/signed_attributes.hpp"

namespace kyso {

class PreparedSignedAttributes {
  public:
    // Reads `der` and checks, in this order, that it is one DER SET OF Attribute with nothing
    // after it; each attribute type at most once; a content-type of id-data; a message-digest
    // of `hash`'s length; a signing-certificate-v2 or signing-certificate; a signing-time, if
    // present, that is a time. Throws INVALID_REQUEST with details {field: `field`, reason}.
    PreparedSignedAttributes(Bytes der, HashAlgorithm hash, std::string field);

    // Throws INVALID_REQUEST ({field, reason}) unless the signing-certificate(-v2) attribute
    // names `certificateDer` first (its hash with the algorithm the attribute names, and its
    // issuer and serial number when the attribute has them) and no other certificate.
    void requireSigner(const Bytes& certificateDer) const;

    // The signing time the attributes claim, if they have the attribute.
    const std::optional<std::time_t>& signingTime() const { return signingTime_; }
    // What the key signs: the hash of the DER with the request's algorithm.
    Bytes digest() const;

  private:
    [[noreturn]] void refuse(const std::string& reason) const;
    const ASN1_TYPE* singleValue(int nid, const char* name, bool required) const;
    void checkTypesUnique() const;
    void checkContentType() const;
    void checkMessageDigest() const;
    void readSigningTime();

    Bytes der_;
    HashAlgorithm hash_;
    std::string field_;
    AttributeStackPtr attributes_;
    std::optional<std::time_t> signingTime_;
};

}  // namespace kyso
