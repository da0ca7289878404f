#pragma once

#include <memory>
#include <set>
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
    // is kept in refreshError().
    void refresh();
    const std::string& refreshError() const { return refreshError_; }

    // Slots that hold an initialised token, as of the last refresh. (SoftHSM and some
    // readers show an empty, uninitialised token that can hold nothing.)
    std::vector<PKCS11_SLOT*> tokenSlots() const;
    PKCS11_SLOT* slotById(unsigned long slotId) const;

    // A token was seen gone: libp11's session pool and login state for it are now stale
    // (libp11 0.4.12 never notices), so the slot list is dropped and rebuilt from scratch
    // at the next refresh.
    void tokenRemoved() { dropSlotsOnRefresh_ = true; }
    // Drops every libp11 slot object now. libp11 then closes its sessions (which logs the
    // token out) and wipes the copy of the last PIN it keeps per slot.
    void releaseSlots();

    PKCS11_CTX* context() const { return ctx_.get(); }
    CK_FUNCTION_LIST* functions() const { return library_.functions(); }
    ContextPinPrompt& contextPrompt() { return contextPrompt_; }

  private:
    struct ContextDeleter {
        void operator()(PKCS11_CTX* ctx) const;  // unloads (C_Finalize) and frees
    };

    ModuleSpec spec_;
    ModuleLibrary library_;  // declared first: closed last, after libp11 let go
    std::unique_ptr<PKCS11_CTX, ContextDeleter> ctx_;
    PKCS11_SLOT* slots_ = nullptr;
    unsigned int slotCount_ = 0;
    std::set<unsigned long> presentTokens_;  // slot ids that held a token at the last refresh
    bool dropSlotsOnRefresh_ = false;
    std::string error_, refreshError_, description_, manufacturer_;
    ContextPinPrompt contextPrompt_;
};

}  // namespace kyso
