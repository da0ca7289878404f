#include "protocol/dispatcher.hpp"

#include <new>

#include "commands/host_services.hpp"
#include "core/error.hpp"
#include "policy/origin.hpp"

namespace kyso {

void Dispatcher::add(std::unique_ptr<Command> command) {
    const std::string name(command->name());
    commands_[name] = std::move(command);
}

std::vector<std::string> Dispatcher::commandNames() const {
    std::vector<std::string> names;
    for (const auto& entry : commands_) {
        names.push_back(entry.first);
    }
    return names;
}

bool Dispatcher::asksUser(const std::string& command) const {
    const auto it = commands_.find(command);
    return it != commands_.end() && it->second->asksUser();
}

CommandResult Dispatcher::run(RequestContext& request, HostServices& services) const {
    const auto it = commands_.find(request.command);
    if (it == commands_.end()) {
        throw Error(ErrorCode::UnknownCommand, "unknown command '" + request.command + "'",
                    {{"command", request.command}});
    }
    Command& command = *it->second;
    if (command.needsOrigin()) {
        // A broken IT policy refuses the terminal too: its module list, TSA or other settings
        // are unknown. status (and doctor) still answer, to say why.
        if (request.fromCli) {
            checkPolicyUsable(services.config);
        } else {
            checkOrigin(request.origin, services.config);
        }
    }
    try {
        return command.run(request, services);
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::TooLarge, "out of memory");
    } catch (const std::exception& e) {
        throw Error(ErrorCode::Internal, e.what());
    }
}

}  // namespace kyso
