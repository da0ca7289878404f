#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocol/command.hpp"

namespace kyso {

// Finds the handler for a request, checks the origin where the command needs one, and runs
// it. Failures come out as kyso::Error; anything else thrown is a bug and becomes INTERNAL.
class Dispatcher {
  public:
    void add(std::unique_ptr<Command> command);
    std::vector<std::string> commandNames() const;
    // Whether `command` exists and may show the user a dialog (Command::asksUser).
    bool asksUser(const std::string& command) const;
    CommandResult run(RequestContext& request, HostServices& services) const;

  private:
    std::map<std::string, std::unique_ptr<Command>, std::less<>> commands_;
};

// Every command of protocol version 1.
Dispatcher makeDispatcher();

}  // namespace kyso
