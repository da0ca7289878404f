#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>

#include "prompt/prompter.hpp"
#include "scripted_pinentry.hpp"

using namespace kyso;

namespace {

// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        value == nullptr ? ::unsetenv(name) : ::setenv(name, value, 1);
    }
    ~ScopedEnv() { old_.empty() ? ::unsetenv(name_) : ::setenv(name_, old_.c_str(), 1); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::string old_;
};

void makeExecutable(const std::string& path) {
    std::ofstream(path) << "#!/bin/sh\nexit 0\n";
    ::chmod(path.c_str(), 0755);
}

}  // namespace

TEST_CASE("findPinentry: KYSO_PINENTRY, then the configuration, then PATH", "[prompt]") {
    kyso::test::TempDir bin;
    ScopedEnv path("PATH", bin.path().c_str());
    {
        ScopedEnv override("KYSO_PINENTRY", "/opt/x/pinentry-test");
        CHECK(findPinentry("/usr/bin/pinentry-qt") == "/opt/x/pinentry-test");
    }
    ScopedEnv noOverride("KYSO_PINENTRY", nullptr);
    CHECK(findPinentry("/usr/bin/pinentry-qt") == "/usr/bin/pinentry-qt");
    CHECK(findPinentry("") == "");  // nothing installed on this PATH

    makeExecutable(bin.path() + "/pinentry-tty");
    CHECK(findPinentry("") == bin.path() + "/pinentry-tty");
    makeExecutable(bin.path() + "/pinentry-curses");
    CHECK(findPinentry("") == bin.path() + "/pinentry-curses");
    makeExecutable(bin.path() + "/pinentry-gnome3");
    CHECK(findPinentry("") == bin.path() + "/pinentry-gnome3");
    makeExecutable(bin.path() + "/pinentry");
    CHECK(findPinentry("") == bin.path() + "/pinentry");
}
