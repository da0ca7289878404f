#include "crypto/tsa_client.hpp"

#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <array>

#include "core/error.hpp"
#include "crypto/crypto_handles.hpp"
#include "crypto/der.hpp"
#include "crypto/http_post.hpp"
#include "crypto/openssl_errors.hpp"

namespace kyso {
namespace {

[[noreturn]] void unavailable(const TsaOptions& options, const std::string& why) {
    throw Error(ErrorCode::TsaUnavailable, "the TSA at " + options.url + " " + why);
}

[[noreturn]] void internal(const char* what) {
    throw Error(ErrorCode::Internal, std::string("cannot build the time-stamp request (") + what +
                                         "): " + takeOpenSslErrors());
}

TsReqPtr buildRequest(const TsaOptions& options, const Bytes& digest) {
    TsReqPtr request(TS_REQ_new());
    TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
    X509AlgorPtr algorithm(X509_ALGOR_new());
    if (!request || !imprint || !algorithm || TS_REQ_set_version(request.get(), 1) != 1) {
        internal("out of memory");
    }
    X509_ALGOR_set_md(algorithm.get(), evpDigest(options.hash));
    if (TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get()) != 1 ||
        TS_MSG_IMPRINT_set_msg(imprint.get(), const_cast<unsigned char*>(digest.data()),
                               static_cast<int>(digest.size())) != 1 ||
        TS_REQ_set_msg_imprint(request.get(), imprint.get()) != 1) {
        internal("imprint");
    }

    if (!options.policyOid.empty()) {
        Asn1ObjectPtr policy(OBJ_txt2obj(options.policyOid.c_str(), 1));
        if (!policy) {
            takeOpenSslErrors();
            throwInvalidRequest("TSA policy '" + options.policyOid + "' is not an OID");
        }
        if (TS_REQ_set_policy_id(request.get(), policy.get()) != 1) {
            internal("policy");
        }
    }

    // A fresh 64-bit nonce ties the answer to this request (no replayed responses).
    std::array<unsigned char, 8> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        internal("random nonce");
    }
    random[0] |= 0x01;  // never zero, and never shorter than it looks
    BignumPtr number(BN_bin2bn(random.data(), static_cast<int>(random.size()), nullptr));
    Asn1IntegerPtr nonce(number ? BN_to_ASN1_INTEGER(number.get(), nullptr) : nullptr);
    if (!nonce || TS_REQ_set_nonce(request.get(), nonce.get()) != 1) {
        internal("nonce");
    }
    // Ask for the TSA's certificate inside the token, so it can be verified on its own.
    if (TS_REQ_set_cert_req(request.get(), 1) != 1) {
        internal("certReq");
    }
    return request;
}

TsRespPtr parseResponse(const TsaOptions& options, const Bytes& der) {
    const unsigned char* p = der.data();
    TsRespPtr response(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
    if (!response || p != der.data() + der.size()) {
        takeOpenSslErrors();
        unavailable(options, "sent an answer that is not an RFC 3161 TimeStampResp");
    }
    return response;
}

// PKIFailureInfo bits (RFC 3161 2.4.2) in words.
std::string failureInfo(const ASN1_BIT_STRING* bits) {
    static const std::pair<int, const char*> kNames[] = {
        {TS_INFO_BAD_ALG, "unrecognized or unsupported hash algorithm"},
        {TS_INFO_BAD_REQUEST, "transaction not permitted or supported"},
        {TS_INFO_BAD_DATA_FORMAT, "badly formatted request"},
        {TS_INFO_TIME_NOT_AVAILABLE, "time source not available"},
        {TS_INFO_UNACCEPTED_POLICY, "requested policy not supported"},
        {TS_INFO_UNACCEPTED_EXTENSION, "requested extension not supported"},
        {TS_INFO_ADD_INFO_NOT_AVAILABLE, "additional information not available"},
        {TS_INFO_SYSTEM_FAILURE, "system failure"},
    };
    std::string text;
    for (const auto& [bit, name] : kNames) {
        if (bits != nullptr && ASN1_BIT_STRING_get_bit(bits, bit) == 1) {
            text += (text.empty() ? "" : ", ") + std::string(name);
        }
    }
    return text;
}

void checkGranted(const TsaOptions& options, TS_RESP* response) {
    TS_STATUS_INFO* info = TS_RESP_get_status_info(response);
    const long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(info));
    // 0 granted, 1 grantedWithMods: both carry a token.
    if (status == 0 || status == 1) {
        return;
    }
    std::string why = "refused to time-stamp (PKIStatus " + std::to_string(status) + ")";
    const auto* texts = TS_STATUS_INFO_get0_text(info);
    for (int i = 0; i < sk_ASN1_UTF8STRING_num(texts); ++i) {
        const ASN1_UTF8STRING* text = sk_ASN1_UTF8STRING_value(texts, i);
        why += std::string(": ") +
               std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                           static_cast<std::size_t>(ASN1_STRING_length(text)));
    }
    const std::string failures = failureInfo(TS_STATUS_INFO_get0_failure_info(info));
    if (!failures.empty()) {
        why += " [" + failures + "]";
    }
    unavailable(options, why);
}

X509StorePtr trustStore(const TsaOptions& options) {
    X509StorePtr store(X509_STORE_new());
    if (!store) {
        throw Error(ErrorCode::Internal, "out of memory");
    }
    for (std::size_t i = 0; i < options.trustedRoots.size(); ++i) {
        X509Ptr root =
            parseCertificate(options.trustedRoots[i], "trusted TSA root " + std::to_string(i + 1));
        if (X509_STORE_add_cert(store.get(), root.get()) != 1) {
            throw Error(ErrorCode::Internal, "cannot trust a TSA root: " + takeOpenSslErrors());
        }
    }
    return store;
}

// Without trusted roots: the token's CMS signature must verify with the certificate it
// carries, and that certificate must be meant for time-stamping.
void checkTokenIntegrity(const TsaOptions& options, const Bytes& tokenDer) {
    const unsigned char* p = tokenDer.data();
    CmsPtr token(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(tokenDer.size())));
    if (!token) {
        takeOpenSslErrors();
        unavailable(options, "sent a token that is not a CMS structure");
    }
    if (CMS_verify(token.get(), nullptr, nullptr, nullptr, nullptr,
                   CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
        unavailable(options,
                    "sent a token whose signature does not verify (" + takeOpenSslErrors() + ")");
    }
    // A new stack of certificates that the token owns.
    BorrowedX509StackPtr signers(CMS_get0_signers(token.get()));
    const bool stamping =
        sk_X509_num(signers.get()) == 1 &&
        X509_check_purpose(sk_X509_value(signers.get(), 0), X509_PURPOSE_TIMESTAMP_SIGN, 0) == 1;
    if (!stamping) {
        takeOpenSslErrors();
        unavailable(options, "signed its token with a certificate not meant for time-stamping");
    }
}

void verifyResponse(const TsaOptions& options, TS_REQ* request, TS_RESP* response) {
    // The context copies the request's imprint and nonce; SIGNATURE only with a trust store.
    TsVerifyCtxPtr context(TS_REQ_to_TS_VERIFY_CTX(request, nullptr));
    if (!context) {
        internal("verification context");
    }
    int flags = TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE;
    if (!options.policyOid.empty()) {
        flags |= TS_VFY_POLICY;
    }
    if (!options.trustedRoots.empty()) {
        flags |= TS_VFY_SIGNATURE;
        TS_VERIFY_CTX_set_store(context.get(), trustStore(options).release());  // takes it
    }
    TS_VERIFY_CTX_set_flags(context.get(), flags);
    if (TS_RESP_verify_response(context.get(), response) != 1) {
        unavailable(options,
                    "sent an answer that does not check out (" + takeOpenSslErrors() + ")");
    }
}

std::time_t generalizedTimeToUtc(const ASN1_GENERALIZEDTIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return 0;
    }
    return timegm(&parts);
}

}  // namespace

TimestampToken requestTimestamp(const TsaOptions& options, const Bytes& digest) {
    if (digest.size() != digestSize(options.hash)) {
        throwInvalidRequest(std::string("a ") + hashAlgorithmName(options.hash) +
                            " digest to time-stamp has " +
                            std::to_string(digestSize(options.hash)) + " bytes, not " +
                            std::to_string(digest.size()));
    }
    TsReqPtr request = buildRequest(options, digest);

    HttpPost post;
    post.url = options.url;
    post.contentType = "application/timestamp-query";
    post.expectedContentType = "application/timestamp-reply";
    post.body = derOf([&](unsigned char** out) { return i2d_TS_REQ(request.get(), out); },
                      "the time-stamp request");
    post.timeoutSeconds = options.timeoutSeconds;
    post.maxResponseBytes = options.maxResponseBytes;
    post.failureCode = ErrorCode::TsaUnavailable;
    post.peerName = "the TSA";
    TsRespPtr response = parseResponse(options, httpPost(post));

    checkGranted(options, response.get());
    PKCS7* token = TS_RESP_get_token(response.get());
    if (token == nullptr) {
        unavailable(options, "granted the request but sent no token");
    }
    TimestampToken result;
    result.der =
        derOf([&](unsigned char** out) { return i2d_PKCS7(token, out); }, "the time-stamp token");
    verifyResponse(options, request.get(), response.get());
    if (options.trustedRoots.empty()) {
        checkTokenIntegrity(options, result.der);
    }
    result.genTime =
        generalizedTimeToUtc(TS_TST_INFO_get_time(TS_RESP_get_tst_info(response.get())));
    return result;
}

}  // namespace kyso
