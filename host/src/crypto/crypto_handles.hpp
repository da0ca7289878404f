#pragma once

#include <openssl/cms.h>
#include <openssl/ess.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include <memory>

#include "core/openssl_handles.hpp"

namespace kyso {

// Owning handles for the OpenSSL objects of the crypto room (CMS, time stamps, HTTP; libssl's are
// in libssl.hpp).
using CmsPtr =
    std::unique_ptr<CMS_ContentInfo, OpenSslDeleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using TsReqPtr = std::unique_ptr<TS_REQ, OpenSslDeleter<TS_REQ, TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, OpenSslDeleter<TS_RESP, TS_RESP_free>>;
using TsMsgImprintPtr =
    std::unique_ptr<TS_MSG_IMPRINT, OpenSslDeleter<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>>;
using TsVerifyCtxPtr =
    std::unique_ptr<TS_VERIFY_CTX, OpenSslDeleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE, X509_STORE_free>>;
using X509AlgorPtr = std::unique_ptr<X509_ALGOR, OpenSslDeleter<X509_ALGOR, X509_ALGOR_free>>;
using Asn1IntegerPtr =
    std::unique_ptr<ASN1_INTEGER, OpenSslDeleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, OpenSslDeleter<ASN1_OBJECT, ASN1_OBJECT_free>>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, OpenSslDeleter<ASN1_STRING, ASN1_STRING_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using EssSigningCertV2Ptr =
    std::unique_ptr<ESS_SIGNING_CERT_V2,
                    OpenSslDeleter<ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free>>;
using RsaPssParamsPtr =
    std::unique_ptr<RSA_PSS_PARAMS, OpenSslDeleter<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OpenSslDeleter<PKCS7, PKCS7_free>>;

// STACK_OF(X509) that owns its certificates.
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;
// STACK_OF(X509) whose certificates belong to someone else (CMS_get0_signers, for instance).
struct BorrowedX509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using BorrowedX509StackPtr = std::unique_ptr<STACK_OF(X509), BorrowedX509StackDeleter>;

// Memory that OpenSSL allocated for us (i2d output, for instance).
struct OpenSslFree {
    void operator()(void* p) const { OPENSSL_free(p); }
};
template <typename T>
using OpenSslBuffer = std::unique_ptr<T, OpenSslFree>;

}  // namespace kyso
