#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kyso::test {

using namespace std::chrono_literals;

// The built kyso-host, started the way a browser starts it, spoken to over real pipes.
class HostProcess {
  public:
    // `env` is added to (and overrides) the test's own environment.
    explicit HostProcess(const std::map<std::string, std::string>& env,
                         std::vector<std::string> args = {"chrome-extension://kysotestextension/"});
    ~HostProcess();
    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    void writeRaw(const std::string& bytes);
    void sendFrame(const std::string& payload);
    void send(const nlohmann::json& message) { sendFrame(message.dump()); }
    // One frame, or nullopt when nothing arrives in time or stdout closed.
    std::optional<nlohmann::json> receive(std::chrono::milliseconds timeout = 30s);
    // Sends a request and returns its final message (result or error), keeping progress events
    // in `progress`. Chunked replies are reassembled.
    nlohmann::json call(const std::string& command,
                        nlohmann::json params = nlohmann::json::object(),
                        const std::string& origin = "https://dichvucong.kyso.test",
                        std::chrono::milliseconds timeout = 60s);
    void closeStdin();
    pid_t pid() const { return pid_; }
    // Waits for the process to exit; nullopt if it is still running after `timeout`.
    std::optional<int> waitExit(std::chrono::milliseconds timeout = 10s);

    std::vector<nlohmann::json> progress;
    std::size_t chunks = 0;  // chunk frames of the last call's reply

  private:
    bool readExactly(char* data, std::size_t size, std::chrono::steady_clock::time_point deadline);

    pid_t pid_ = -1;
    int toHost_ = -1;
    int fromHost_ = -1;
    int nextId_ = 1;
    std::optional<int> exitStatus_;
};

}  // namespace kyso::test
