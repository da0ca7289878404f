// Loading the IT policy file: a policy that exists but cannot be used fails closed; a missing one
// is no policy. Runs loadConfig() itself, pointed at files through KYSO_POLICY (test builds only:
// KYSO_TEST_HOOKS).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "policy/config.hpp"
#include "policy/origin.hpp"

using namespace kyso;

namespace {

// A fresh directory, a user config that names nothing, and KYSO_POLICY pointing into it.
class PolicyDir {
  public:
    PolicyDir() {
        char pattern[] = "/tmp/kyso-policy-XXXXXX";
        const char* made = mkdtemp(pattern);
        REQUIRE(made != nullptr);
        dir_ = made;
        ::chmod(dir_.c_str(), 0755);  // other users may look inside (the permission case)
        ::setenv("KYSO_CONFIG", (dir_ + "/no-config.json").c_str(), 1);
        ::setenv("KYSO_POLICY", policy().c_str(), 1);
    }
    ~PolicyDir() {
        ::unsetenv("KYSO_POLICY");
        ::unsetenv("KYSO_CONFIG");
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    PolicyDir(const PolicyDir&) = delete;
    PolicyDir& operator=(const PolicyDir&) = delete;

    std::string policy() const { return dir_ + "/policy.json"; }
    void write(const std::string& text) const { std::ofstream(policy(), std::ios::binary) << text; }

  private:
    std::string dir_;
};

void requireRefusesEverything(const Config& config, const std::string& path) {
    REQUIRE(config.brokenPolicy);
    CHECK(config.brokenPolicy->path == path);
    CHECK(!config.brokenPolicy->reason.empty());
    CHECK_FALSE(originAllowed("https://dichvucong.gov.vn", config));
    try {
        checkOrigin("https://dichvucong.gov.vn", config);
        FAIL("checkOrigin let an origin in under a broken policy");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::PolicyError);
        CHECK(e.details()["path"] == path);
    }
    CHECK_THROWS_AS(checkPolicyUsable(config), Error);
}

}  // namespace

TEST_CASE("test builds read the policy named by KYSO_POLICY", "[unit][policy]") {
    PolicyDir dir;
    CHECK(policyPathFromEnvironment());
    CHECK(systemPolicyPath() == dir.policy());
}

TEST_CASE("a missing policy file is no policy", "[unit][policy]") {
    PolicyDir dir;
    const auto config = loadConfig();
    CHECK_FALSE(config.brokenPolicy);
    CHECK(config.problems.empty());
    CHECK(originAllowed("https://dichvucong.gov.vn", config));
    CHECK_NOTHROW(checkPolicyUsable(config));
}

TEST_CASE("a policy with a syntax error, a wrong type or a bad pattern refuses every origin",
          "[unit][policy]") {
    PolicyDir dir;
    SECTION("a syntax error keeps its denies from vanishing") {
        dir.write(R"({"deniedOrigins": ["https://evil.vn"],})");
        const auto config = loadConfig();
        requireRefusesEverything(config, dir.policy());
        CHECK(config.brokenPolicy->reason.find("line 1") != std::string::npos);
    }
    SECTION("an empty file") {
        dir.write("");
        requireRefusesEverything(loadConfig(), dir.policy());
    }
    SECTION("not an object") {
        dir.write(R"(["https://evil.vn"])");
        requireRefusesEverything(loadConfig(), dir.policy());
    }
    SECTION("a key of the wrong type") {
        dir.write(R"({"deniedOrigins": "https://evil.vn"})");
        requireRefusesEverything(loadConfig(), dir.policy());
    }
    SECTION("a deny entry that is not an origin pattern") {
        dir.write(R"({"deniedOrigins": ["evil.vn"]})");
        const auto config = loadConfig();
        requireRefusesEverything(config, dir.policy());
        CHECK(config.brokenPolicy->reason.find("evil.vn") != std::string::npos);
    }
    SECTION("a directory where the file should be") {
        std::filesystem::create_directory(dir.policy());
        requireRefusesEverything(loadConfig(), dir.policy());
    }
    SECTION("a symbolic link to a file that is not there") {
        std::filesystem::create_symlink(dir.policy() + ".gone", dir.policy());
        requireRefusesEverything(loadConfig(), dir.policy());
    }
}

TEST_CASE("a policy the user may not read refuses every origin (not 'missing')", "[unit][policy]") {
    PolicyDir dir;
    dir.write(R"({"deniedOrigins": ["https://evil.vn"]})");
    ::chmod(dir.policy().c_str(), 0600);
    // Root reads any file, so the check runs as an ordinary user (nobody) when the tests run as
    // root, in a child process so that this one keeps its rights.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) {
            ::_exit(3);
        }
        const auto config = loadConfig();
        const bool refused = config.brokenPolicy && !originAllowed("https://a.vn", config) &&
                             config.brokenPolicy->reason.find("ermission") != std::string::npos;
        ::_exit(refused ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("the user's own malformed file is reported and ignored, as before", "[unit][policy]") {
    PolicyDir dir;
    const std::string user = dir.policy() + ".user";
    std::ofstream(user) << R"({"language": "en",})";
    ::setenv("KYSO_CONFIG", user.c_str(), 1);
    const auto config = loadConfig();
    CHECK_FALSE(config.brokenPolicy);
    REQUIRE(config.problems.size() == 1);
    CHECK(config.problems[0].find(user) == 0);
    CHECK(config.defaultLanguage == "vi");
    CHECK(originAllowed("https://dichvucong.gov.vn", config));
}
