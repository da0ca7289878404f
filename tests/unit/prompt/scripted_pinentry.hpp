#pragma once

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

// Test helpers around tests/fixtures/scripted-pinentry: a real program speaking real Assuan,
// answering each dialog from a script file and logging what each dialog showed.
namespace kyso::test {

inline std::string scriptedPinentryPath() {
    return KYSO_SOURCE_DIR "/tests/fixtures/scripted-pinentry";
}

// A private temporary directory, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        std::string pattern = "/tmp/kyso-prompt-XXXXXX";
        path_ = ::mkdtemp(pattern.data()) == nullptr ? "" : pattern;
    }
    ~TempDir() {
        if (!path_.empty()) {
            std::string command = "rm -rf '" + path_ + "'";
            (void)std::system(command.c_str());
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Sets the fixture's environment for the life of the object: answers in order, one per dialog.
class ScriptedPinentry {
  public:
    explicit ScriptedPinentry(const std::vector<std::string>& answers) {
        script_ = dir_.path() + "/script";
        log_ = dir_.path() + "/log.jsonl";
        std::ofstream out(script_);
        for (const auto& answer : answers) {
            out << answer << '\n';
        }
        ::setenv("KYSO_PINENTRY_SCRIPT", script_.c_str(), 1);
        ::setenv("KYSO_PINENTRY_LOG", log_.c_str(), 1);
        ::unsetenv("KYSO_PINENTRY");  // it would override the program the test chose
    }
    ~ScriptedPinentry() {
        ::unsetenv("KYSO_PINENTRY_SCRIPT");
        ::unsetenv("KYSO_PINENTRY_LOG");
    }
    ScriptedPinentry(const ScriptedPinentry&) = delete;
    ScriptedPinentry& operator=(const ScriptedPinentry&) = delete;

    // Every dialog the fixture showed so far, oldest first.
    std::vector<nlohmann::json> dialogs() const {
        std::vector<nlohmann::json> result;
        std::ifstream in(log_);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) {
                result.push_back(nlohmann::json::parse(line));
            }
        }
        return result;
    }

    const std::string& directory() const { return dir_.path(); }

  private:
    TempDir dir_;
    std::string script_;
    std::string log_;
};

// Processes whose parent is this test process, zombies included: what a leak would leave.
inline std::vector<int> childProcesses() {
    std::vector<int> children;
    const int self = static_cast<int>(::getpid());
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr) {
        return children;
    }
    while (dirent* entry = ::readdir(proc)) {
        std::string name = entry->d_name;
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        std::ifstream stat("/proc/" + name + "/stat");
        std::string content;
        std::getline(stat, content);
        auto close = content.rfind(')');  // the command name may contain spaces
        if (close == std::string::npos) {
            continue;
        }
        std::string state;
        int parent = 0;
        std::istringstream fields(content.substr(close + 2));
        fields >> state >> parent;
        if (parent == self) {
            children.push_back(std::stoi(name));
        }
    }
    ::closedir(proc);
    return children;
}

// Polls `condition` until it holds or `limit` passes; true when it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace kyso::test
