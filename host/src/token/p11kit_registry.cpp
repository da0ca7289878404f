#include "token/p11kit_registry.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace kyso::p11kit {
namespace {

// A registry file is a few lines; anything bigger is not one (bounded memory).
constexpr std::uintmax_t kMaxRegistryFileBytes = 64 * 1024;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// `enable-in`/`disable-in` values are lists of program names separated by commas or spaces.
bool listNamesKyso(std::string_view list) {
    std::size_t pos = 0;
    while (pos < list.size()) {
        const auto end = list.find_first_of(", \t", pos);
        const auto name = list.substr(pos, end == std::string_view::npos ? list.npos : end - pos);
        for (const auto ours : kProgramNames) {
            if (name == ours) {
                return true;
            }
        }
        if (end == std::string_view::npos) {
            break;
        }
        pos = end + 1;
    }
    return false;
}

bool isP11KitOwnModule(const std::string& path) {
    const auto name = std::filesystem::path(path).filename().string();
    return name.rfind("p11-kit-trust", 0) == 0 || name.rfind("p11-kit-proxy", 0) == 0 ||
           name.rfind("p11-kit-client", 0) == 0;
}

std::optional<std::string> readSmallFile(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxRegistryFileBytes) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::optional<std::string> moduleFromRegistryFile(std::string_view text,
                                                  const std::string& moduleDir) {
    std::optional<std::string> module;
    std::optional<std::string_view> enableIn;
    bool disabled = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto end = text.find('\n', pos);
        auto line = trim(text.substr(pos, end == std::string_view::npos ? text.npos : end - pos));
        pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const auto key = trim(line.substr(0, colon));
        const auto value = trim(line.substr(colon + 1));
        if (key == "module" && !value.empty()) {
            module = std::string(value);
        } else if (key == "disable-in") {
            disabled = disabled || listNamesKyso(value);
        } else if (key == "enable-in") {
            enableIn = value;
        }
    }
    if (!module || disabled || (enableIn && !listNamesKyso(*enableIn))) {
        return std::nullopt;
    }
    if (module->front() != '/') {
        module = moduleDir + "/" + *module;
    }
    if (isP11KitOwnModule(*module)) {
        return std::nullopt;
    }
    return module;
}

std::vector<std::string> registeredModules(const std::vector<std::string>& dirs,
                                           const std::string& moduleDir) {
    std::map<std::string, std::filesystem::path> files;  // file name -> winning path, sorted
    for (const auto& dir : dirs) {
        std::error_code ec;
        for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
             it.increment(ec)) {
            const auto& path = it->path();
            if (path.extension() == ".module") {
                files[path.filename().string()] = path;
            }
        }
    }
    std::vector<std::string> modules;
    for (const auto& [name, path] : files) {
        if (const auto text = readSmallFile(path)) {
            if (auto module = moduleFromRegistryFile(*text, moduleDir)) {
                modules.push_back(std::move(*module));
            }
        }
    }
    return modules;
}

}  // namespace kyso::p11kit
