#pragma once

#include <string>

namespace kyso {

// "CKR_PIN_INCORRECT" for 0xA0; "CKR_0x80000001" for a code not in the table (vendor codes).
std::string ckrName(unsigned long rv);

}  // namespace kyso
