#include "token/loaded_module.hpp"

#include <openssl/err.h>

#include "core/error.hpp"
#include "core/log.hpp"
#include "token/ckr_names.hpp"
#include "token/libp11_library.hpp"
#include "token/p11_error.hpp"

namespace kyso {

void LoadedModule::ContextDeleter::operator()(PKCS11_CTX* ctx) const {
    libp11().PKCS11_CTX_unload(ctx);
    libp11().PKCS11_CTX_free(ctx);
}

LoadedModule::LoadedModule(ModuleSpec spec) : spec_(std::move(spec)), library_(spec_.path) {
    load();
    diagnosticLog("token: module " + spec_.path + " (" + spec_.source +
                  "): " + (loaded() ? "loaded, " + description_ : "not loaded, " + error_));
}

void LoadedModule::load() {
    if (!library_.error().empty()) {
        error_ = library_.error();
        return;
    }
    // Without libp11 no module loads; the module reports says why, and the request goes on.
    try {
        libp11();
    } catch (const Error& e) {
        error_ = e.what();
        return;
    }
    // A context that never loaded must not be unloaded (libp11 would call a null C_Finalize),
    // so it is only owned by ctx_ once PKCS11_CTX_load succeeded.
    struct FreeOnly {
        void operator()(PKCS11_CTX* ctx) const { libp11().PKCS11_CTX_free(ctx); }
    };
    std::unique_ptr<PKCS11_CTX, FreeOnly> fresh(libp11().PKCS11_CTX_new());
    if (!fresh) {
        error_ = "out of memory";
        return;
    }
    ERR_clear_error();
    if (libp11().PKCS11_CTX_load(fresh.get(), spec_.path.c_str()) != 0) {
        const auto failure = takeP11Failure();
        // libp11 records the CK_RV of C_Initialize (or C_GetInfo) when that is what failed.
        error_ = failure.ckr ? "C_Initialize failed: " + ckrName(*failure.ckr)
                             : "cannot load the module: " + failure.text;
        return;
    }
    ctx_.reset(fresh.release());
    description_ = ctx_->description != nullptr ? ctx_->description : "";
    manufacturer_ = ctx_->manufacturer != nullptr ? ctx_->manufacturer : "";
    libp11().PKCS11_set_ui_method(ctx_.get(), contextPinUiMethod(), &contextPrompt_);
}

LoadedModule::~LoadedModule() {
    releaseSlots();
}

// Releasing the list closes libp11's sessions on each slot (which logs the token out) and
// wipes the copy of the last PIN libp11 keeps per slot for re-login after fork().
void LoadedModule::releaseSlots() {
    if (slots_ != nullptr) {
        libp11().PKCS11_release_all_slots(ctx_.get(), slots_, slotCount_);
    }
    slots_ = nullptr;
    slotCount_ = 0;
}

void LoadedModule::letGoOfSlots() {
    if (holds_ > 0) {
        --holds_;
    }
    if (holds_ == 0) {
        releaseSlots();
    }
}

void LoadedModule::refresh() {
    if (!loaded() || holds_ > 0) {
        return;
    }
    refreshError_.clear();
    releaseSlots();
    ERR_clear_error();
    if (libp11().PKCS11_enumerate_slots(ctx_.get(), &slots_, &slotCount_) != 0) {
        const auto failure = takeP11Failure();
        refreshError_ =
            "listing the slots failed: " + (failure.ckr ? ckrName(*failure.ckr) : failure.text);
        diagnosticLog("token: module " + spec_.path + ": " + refreshError_);
        slots_ = nullptr;  // libp11 frees a half-built list itself
        slotCount_ = 0;
    }
}

std::vector<PKCS11_SLOT*> LoadedModule::tokenSlots() const {
    std::vector<PKCS11_SLOT*> result;
    for (unsigned int i = 0; i < slotCount_; ++i) {
        if (slots_[i].token != nullptr && slots_[i].token->initialized) {
            result.push_back(&slots_[i]);
        }
    }
    return result;
}

PKCS11_SLOT* LoadedModule::slotById(unsigned long slotId) const {
    for (unsigned int i = 0; i < slotCount_; ++i) {
        if (libp11().PKCS11_get_slotid_from_slot(&slots_[i]) == slotId) {
            return &slots_[i];
        }
    }
    return nullptr;
}

}  // namespace kyso
