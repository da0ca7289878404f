#include "token/token_certificates.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "core/openssl_handles.hpp"
#include "token/libp11_library.hpp"
#include "token/p11_error.hpp"
#include "token/raw_token.hpp"
#include "token/token_errors.hpp"

namespace kyso {
namespace {

std::string text(const char* value) {
    return value != nullptr ? value : "";
}

Bytes idOf(const unsigned char* id, std::size_t size) {
    return id != nullptr ? Bytes(id, id + size) : Bytes{};
}

std::vector<Bytes> keyIds(PKCS11_TOKEN& token, bool privateKeys) {
    PKCS11_KEY* keys = nullptr;
    unsigned int count = 0;
    ERR_clear_error();
    const int rc = privateKeys ? libp11().PKCS11_enumerate_keys(&token, &keys, &count)
                               : libp11().PKCS11_enumerate_public_keys(&token, &keys, &count);
    if (rc != 0) {
        throw tokenFailure(takeP11Failure(), "listing the keys on the token");
    }
    std::vector<Bytes> ids;
    for (unsigned int i = 0; i < count; ++i) {
        if (keys[i].id_len > 0) {
            ids.push_back(idOf(keys[i].id, keys[i].id_len));
        }
    }
    return ids;
}

bool contains(const std::vector<Bytes>& ids, const Bytes& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// basicConstraints CA:TRUE: an issuer the token carries (real tokens hold their CA), never a
// signing candidate even when nothing else tells it apart from a key-only certificate. A DER
// that does not parse is no candidate either.
bool isCaCertificate(const Bytes& der) {
    const unsigned char* p = der.data();
    X509Ptr certificate(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!certificate) {
        ERR_clear_error();
        return true;
    }
    return (X509_get_extension_flags(certificate.get()) & EXFLAG_CA) != 0;
}

}  // namespace

TokenState currentTokenState(LoadedModule& module, PKCS11_SLOT& slot) {
    const PKCS11_TOKEN& token = *slot.token;
    TokenState state;
    state.label = text(token.label);
    state.serial = text(token.serialnr);
    state.manufacturer = text(token.manufacturer);
    state.model = text(token.model);
    state.loginRequired = token.loginRequired != 0;
    state.protectedAuthPath = token.secureLogin != 0;
    state.pinCountLow = token.userPinCountLow != 0;
    state.pinFinalTry = token.userPinFinalTry != 0;
    state.pinLocked = token.userPinLocked != 0;
    const auto flags =
        raw::tokenFlags(module.functions(), libp11().PKCS11_get_slotid_from_slot(&slot));
    if (flags) {
        state.loginRequired = flags->loginRequired;
        state.protectedAuthPath = flags->protectedAuthPath;
        state.pinCountLow = flags->pinCountLow;
        state.pinFinalTry = flags->pinFinalTry;
        state.pinLocked = flags->pinLocked;
    }
    return state;
}

std::vector<FoundCertificate> tokenCertificates(LoadedModule& module, PKCS11_SLOT& slot) {
    PKCS11_TOKEN& token = *slot.token;
    const auto state = currentTokenState(module, slot);
    const auto slotId = libp11().PKCS11_get_slotid_from_slot(&slot);

    // The first libp11 call here opens libp11's first session on this slot (see probeSession).
    if (const CK_RV rv = raw::probeSession(module.functions(), slotId); rv != CKR_OK) {
        throw tokenFailure(P11Failure{rv, "C_OpenSession"}, "opening a session on the token");
    }
    CK_RV failure = CKR_OK;
    auto objects = raw::certificateObjects(module.functions(), slotId, &failure);
    if (failure != CKR_OK) {
        throw tokenFailure(P11Failure{failure, "C_GetAttributeValue"},
                           "listing the certificates on the token");
    }
    std::vector<FoundCertificate> found;
    for (auto& object : objects) {
        FoundCertificate entry;
        entry.record.thumbprint = hexEncode(sha256(object.der));
        entry.record.der = std::move(object.der);
        entry.record.modulePath = module.spec().path;
        entry.record.token = state;
        entry.id = std::move(object.id);
        entry.slotId = slotId;
        found.push_back(std::move(entry));
    }
    int loggedIn = 0;
    libp11().PKCS11_is_logged_in(&slot, 0, &loggedIn);
    const bool privateKeysHidden = state.loginRequired && loggedIn == 0;
    const auto privateIds = keyIds(token, true);
    const auto publicIds = privateKeysHidden ? keyIds(token, false) : std::vector<Bytes>{};
    for (auto& entry : found) {
        auto& record = entry.record;
        if (entry.id.empty()) {
            continue;  // nothing ties it to a key (CA certificates stored on the token)
        }
        if (contains(privateIds, entry.id)) {
            record.keyPresence = KeyPresence::Present;
            record.alwaysAuthenticate =
                raw::alwaysAuthenticate(module.functions(), slotId, entry.id).value_or(false);
        } else if (privateKeysHidden && contains(publicIds, entry.id)) {
            record.keyPresence = KeyPresence::Present;
        } else if (privateKeysHidden && !isCaCertificate(record.der)) {
            // Only the certificate is visible: many real tokens carry no public-key objects.
            // The key is looked up by CKA_ID after login (openKey).
            record.keyPresence = KeyPresence::AfterLogin;
        }
        record.hasPrivateKey = record.keyPresence != KeyPresence::None;
    }
    return found;
}

}  // namespace kyso
