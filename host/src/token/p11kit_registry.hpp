#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// p11-kit's module registry (pkcs11.conf(5)): one "*.module" file per installed PKCS#11
// module, "key: value" lines. Only what kyso needs is read: the module path and the rules
// that keep a module away from some programs.
namespace kyso::p11kit {

// The names p11-kit would match against `enable-in:`/`disable-in:` for this host.
inline constexpr std::string_view kProgramNames[] = {"kyso", "kyso-host"};

// The module a registry file names, resolved against `moduleDir` when relative; nullopt when
// the file names none (a remote module), excludes kyso, or names p11-kit's own modules (the
// trust module holds no keys and the proxy would show every module a second time).
std::optional<std::string> moduleFromRegistryFile(std::string_view text,
                                                  const std::string& moduleDir);

// Every module registered in `dirs` (later directories override files of the same name in
// earlier ones), in file-name order. Unreadable directories and files are skipped.
std::vector<std::string> registeredModules(const std::vector<std::string>& dirs,
                                           const std::string& moduleDir);

}  // namespace kyso::p11kit
