#include "crypto/prepared_attributes.hpp"

#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <memory>
#include <set>

#include "core/error.hpp"
#include "crypto/crypto_handles.hpp"
#include "crypto/der.hpp"
#include "crypto/openssl_errors.hpp"

namespace kyso {
namespace {

using EssSigningCertPtr =
    std::unique_ptr<ESS_SIGNING_CERT, OpenSslDeleter<ESS_SIGNING_CERT, ESS_SIGNING_CERT_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OpenSslDeleter<ASN1_TIME, ASN1_TIME_free>>;

// An attribute value of type SEQUENCE, decoded with `decode` (a d2i function); null when it
// is not a SEQUENCE, does not decode or has bytes after the structure.
template <typename Ptr, typename Decode>
Ptr decodeSequence(const ASN1_TYPE* value, Decode decode) {
    if (value == nullptr || value->type != V_ASN1_SEQUENCE) {
        return nullptr;
    }
    const ASN1_STRING* bytes = value->value.sequence;
    const unsigned char* in = ASN1_STRING_get0_data(bytes);
    const long length = ASN1_STRING_length(bytes);
    Ptr decoded(decode(nullptr, &in, length));
    if (decoded && in != ASN1_STRING_get0_data(bytes) + length) {
        decoded.reset();
    }
    return decoded;
}

}  // namespace

PreparedSignedAttributes::PreparedSignedAttributes(Bytes der, HashAlgorithm hash, std::string field)
    : der_(std::move(der)), hash_(hash), field_(std::move(field)) {
    std::string problem;
    attributes_ = decodeSignedAttributes(der_, problem);
    if (!attributes_) {
        refuse(problem);
    }
    checkTypesUnique();
    checkContentType();
    checkMessageDigest();
    if (singleValue(NID_id_smime_aa_signingCertificateV2, "signing-certificate-v2", false) ==
            nullptr &&
        singleValue(NID_id_smime_aa_signingCertificate, "signing-certificate", false) == nullptr) {
        refuse("no signing-certificate-v2 (or signing-certificate) attribute");
    }
    readSigningTime();
}

void PreparedSignedAttributes::refuse(const std::string& reason) const {
    throw Error(ErrorCode::InvalidRequest,
                field_ + " is not CMS signed attributes the host may sign: " + reason,
                {{"field", field_}, {"reason", reason}});
}

// The value of the attribute `nid`, which must have exactly one; null when the attribute is
// absent and not `required`.
const ASN1_TYPE* PreparedSignedAttributes::singleValue(int nid, const char* name,
                                                       bool required) const {
    const int at = X509at_get_attr_by_NID(attributes_.get(), nid, -1);
    if (at < 0) {
        if (required) {
            refuse(std::string("no ") + name + " attribute");
        }
        return nullptr;
    }
    X509_ATTRIBUTE* attribute = X509at_get_attr(attributes_.get(), at);
    if (X509_ATTRIBUTE_count(attribute) != 1) {
        refuse(std::string("the ") + name + " attribute must have exactly one value");
    }
    return X509_ATTRIBUTE_get0_type(attribute, 0);
}

// RFC 5652 11 and CAdES: content-type, message-digest, signing-time and the signing
// certificate appear once; a second copy of any attribute could make readers disagree.
void PreparedSignedAttributes::checkTypesUnique() const {
    std::set<std::string> seen;
    for (int i = 0; i < sk_X509_ATTRIBUTE_num(attributes_.get()); ++i) {
        const ASN1_OBJECT* type =
            X509_ATTRIBUTE_get0_object(sk_X509_ATTRIBUTE_value(attributes_.get(), i));
        char text[128] = {};
        OBJ_obj2txt(text, sizeof(text), type, 1);
        if (!seen.insert(text).second) {
            refuse(std::string("the attribute ") + text + " appears twice");
        }
    }
}

// id-data: the signature is over a document (PAdES, detached CAdES). Other content types
// (receipts, authenticated data, ...) are not what the dialog promises.
void PreparedSignedAttributes::checkContentType() const {
    const ASN1_TYPE* value = singleValue(NID_pkcs9_contentType, "content-type", true);
    if (value->type != V_ASN1_OBJECT || OBJ_obj2nid(value->value.object) != NID_pkcs7_data) {
        refuse("the content-type is not id-data (1.2.840.113549.1.7.1)");
    }
}

void PreparedSignedAttributes::checkMessageDigest() const {
    const ASN1_TYPE* value = singleValue(NID_pkcs9_messageDigest, "message-digest", true);
    if (value->type != V_ASN1_OCTET_STRING) {
        refuse("the message-digest is not an OCTET STRING");
    }
    const auto length = static_cast<std::size_t>(ASN1_STRING_length(value->value.octet_string));
    if (length != digestSize(hash_)) {
        refuse("the message-digest has " + std::to_string(length) + " bytes, a " +
               hashAlgorithmName(hash_) + " digest has " + std::to_string(digestSize(hash_)));
    }
}

void PreparedSignedAttributes::readSigningTime() {
    const ASN1_TYPE* value = singleValue(NID_pkcs9_signingTime, "signing-time", false);
    if (value == nullptr) {
        return;
    }
    if ((value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME) ||
        ASN1_TIME_check(value->value.utctime) != 1) {
        takeOpenSslErrors();
        refuse("the signing-time is not a time");
    }
    // Seconds since 1970 through ASN1_TIME_diff: no timegm() needed, on any platform.
    const Asn1TimePtr epoch(ASN1_TIME_set(nullptr, 0));
    int days = 0;
    int seconds = 0;
    if (!epoch || ASN1_TIME_diff(&days, &seconds, epoch.get(), value->value.utctime) != 1) {
        takeOpenSslErrors();
        refuse("the signing-time is not a time");
    }
    signingTime_ = static_cast<std::time_t>(days) * 86400 + seconds;
}

void PreparedSignedAttributes::requireSigner(const Bytes& certificateDer) const {
    const X509Ptr cert = parseCertificate(certificateDer, "the chosen certificate");
    EssSigningCertV2Ptr v2;
    EssSigningCertPtr v1;
    if (const auto* value =
            singleValue(NID_id_smime_aa_signingCertificateV2, "signing-certificate-v2", false)) {
        v2 = decodeSequence<EssSigningCertV2Ptr>(value, d2i_ESS_SIGNING_CERT_V2);
        if (!v2) {
            takeOpenSslErrors();
            refuse("the signing-certificate-v2 attribute does not decode");
        }
    }
    if (const auto* value =
            singleValue(NID_id_smime_aa_signingCertificate, "signing-certificate", false)) {
        v1 = decodeSequence<EssSigningCertPtr>(value, d2i_ESS_SIGNING_CERT);
        if (!v1) {
            takeOpenSslErrors();
            refuse("the signing-certificate attribute does not decode");
        }
    }
    // OpenSSL's own ESS check (what `openssl cms -verify` and TS verification use): with the
    // chosen certificate as the whole chain, the first ESSCertID(v2) must be its hash (with
    // the algorithm the ID names, SHA-256 when absent) and its issuerSerial, if present, must
    // be its issuer and serial; any further ID names a certificate that is not in the chain.
    const BorrowedX509StackPtr chain(sk_X509_new_null());
    if (!chain || sk_X509_push(chain.get(), cert.get()) <= 0) {
        throw Error(ErrorCode::Internal, "out of memory");
    }
    if (OSSL_ESS_check_signing_certs(v1.get(), v2.get(), chain.get(), 1) <= 0) {
        refuse("the signing-certificate attribute names another certificate than the chosen one (" +
               takeOpenSslErrors() + ")");
    }
}

Bytes PreparedSignedAttributes::digest() const {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (EVP_Digest(der_.data(), der_.size(), out.data(), &length, evpDigest(hash_), nullptr) != 1) {
        throw Error(ErrorCode::Internal, "cannot hash: " + takeOpenSslErrors());
    }
    out.resize(length);
    return out;
}

}  // namespace kyso
