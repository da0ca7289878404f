#include "cli/doctor.hpp"

#include <unistd.h>

#include <boost/filesystem.hpp>
#include <boost/process/search_path.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/host_app.hpp"
#include "commands/pdf_engine.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "platform/browsers.hpp"

namespace kyso {
namespace {

class Report {
  public:
    explicit Report(std::ostream& out) : out_(out) {}
    void section(const std::string& title) { out_ << "\n" << title << "\n"; }
    void ok(const std::string& text) { out_ << "  ok    " << text << "\n"; }
    void info(const std::string& text) { out_ << "  --    " << text << "\n"; }
    void problem(const std::string& text, const std::string& fix) {
        out_ << "  FAIL  " << text << "\n        fix: " << fix << "\n";
        ++problems_;
    }
    int problems() const { return problems_; }

  private:
    std::ostream& out_;
    int problems_ = 0;
};

bool isExecutable(const std::string& path) {
    return ::access(path.c_str(), X_OK) == 0;
}

void checkConfig(const Config& config, Report& report) {
    report.section("Configuration");
    for (const auto& file : config.loadedFiles) {
        report.ok("read " + file);
    }
    if (config.loadedFiles.empty() && !config.brokenPolicy) {
        report.info("no configuration files (" + userConfigPath() + ", " + systemPolicyPath() +
                    "): defaults apply");
    }
    for (const auto& problem : config.problems) {
        report.problem(problem, "correct the file (docs/configuration.md lists every key)");
    }
    if (config.brokenPolicy) {
        const auto& broken = *config.brokenPolicy;
        report.problem("the IT policy " + broken.path + " cannot be used: " + broken.reason +
                           ". Until it is fixed kyso refuses every web site and signs nothing "
                           "(POLICY_ERROR)",
                       "IT: correct or remove " + broken.path +
                           " (valid JSON, readable by every user; docs/configuration.md lists "
                           "every key)");
    }
    if (policyPathFromEnvironment()) {
        report.info("test build: the system policy may be replaced with env KYSO_POLICY (now " +
                    systemPolicyPath() + "); do not install this build");
    }
    if (config.allowInsecureLocalhost) {
        report.info("developer setting allowInsecureLocalhost is ON (http://localhost allowed)");
    }
}

void checkModules(const Config& config, Report& report) {
    report.section("PKCS#11 modules and tokens");
    auto tokens = makeTokenManager(modulesToTry(config));
    const auto modules = tokens->modules();
    if (modules.empty()) {
        report.problem("no PKCS#11 module found",
                       "install your token's driver (middleware) from its CA, or name its module "
                       "in pkcs11Modules");
    }
    int tokenCount = 0;
    for (const auto& module : modules) {
        if (!module.loaded) {
            report.problem(
                module.spec.path + " (" + module.spec.source + ") does not load: " + module.error,
                "reinstall the token driver or remove the module from the configuration");
            continue;
        }
        report.ok(module.spec.path + " (" + module.spec.source + "): " + module.description);
        for (const auto& token : module.tokens) {
            ++tokenCount;
            const std::string name = "token \"" + token.label + "\" (" + token.manufacturer + " " +
                                     token.model + ", serial " + token.serial + ")";
            if (token.pinLocked) {
                report.problem(name + ": the PIN is locked",
                               "ask the certificate issuer (CA) to unlock the token");
            } else if (token.pinFinalTry) {
                report.problem(name + ": one PIN try left", "type the PIN carefully next time");
            } else {
                report.ok(name + (token.protectedAuthPath ? " with PIN pad" : ""));
            }
        }
    }
    if (tokenCount == 0 && !modules.empty()) {
        report.info("no token inserted");
    }
}

// Returns whether a manifest is there at all (valid or not).
bool checkManifest(const platform::ManifestLocation& location, Report& report) {
    const std::string path = location.directory + "/" + platform::kHostName + ".json";
    if (!boost::filesystem::exists(path)) {
        if (location.systemWide) {
            report.info(location.browser + ": not registered system-wide (" + path + ")");
        }
        return false;
    }
    std::ifstream in(path);
    const auto manifest = nlohmann::json::parse(in, nullptr, false);
    const std::string fixInstall = "reinstall the kyso package (it writes " + path + ")";
    if (manifest.is_discarded() || !manifest.is_object()) {
        report.problem(location.browser + ": " + path + " is not valid JSON", fixInstall);
        return true;
    }
    const auto hostPath = manifest.value("path", std::string());
    if (manifest.value("name", std::string()) != platform::kHostName ||
        manifest.value("type", std::string()) != "stdio") {
        report.problem(location.browser + ": " + path + " has the wrong name or type", fixInstall);
        return true;
    }
    if (hostPath.empty() || hostPath.front() != '/' || !isExecutable(hostPath)) {
        report.problem(location.browser + ": " + path + " points at '" + hostPath +
                           "', which is not an executable file",
                       fixInstall);
        return true;
    }
    const bool chromium = location.kind == platform::ManifestKind::Chromium;
    const std::string wanted =
        chromium ? std::string("chrome-extension://") + platform::kChromiumExtensionId + "/"
                 : platform::kFirefoxExtensionId;
    const auto allowed = manifest.value(chromium ? "allowed_origins" : "allowed_extensions",
                                        nlohmann::json::array());
    bool found = false;
    for (const auto& entry : allowed) {
        found = found || (entry.is_string() && entry.get<std::string>() == wanted);
    }
    if (!found) {
        report.problem(
            location.browser + ": " + path + " does not allow the kyso extension (" + wanted + ")",
            fixInstall);
        return true;
    }
    report.ok(location.browser + ": " + path + " -> " + hostPath);
    return true;
}

void checkPinentry(const Config& config, Report& report) {
    report.section("PIN dialog (pinentry)");
    const auto program = findPinentry(config.pinentry);
    if (program.empty()) {
        report.problem("no pinentry program found",
                       "apt-get install pinentry-gnome3 (desktop) or pinentry-curses");
        return;
    }
    const bool runnable = program.find('/') == std::string::npos
                              ? !boost::process::search_path(program).empty()
                              : isExecutable(program);
    if (!runnable) {
        report.problem("pinentry program " + program + " is missing or not executable",
                       "fix the pinentry setting (or KYSO_PINENTRY), or apt-get install "
                       "pinentry-gnome3");
        return;
    }
    report.ok("using " + program);
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) {
        report.info("no graphical display in this shell: desktop pinentries need one");
    }
}

void checkPdfModule(Report& report) {
    report.section("PDF signing");
    try {
        pdfEngine();
        report.ok("the PDF signing module loads");
    } catch (const Error& e) {
        report.problem(e.what(), "reinstall the kyso package (it installs libkyso-pdf.so)");
    }
}

}  // namespace

int runDoctor(const Config& config, std::ostream& out) {
    out << "kyso-host " << kVersion << " doctor\n";
    Report report(out);
    checkConfig(config, report);
    checkModules(config, report);
    report.section("Browser registration (native messaging host " +
                   std::string(platform::kHostName) + ")");
    int registered = 0;
    for (const auto& location : platform::manifestLocations()) {
        registered += checkManifest(location, report) ? 1 : 0;
    }
    if (registered == 0) {
        report.problem("kyso is not registered with any browser",
                       "install the kyso package, or run manifests/install-user.sh for one user");
    }
    checkPinentry(config, report);
    checkPdfModule(report);
    out << "\n"
        << (report.problems() == 0 ? "No problems found."
                                   : std::to_string(report.problems()) + " problem(s) found.")
        << "\n";
    return report.problems() == 0 ? 0 : 1;
}

}  // namespace kyso
