#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "prompt/prompter.hpp"

namespace kyso {

struct HostServices;

// A large binary result value, sent in blob frames ahead of the result. Parts are shared so a
// signed document can be sent as "the input" + "what was appended" without a copy.
struct OutputBlob {
    std::string name;
    std::vector<std::shared_ptr<const Bytes>> parts;
    std::size_t size() const {
        std::size_t total = 0;
        for (const auto& part : parts) {
            total += part->size();
        }
        return total;
    }
};

struct CommandResult {
    nlohmann::json result = nlohmann::json::object();
    std::vector<OutputBlob> blobs;  // referenced from `result` as {"$blob": name, "size": n}
};

// One request, validated (protocol/request.cpp) and ready for its handler.
struct RequestContext {
    nlohmann::json id;
    std::string command;
    std::string origin;  // validated against policy before the handler runs (if needed)
    Language lang = Language::Vi;
    nlohmann::json params = nlohmann::json::object();
    bool fromCli = false;  // the local user at a terminal, not a web page
    // Resolves {"$blob": name} values sent ahead of the request; null if there is none.
    std::function<std::shared_ptr<const Bytes>(const std::string& name)> blob;
    // Reports progress to the caller ({"stage": ..., "done": n, "total": m}).
    std::function<void(const nlohmann::json& progress)> progress;
};

// One command of the protocol: a small class that parses its params, does its work through
// the services, and returns its result or throws kyso::Error.
class Command {
  public:
    virtual ~Command() = default;
    virtual std::string_view name() const = 0;
    // Commands that touch tokens or show dialogs need an allowed origin; status does not.
    virtual bool needsOrigin() const { return true; }
    // Commands that may put a dialog in front of the user: counted and held back when the
    // user keeps cancelling a site's dialogs (messaging/cancel_backoff.hpp).
    virtual bool asksUser() const { return needsOrigin(); }
    virtual CommandResult run(RequestContext& request, HostServices& services) = 0;
};

}  // namespace kyso
