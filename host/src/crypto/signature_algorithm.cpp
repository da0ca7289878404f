#include "crypto/signature_algorithm.hpp"

#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <string>

#include "core/error.hpp"
#include "crypto/crypto_handles.hpp"
#include "crypto/openssl_errors.hpp"

namespace kyso {
namespace {

[[noreturn]] void fail(const char* what) {
    throw Error(ErrorCode::Internal, std::string("cannot encode the signature algorithm (") + what +
                                         "): " + takeOpenSslErrors());
}

int signatureNid(HashAlgorithm hash, int keyNid) {
    int nid = NID_undef;
    if (OBJ_find_sigid_by_algs(&nid, EVP_MD_get_type(evpDigest(hash)), keyNid) != 1) {
        fail("no OID for this hash and key type");
    }
    return nid;
}

// RSASSA-PSS-params as the DER of a SEQUENCE, built with OpenSSL's RSA_PSS_PARAMS type.
ASN1_STRING* pssParameters(HashAlgorithm hash) {
    const EVP_MD* md = evpDigest(hash);
    RsaPssParamsPtr params(RSA_PSS_PARAMS_new());
    X509AlgorPtr hashAlgorithm(X509_ALGOR_new());
    X509AlgorPtr maskGen(X509_ALGOR_new());
    Asn1IntegerPtr saltLength(ASN1_INTEGER_new());
    if (!params || !hashAlgorithm || !maskGen || !saltLength) {
        fail("out of memory");
    }
    X509_ALGOR_set_md(hashAlgorithm.get(), md);

    // MGF1's parameter is the hash's AlgorithmIdentifier, packed as a SEQUENCE.
    ASN1_STRING* mgfHash = nullptr;
    if (ASN1_item_pack(hashAlgorithm.get(), ASN1_ITEM_rptr(X509_ALGOR), &mgfHash) == nullptr) {
        fail("MGF1 hash");
    }
    if (X509_ALGOR_set0(maskGen.get(), OBJ_nid2obj(NID_mgf1), V_ASN1_SEQUENCE, mgfHash) != 1) {
        ASN1_STRING_free(mgfHash);
        fail("MGF1");
    }
    if (ASN1_INTEGER_set(saltLength.get(), static_cast<long>(digestSize(hash))) != 1) {
        fail("salt length");
    }
    // The maskHash field is OpenSSL's decoding cache, not part of the encoding: left empty.
    params->hashAlgorithm = hashAlgorithm.release();
    params->maskGenAlgorithm = maskGen.release();
    params->saltLength = saltLength.release();

    ASN1_STRING* packed = nullptr;
    if (ASN1_item_pack(params.get(), ASN1_ITEM_rptr(RSA_PSS_PARAMS), &packed) == nullptr) {
        fail("RSASSA-PSS-params");
    }
    return packed;
}

}  // namespace

void setSignatureAlgorithm(X509_ALGOR* algorithm, HashAlgorithm hash, SignatureScheme scheme) {
    int ok = 0;
    switch (scheme) {
        case SignatureScheme::RsaPkcs1v15:
            ok = X509_ALGOR_set0(algorithm, OBJ_nid2obj(signatureNid(hash, NID_rsaEncryption)),
                                 V_ASN1_NULL, nullptr);
            break;
        case SignatureScheme::Ecdsa:
            ok = X509_ALGOR_set0(algorithm,
                                 OBJ_nid2obj(signatureNid(hash, NID_X9_62_id_ecPublicKey)),
                                 V_ASN1_UNDEF, nullptr);
            break;
        case SignatureScheme::RsaPss: {
            ASN1_STRING* params = pssParameters(hash);
            ok = X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, params);
            if (ok != 1) {
                ASN1_STRING_free(params);
            }
            break;
        }
    }
    if (ok != 1) {
        fail("set");
    }
}

}  // namespace kyso
