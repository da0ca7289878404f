#pragma once

#include <memory>
#include <string>
#include <vector>

#include "token/context_pin_ui.hpp"
#include "token/libp11_api.hpp"
#include "token/module_library.hpp"
#include "token/token_manager.hpp"

namespace kyso {

// One PKCS#11 module loaded through libp11, with its current slot list. A module that fails
// to load stays here with loaded() false and the reason, so it can be reported.
class LoadedModule {
  public:
    explicit LoadedModule(ModuleSpec spec);  // never throws a module's failure
    LoadedModule(const LoadedModule&) = delete;
    LoadedModule& operator=(const LoadedModule&) = delete;
    ~LoadedModule();

    const ModuleSpec& spec() const { return spec_; }
    bool loaded() const { return ctx_ != nullptr; }
    const std::string& error() const { return error_; }
    const std::string& description() const { return description_; }
    const std::string& manufacturer() const { return manufacturer_; }

    // Asks the module for its slots again, so tokens inserted or removed since are seen.
    // Every PKCS11_SLOT* handed out before becomes invalid. A failure empties the list and
    // is kept in refreshError(). While a key is in use (holdSlots) the list is kept as it is.
    //
    // Why the list is always rebuilt from scratch: libp11 0.4.12's PKCS11_update_slots,
    // meant to refresh a list in place, frees the per-slot state it claims to reuse and
    // indexes the old list wrongly (fixed upstream in 0.4.13, "Fix memory handling in slot
    // refresh"). A fresh PKCS11_enumerate_slots after releasing the old list is safe, and
    // also forgets libp11's sessions of a token that was pulled out, which libp11 would
    // otherwise keep handing out.
    void refresh();
    const std::string& refreshError() const { return refreshError_; }

    // Slots that hold an initialised token, as of the last refresh. (SoftHSM and some
    // readers show an empty, uninitialised token that can hold nothing.)
    std::vector<PKCS11_SLOT*> tokenSlots() const;
    PKCS11_SLOT* slotById(unsigned long slotId) const;

    // A logged-in key refers to libp11's slot state, which releasing the list would free
    // under it (0.4.12 frees it whatever its reference count): the list is frozen while any
    // key is held. Tokens inserted meanwhile are seen once the key is let go.
    void holdSlots() { ++holds_; }
    void letGoOfSlots();

    PKCS11_CTX* context() const { return ctx_.get(); }
    CK_FUNCTION_LIST* functions() const { return library_.functions(); }
    ContextPinPrompt& contextPrompt() { return contextPrompt_; }

  private:
    void load();
    void releaseSlots();

    struct ContextDeleter {
        void operator()(PKCS11_CTX* ctx) const;  // unloads (C_Finalize) and frees
    };

    ModuleSpec spec_;
    ModuleLibrary library_;  // declared first: closed last, after libp11 let go
    std::unique_ptr<PKCS11_CTX, ContextDeleter> ctx_;
    PKCS11_SLOT* slots_ = nullptr;
    unsigned int slotCount_ = 0;
    int holds_ = 0;
    std::string error_, refreshError_, description_, manufacturer_;
    ContextPinPrompt contextPrompt_;
};

}  // namespace kyso
