#pragma once

#include "token/libp11_api.hpp"
#include "token/loaded_module.hpp"
#include "token/token_manager.hpp"

namespace kyso {

// Logs the user in to the token in `slot` (CKU_USER), asking `pins` as docs/protocol.md
// says: PIN_LOCKED before any attempt on a locked token; on a PIN pad, a notice while the
// pad is used and no typed PIN; otherwise one PinSource::pin call per attempt, never
// resending a PIN, with the token's fresh flags after a wrong one. Throws kyso::Error.
void logIn(LoadedModule& module, PKCS11_SLOT& slot, PinSource& pins);

}  // namespace kyso
