#include "token/raw_token.hpp"

namespace kyso::raw {
namespace {

// A session of our own that is always closed. It is never the token's last session while a
// key is logged in (libp11 keeps its own open), so closing it never logs the token out.
class Session {
  public:
    Session(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot) : functions_(functions) {
        opened_ = functions_->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &handle_);
        if (opened_ != CKR_OK) {
            handle_ = CK_INVALID_HANDLE;
        }
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() {
        if (handle_ != CK_INVALID_HANDLE) {
            functions_->C_CloseSession(handle_);
        }
    }
    bool ok() const { return handle_ != CK_INVALID_HANDLE; }
    CK_RV opened() const { return opened_; }
    CK_SESSION_HANDLE handle() const { return handle_; }

  private:
    CK_FUNCTION_LIST* functions_;
    CK_SESSION_HANDLE handle_ = CK_INVALID_HANDLE;
    CK_RV opened_ = CKR_OK;
};

}  // namespace

std::optional<TokenFlags> tokenFlags(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot) {
    CK_TOKEN_INFO info{};
    if (functions == nullptr || functions->C_GetTokenInfo(slot, &info) != CKR_OK) {
        return std::nullopt;
    }
    TokenFlags flags;
    flags.loginRequired = (info.flags & CKF_LOGIN_REQUIRED) != 0;
    flags.protectedAuthPath = (info.flags & CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
    flags.pinCountLow = (info.flags & CKF_USER_PIN_COUNT_LOW) != 0;
    flags.pinFinalTry = (info.flags & CKF_USER_PIN_FINAL_TRY) != 0;
    flags.pinLocked = (info.flags & CKF_USER_PIN_LOCKED) != 0;
    return flags;
}

CK_RV probeSession(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot) {
    if (functions == nullptr) {
        return CKR_GENERAL_ERROR;
    }
    const Session session(functions, slot);
    return session.opened();
}

std::optional<bool> alwaysAuthenticate(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot,
                                       const Bytes& id) {
    if (functions == nullptr || id.empty()) {
        return std::nullopt;
    }
    Session session(functions, slot);
    if (!session.ok()) {
        return std::nullopt;
    }
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    Bytes idCopy = id;  // C_FindObjectsInit takes a non-const pointer
    CK_ATTRIBUTE search[] = {
        {CKA_CLASS, &keyClass, sizeof keyClass},
        {CKA_ID, idCopy.data(), static_cast<CK_ULONG>(idCopy.size())},
    };
    if (functions->C_FindObjectsInit(session.handle(), search, 2) != CKR_OK) {
        return std::nullopt;
    }
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_ULONG found = 0;
    const CK_RV rv = functions->C_FindObjects(session.handle(), &key, 1, &found);
    functions->C_FindObjectsFinal(session.handle());
    if (rv != CKR_OK || found == 0) {
        return std::nullopt;
    }
    CK_BBOOL value = CK_FALSE;
    CK_ATTRIBUTE attribute = {CKA_ALWAYS_AUTHENTICATE, &value, sizeof value};
    // A module that does not know the attribute (PKCS#11 before 2.20) has no such keys.
    if (functions->C_GetAttributeValue(session.handle(), key, &attribute, 1) != CKR_OK) {
        return false;
    }
    return value == CK_TRUE;
}

namespace {

// One attribute's value, sized by asking first. Empty when the object has none.
Bytes attributeValue(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session,
                     CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, CK_RV* failure) {
    CK_ATTRIBUTE probe{type, nullptr, 0};
    CK_RV rv = functions->C_GetAttributeValue(session, object, &probe, 1);
    if (rv == CKR_ATTRIBUTE_TYPE_INVALID || probe.ulValueLen == CK_UNAVAILABLE_INFORMATION ||
        probe.ulValueLen == 0) {
        return {};
    }
    if (rv != CKR_OK) {
        *failure = rv;
        return {};
    }
    Bytes value(probe.ulValueLen);
    CK_ATTRIBUTE read{type, value.data(), probe.ulValueLen};
    rv = functions->C_GetAttributeValue(session, object, &read, 1);
    if (rv != CKR_OK) {
        *failure = rv;
        return {};
    }
    value.resize(read.ulValueLen);
    return value;
}

}  // namespace

std::vector<CertificateObject> certificateObjects(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot,
                                                  CK_RV* failure) {
    *failure = CKR_OK;
    std::vector<CertificateObject> found;
    if (functions == nullptr) {
        *failure = CKR_GENERAL_ERROR;
        return found;
    }
    Session session(functions, slot);
    if (!session.ok()) {
        *failure = session.opened();
        return found;
    }
    CK_OBJECT_CLASS certificateClass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    CK_ATTRIBUTE search[] = {
        {CKA_CLASS, &certificateClass, sizeof certificateClass},
        {CKA_CERTIFICATE_TYPE, &x509, sizeof x509},
    };
    CK_RV rv = functions->C_FindObjectsInit(session.handle(), search, 2);
    if (rv != CKR_OK) {
        *failure = rv;
        return found;
    }
    std::vector<CK_OBJECT_HANDLE> handles;
    for (;;) {
        CK_OBJECT_HANDLE batch[32];
        CK_ULONG count = 0;
        rv = functions->C_FindObjects(session.handle(), batch, 32, &count);
        if (rv != CKR_OK) {
            *failure = rv;
            break;
        }
        handles.insert(handles.end(), batch, batch + count);
        if (count == 0 || handles.size() > 10000) {  // bounded, whatever the token says
            break;
        }
    }
    functions->C_FindObjectsFinal(session.handle());
    for (const CK_OBJECT_HANDLE object : handles) {
        CertificateObject certificate;
        certificate.der = attributeValue(functions, session.handle(), object, CKA_VALUE, failure);
        certificate.id = attributeValue(functions, session.handle(), object, CKA_ID, failure);
        if (*failure != CKR_OK) {
            break;
        }
        if (!certificate.der.empty()) {
            found.push_back(std::move(certificate));
        }
    }
    return found;
}

bool canSign(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot, CK_MECHANISM_TYPE mechanism) {
    CK_MECHANISM_INFO info{};
    return functions != nullptr &&
           functions->C_GetMechanismInfo(slot, mechanism, &info) == CKR_OK &&
           (info.flags & CKF_SIGN) != 0;
}

Bytes signPss(CK_FUNCTION_LIST* functions, CK_SLOT_ID slot, const Bytes& keyId,
              const PssParams& params, const Bytes& digest, CK_RV* failure, bool* atInit) {
    *atInit = false;
    if (functions == nullptr || keyId.empty()) {
        *failure = CKR_KEY_HANDLE_INVALID;
        return {};
    }
    Session session(functions, slot);
    if (!session.ok()) {
        *failure = session.opened();
        return {};
    }
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    Bytes idCopy = keyId;  // C_FindObjectsInit takes a non-const pointer
    CK_ATTRIBUTE search[] = {
        {CKA_CLASS, &keyClass, sizeof keyClass},
        {CKA_ID, idCopy.data(), static_cast<CK_ULONG>(idCopy.size())},
    };
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_ULONG found = 0;
    CK_RV rv = functions->C_FindObjectsInit(session.handle(), search, 2);
    if (rv == CKR_OK) {
        rv = functions->C_FindObjects(session.handle(), &key, 1, &found);
        functions->C_FindObjectsFinal(session.handle());
    }
    if (rv != CKR_OK || found == 0) {
        *failure = rv != CKR_OK ? rv : CKR_KEY_HANDLE_INVALID;
        return {};
    }
    CK_RSA_PKCS_PSS_PARAMS pss{params.hash, params.mgf, static_cast<CK_ULONG>(digest.size())};
    CK_MECHANISM mechanism{CKM_RSA_PKCS_PSS, &pss, sizeof pss};
    rv = functions->C_SignInit(session.handle(), &mechanism, key);
    if (rv != CKR_OK) {
        *failure = rv;
        *atInit = true;
        return {};
    }
    Bytes input = digest;  // C_Sign takes a non-const pointer
    CK_ULONG size = 0;
    // A failed C_Sign ends the operation (PKCS#11 5.2), so nothing is left active.
    rv = functions->C_Sign(session.handle(), input.data(), static_cast<CK_ULONG>(input.size()),
                           nullptr, &size);
    Bytes signature(size);
    if (rv == CKR_OK) {
        rv = functions->C_Sign(session.handle(), input.data(), static_cast<CK_ULONG>(input.size()),
                               signature.data(), &size);
    }
    if (rv != CKR_OK) {
        *failure = rv;
        return {};
    }
    signature.resize(size);
    return signature;
}

}  // namespace kyso::raw
