#include <openssl/err.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "core/log.hpp"
#include "token/libp11_library.hpp"
#include "token/loaded_module.hpp"
#include "token/p11_error.hpp"
#include "token/p11_key_session.hpp"
#include "token/pin_login.hpp"
#include "token/raw_token.hpp"
#include "token/token_certificates.hpp"
#include "token/token_errors.hpp"
#include "token/token_manager.hpp"

namespace kyso {
namespace {

std::string realPathOf(const std::string& path) {
    std::error_code ec;
    auto real = std::filesystem::canonical(path, ec);
    return ec ? path : real.string();
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Where a certificate was found, for openKey.
struct Located {
    std::shared_ptr<LoadedModule> module;
    FoundCertificate certificate;
};

class Libp11TokenManager final : public TokenManager {
  public:
    explicit Libp11TokenManager(std::vector<ModuleSpec> specs) {
        std::set<std::string> seen;
        for (auto& spec : specs) {
            if (seen.insert(realPathOf(spec.path)).second) {
                modules_.push_back(std::make_shared<LoadedModule>(std::move(spec)));
            }
        }
    }

    std::vector<ModuleReport> modules() override {
        std::vector<ModuleReport> reports;
        for (const auto& module : modules_) {
            module->refresh();
            ModuleReport report;
            report.spec = module->spec();
            report.loaded = module->loaded();
            report.error = module->loaded() ? module->refreshError() : module->error();
            report.description = module->description();
            report.manufacturer = module->manufacturer();
            for (PKCS11_SLOT* slot : module->tokenSlots()) {
                report.tokens.push_back(currentTokenState(*module, *slot));
            }
            reports.push_back(std::move(report));
        }
        return reports;
    }

    std::vector<CertificateRecord> certificates() override {
        std::vector<CertificateRecord> records;
        for (auto& found : locateAll()) {
            records.push_back(std::move(found.certificate.record));
        }
        return records;
    }

    std::unique_ptr<KeySession> openKey(const std::string& thumbprint, PinSource& pins) override {
        const auto wanted = lowercase(thumbprint);
        auto found = locate(wanted);
        auto& module = *found.module;
        PKCS11_SLOT* slot = module.slotById(found.certificate.slotId);
        if (slot == nullptr || slot->token == nullptr) {
            throw Error(ErrorCode::TokenRemoved, "the token was removed");
        }
        // Entering the PIN is the user's consent to this operation: a login left over from
        // an earlier session is ended first, so the PIN is always asked.
        int loggedIn = 0;
        if (libp11().PKCS11_is_logged_in(slot, 0, &loggedIn) == 0 && loggedIn != 0) {
            libp11().PKCS11_logout(slot);
            ERR_clear_error();
        }
        const auto slotId = found.certificate.slotId;
        auto login = std::make_unique<TokenLogin>(found.module, slotId);
        const auto before = raw::tokenFlags(module.functions(), slotId);
        if (!before) {
            throw Error(ErrorCode::TokenRemoved, "the token was removed");
        }
        if (before->loginRequired) {
            logIn(module, *slot, pins);
        }
        auto key = privateKey(*slot, found.certificate.id);
        if (!key) {
            throw keyNotFound(found.certificate.record, wanted);
        }
        auto record = std::move(found.certificate.record);
        record.hasPrivateKey = true;
        record.keyPresence = KeyPresence::Present;
        record.alwaysAuthenticate =
            raw::alwaysAuthenticate(module.functions(), slotId, found.certificate.id)
                .value_or(false);
        // A token that needs no login would sign without the user knowing: the consent
        // dialog stands in for the PIN dialog. A key that needs a PIN for every signature
        // asks it even here (a context-specific login), and that dialog is the consent.
        if (!before->loginRequired && !record.alwaysAuthenticate && !pins.consent(PinRequest{})) {
            throw Error(ErrorCode::UserCancelled,
                        "the user did not allow the operation (the token needs no PIN)");
        }
        if (const auto flags = raw::tokenFlags(module.functions(), slotId)) {
            record.token.pinCountLow = flags->pinCountLow;
            record.token.pinFinalTry = flags->pinFinalTry;
            record.token.pinLocked = flags->pinLocked;
        }
        return std::make_unique<P11KeySession>(std::move(login), std::move(key),
                                               found.certificate.id, std::move(record), pins);
    }

  private:
    // Every certificate on every token, after refreshing the slots. A token that fails is
    // left out (and noted in the diagnostic log); it never fails the whole list.
    std::vector<Located> locateAll() {
        std::vector<Located> all;
        for (const auto& module : modules_) {
            module->refresh();
            for (PKCS11_SLOT* slot : module->tokenSlots()) {
                try {
                    for (auto& certificate : tokenCertificates(*module, *slot)) {
                        all.push_back({module, std::move(certificate)});
                    }
                } catch (const Error& e) {
                    diagnosticLog("token: skipped a token of " + module->spec().path + ": " +
                                  e.what());
                }
            }
        }
        return all;
    }

    // The certificate with this thumbprint that has a private key; the first one found
    // when the same certificate sits on several tokens.
    Located locate(const std::string& thumbprint) {
        for (auto& found : locateAll()) {
            if (found.certificate.record.thumbprint == thumbprint &&
                found.certificate.record.hasPrivateKey) {
                return std::move(found);
            }
        }
        throw Error(ErrorCode::CertificateNotFound,
                    "no certificate with a private key has thumbprint " + thumbprint,
                    {{"thumbprint", thumbprint}});
    }

    // No private key with the certificate's CKA_ID. For a certificate listed as "key after
    // login" the PIN was asked first (the key could only be looked for then): the detail says
    // so, since the user just typed a PIN for nothing.
    static Error keyNotFound(const CertificateRecord& record, const std::string& thumbprint) {
        if (record.keyPresence == KeyPresence::AfterLogin) {
            return Error(ErrorCode::CertificateNotFound,
                         "after login the token shows no private key with the CKA_ID of "
                         "certificate " +
                             thumbprint + " (the token holds the certificate only)",
                         {{"thumbprint", thumbprint}, {"privateKey", "not-found-after-login"}});
        }
        return Error(ErrorCode::CertificateNotFound,
                     "the token has no private key for certificate " + thumbprint,
                     {{"thumbprint", thumbprint}});
    }

    static EvpPkeyPtr privateKey(PKCS11_SLOT& slot, const Bytes& id) {
        PKCS11_KEY* keys = nullptr;
        unsigned int count = 0;
        ERR_clear_error();
        if (libp11().PKCS11_enumerate_keys(slot.token, &keys, &count) != 0) {
            const auto failure = takeP11Failure();
            throw tokenFailure(failure, "finding the private key");
        }
        for (unsigned int i = 0; i < count; ++i) {
            if (!id.empty() && keys[i].id_len == id.size() &&
                std::equal(id.begin(), id.end(), keys[i].id)) {
                EvpPkeyPtr key(libp11().PKCS11_get_private_key(&keys[i]));
                if (!key) {
                    throw tokenFailure(takeP11Failure(), "loading the private key");
                }
                return key;
            }
        }
        return nullptr;
    }

    std::vector<std::shared_ptr<LoadedModule>> modules_;
};

}  // namespace

std::unique_ptr<TokenManager> makeTokenManager(std::vector<ModuleSpec> modules) {
    return std::make_unique<Libp11TokenManager>(std::move(modules));
}

}  // namespace kyso
