#include "token/p11_key_session.hpp"

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "core/error.hpp"
#include "core/log.hpp"
#include "token/ckr_names.hpp"
#include "token/libp11_library.hpp"
#include "token/p11_error.hpp"
#include "token/pkcs11_api.hpp"
#include "token/raw_token.hpp"
#include "token/token_errors.hpp"

namespace kyso {
namespace {

// Sets up `ctx` for one scheme: the digest algorithm (so OpenSSL checks the digest length
// and, for PKCS#1 v1.5, builds the DigestInfo), the padding, and for PSS MGF1 with the same
// hash and a salt as long as the hash.
bool configure(EVP_PKEY_CTX* ctx, HashAlgorithm hash, SignatureScheme scheme) {
    const EVP_MD* md = evpDigest(hash);
    if (EVP_PKEY_sign_init(ctx) <= 0 || EVP_PKEY_CTX_set_signature_md(ctx, md) <= 0) {
        return false;
    }
    switch (scheme) {
        case SignatureScheme::RsaPkcs1v15:
            return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0;
        case SignatureScheme::RsaPss:
            return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
                   EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) > 0 &&
                   EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) > 0;
        case SignatureScheme::Ecdsa:
            return true;
    }
    return false;
}

bool ckrMeansUnsupported(unsigned long ckr) {
    return ckr == CKR_MECHANISM_INVALID || ckr == CKR_MECHANISM_PARAM_INVALID ||
           ckr == CKR_KEY_FUNCTION_NOT_PERMITTED || ckr == CKR_KEY_TYPE_INCONSISTENT ||
           ckr == CKR_FUNCTION_NOT_SUPPORTED;
}

}  // namespace

TokenLogin::~TokenLogin() {
    if (PKCS11_SLOT* slot = module_->slotById(slotId_); slot != nullptr && slot->token) {
        libp11().PKCS11_logout(slot);  // fails harmlessly when the token is gone
    }
    module_->letGoOfSlots();
    ERR_clear_error();
}

P11KeySession::P11KeySession(std::unique_ptr<TokenLogin> login, EvpPkeyPtr key, Bytes keyId,
                             CertificateRecord record, PinSource& pins)
    : login_(std::move(login)),
      key_(std::move(key)),
      keyId_(std::move(keyId)),
      record_(std::move(record)),
      pins_(pins),
      keyType_(EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_EC ? KeyType::Ec : KeyType::Rsa) {}

P11KeySession::~P11KeySession() {
    key_.reset();  // before the login ends: libp11's key object refers to the slot
}

Bytes P11KeySession::signDigest(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) {
    if (digest.size() != digestSize(hash)) {
        throw Error(ErrorCode::InvalidRequest,
                    std::string("a ") + hashAlgorithmName(hash) + " digest is " +
                        std::to_string(digestSize(hash)) + " bytes, not " +
                        std::to_string(digest.size()),
                    {{"field", "params.hash"}});
    }
    if (!schemeFitsKey(scheme, keyType_)) {
        throw Error(ErrorCode::UnsupportedAlgorithm, std::string(signatureSchemeName(scheme)) +
                                                         " cannot be used with an " +
                                                         keyTypeName(keyType_) + " key");
    }
    if (spent_) {
        throw Error(spent_->code(),
                    std::string("this key session ended when the PIN for an earlier signature "
                                "failed (") +
                        spent_->what() + "); open the key again",
                    spent_->details());
    }
    // A key that needs a PIN per signature logs in through libp11's UI method, which only
    // libp11's own signing path drives: such keys keep raw RSA for PSS.
    if (scheme == SignatureScheme::RsaPss && !record_.alwaysAuthenticate) {
        Bytes signature = signPssOnToken(hash, digest);
        if (!signature.empty()) {
            return signature;
        }
    }
    return signOnce(hash, scheme, digest);
}

Bytes P11KeySession::signPssOnToken(HashAlgorithm hash, const Bytes& digest) {
    auto& module = login_->module();
    const auto slot = login_->slotId();
    if (!raw::canSign(module.functions(), slot, CKM_RSA_PKCS_PSS)) {
        return {};
    }
    raw::PssParams params{CKM_SHA256, CKG_MGF1_SHA256};
    if (hash == HashAlgorithm::Sha384) {
        params = {CKM_SHA384, CKG_MGF1_SHA384};
    } else if (hash == HashAlgorithm::Sha512) {
        params = {CKM_SHA512, CKG_MGF1_SHA512};
    }
    CK_RV failure = CKR_OK;
    bool atInit = false;
    Bytes signature =
        raw::signPss(module.functions(), slot, keyId_, params, digest, &failure, &atInit);
    if (!signature.empty()) {
        return signature;
    }
    if (atInit && ckrMeansUnsupported(failure)) {
        diagnosticLog("token: CKM_RSA_PKCS_PSS refused (" + ckrName(failure) +
                      "); signing with raw RSA");
        return {};
    }
    if (ckrMeansUnsupported(failure)) {
        throw Error(ErrorCode::UnsupportedAlgorithm, "the token refused this signature scheme",
                    {{"pkcs11", ckrName(failure)}});
    }
    throw tokenFailure(P11Failure{failure, "CKM_RSA_PKCS_PSS: " + ckrName(failure)}, "signing");
}

Bytes P11KeySession::signOnce(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) {
    auto& module = login_->module();
    auto& prompt = module.contextPrompt();
    PinRequest request;
    request.contextSpecific = true;
    if (record_.alwaysAuthenticate) {
        const auto flags = raw::tokenFlags(module.functions(), login_->slotId());
        if (!flags) {
            throw Error(ErrorCode::TokenRemoved, "the token was removed");
        }
        if (flags->pinLocked) {
            throw Error(ErrorCode::PinLocked, "the token's PIN is locked");
        }
        request.pinCountLow = flags->pinCountLow;
        request.pinFinalTry = flags->pinFinalTry;
    }
    // The UI_METHOD reads this while libp11 is inside EVP_PKEY_sign; cleared on every exit.
    prompt.prepare(pins_, request);
    struct ClearPrompt {
        ContextPinPrompt& prompt;
        ~ClearPrompt() { prompt.pins = nullptr; }
    } clearPrompt{prompt};

    // A PIN pad token does the per-signature login on its pad (libp11 passes a NULL PIN):
    // the user is told so for as long as the signature takes.
    std::unique_ptr<PinSource::Notice> padNotice;
    if (record_.alwaysAuthenticate && record_.token.protectedAuthPath) {
        padNotice = pins_.pinPadNotice(request);
    }

    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
    if (!ctx || !configure(ctx.get(), hash, scheme)) {
        ERR_clear_error();
        throw Error(ErrorCode::UnsupportedAlgorithm,
                    std::string("the token's key cannot sign with ") + signatureSchemeName(scheme) +
                        " and " + hashAlgorithmName(hash));
    }
    std::size_t size = 0;
    ERR_clear_error();
    if (EVP_PKEY_sign(ctx.get(), nullptr, &size, digest.data(), digest.size()) <= 0) {
        throwSignFailure(false);
    }
    Bytes signature(size);
    if (EVP_PKEY_sign(ctx.get(), signature.data(), &size, digest.data(), digest.size()) <= 0) {
        padNotice.reset();
        throwSignFailure(prompt.asks > 0 ||
                         (record_.alwaysAuthenticate && record_.token.protectedAuthPath));
    }
    signature.resize(size);
    return signature;
}

void P11KeySession::throwSignFailure(bool contextLogin) {
    auto& module = login_->module();
    auto& prompt = module.contextPrompt();
    const auto failure = takeP11Failure();
    if (prompt.failure) {
        spent_ = Error(ErrorCode::UserCancelled, "the PIN dialog failed");
        std::rethrow_exception(prompt.failure);  // the PinSource's own TIMEOUT, PROMPT_FAILED
    }
    if (prompt.cancelled) {
        throwContextFailure(
            Error(ErrorCode::UserCancelled, "the user cancelled the PIN for this signature"));
    }
    if (prompt.unusable) {
        throwContextFailure(
            pinIncorrect("a PIN for this signature must be 4 to 32 characters", false, false));
    }
    if (failure.ckr && contextLogin && ckrMeansWrongPin(*failure.ckr)) {
        const auto flags = raw::tokenFlags(module.functions(), login_->slotId());
        if (flags && flags->pinLocked) {
            throwContextFailure(Error(ErrorCode::PinLocked, "the token's PIN is locked"));
        }
        throwContextFailure(pinIncorrect("the PIN given for this signature was wrong",
                                         flags && flags->pinCountLow, flags && flags->pinFinalTry));
    }
    if (contextLogin && failure.ckr &&
        (*failure.ckr == CKR_FUNCTION_CANCELED || *failure.ckr == CKR_PIN_LOCKED)) {
        throwContextFailure(tokenFailure(failure, "logging in for this signature"));
    }
    if (failure.ckr && ckrMeansUnsupported(*failure.ckr)) {
        throw Error(ErrorCode::UnsupportedAlgorithm, "the token refused this signature scheme",
                    {{"pkcs11", ckrName(*failure.ckr)}});
    }
    throw tokenFailure(failure, "signing");
}

void P11KeySession::throwContextFailure(Error error) {
    spent_ = error;
    throw error;
}

}  // namespace kyso
