#include "host_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace kyso::test {

HostProcess::HostProcess(const std::map<std::string, std::string>& env,
                         std::vector<std::string> args) {
    int in[2];
    int out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::map<std::string, std::string> merged;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        merged[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
    }
    for (const auto& [key, value] : env) {
        merged[key] = value;
    }
    std::vector<std::string> envStrings;
    for (const auto& [key, value] : merged) {
        envStrings.push_back(key + "=" + value);
    }
    std::vector<char*> envp;
    for (auto& entry : envStrings) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    std::string binary = KYSO_HOST_BINARY;
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        throw std::runtime_error("cannot start " + binary + ": " + std::strerror(rc));
    }
    toHost_ = in[1];
    fromHost_ = out[0];
    signal(SIGPIPE, SIG_IGN);  // a host that exited must not kill the test
}

HostProcess::~HostProcess() {
    closeStdin();
    if (!waitExit(5s)) {
        kill(pid_, SIGKILL);
        waitExit(5s);
    }
    if (fromHost_ >= 0) {
        close(fromHost_);
    }
}

void HostProcess::writeRaw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = write(toHost_, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            throw std::runtime_error("host stdin closed");
        }
        done += static_cast<std::size_t>(n);
    }
}

void HostProcess::sendFrame(const std::string& payload) {
    const auto length = static_cast<std::uint32_t>(payload.size());
    std::string frame(reinterpret_cast<const char*>(&length), sizeof(length));
    writeRaw(frame + payload);
}

bool HostProcess::readExactly(char* data, std::size_t size,
                              std::chrono::steady_clock::time_point deadline) {
    std::size_t done = 0;
    while (done < size) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd fd{fromHost_, POLLIN, 0};
        if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        const ssize_t n = read(fromHost_, data + done, size - done);
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<nlohmann::json> HostProcess::receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::uint32_t length = 0;
    if (!readExactly(reinterpret_cast<char*>(&length), sizeof(length), deadline)) {
        return std::nullopt;
    }
    if (length > 1024 * 1024) {
        throw std::runtime_error("host wrote a frame of " + std::to_string(length) +
                                 " bytes, over the 1 MiB limit");
    }
    std::string payload(length, '\0');
    if (!readExactly(payload.data(), length, deadline)) {
        throw std::runtime_error("host wrote a truncated frame");
    }
    return nlohmann::json::parse(payload);
}

nlohmann::json HostProcess::call(const std::string& command, nlohmann::json params,
                                 const std::string& origin, std::chrono::milliseconds timeout) {
    const std::string id = "t" + std::to_string(nextId_++);
    nlohmann::json request{
        {"type", "request"}, {"id", id}, {"command", command}, {"params", std::move(params)}};
    if (!origin.empty()) {
        request["origin"] = origin;
    }
    send(request);
    progress.clear();
    chunks = 0;
    std::string chunked;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto message = receive(left);
        if (!message) {
            throw std::runtime_error("no reply to " + command + " in time");
        }
        if (message->value("id", nlohmann::json()) != nlohmann::json(id)) {
            throw std::runtime_error("reply for another id: " + message->dump());
        }
        const auto type = message->value("type", std::string());
        if (type == "progress") {
            progress.push_back(*message);
        } else if (type == "chunk") {
            ++chunks;
            chunked += (*message)["data"].get<std::string>();
            if ((*message)["last"].get<bool>()) {
                return nlohmann::json::parse(chunked);
            }
        } else {
            return *message;
        }
    }
}

void HostProcess::closeStdin() {
    if (toHost_ >= 0) {
        close(toHost_);
        toHost_ = -1;
    }
}

std::optional<int> HostProcess::waitExit(std::chrono::milliseconds timeout) {
    if (exitStatus_) {
        return exitStatus_;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            exitStatus_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exitStatus_;
        }
        std::this_thread::sleep_for(10ms);
    }
    return std::nullopt;
}

}  // namespace kyso::test
