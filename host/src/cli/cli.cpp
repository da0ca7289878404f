#include "cli/cli.hpp"

#include <boost/program_options.hpp>
#include <iostream>

#include "cli/doctor.hpp"
#include "cli/host_app.hpp"
#include "cli/stdin_prompter.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "protocol/error_reply.hpp"

namespace po = boost::program_options;

namespace kyso {
namespace {

constexpr const char* kUsage = R"(kyso-host — ký số: sign and log in with your USB token.

Browsers start kyso-host by themselves (native messaging host "vn.kyso.host").
From a terminal:

  kyso-host [global options] <command> [command options]

Commands:
  status          version, PKCS#11 modules and tokens
  list            certificates on every token (JSON)
  sign-hash       sign a digest:   --cert THUMBPRINT (--hash BASE64 | --hash-hex HEX)
                                   [--alg SHA-256|SHA-384|SHA-512]
                                   [--scheme RSA-PKCS1-v1_5|RSA-PSS|ECDSA] [--ecdsa-format raw|der]
  authenticate    a Web eID (web-eid:1.0) login token:
                                   --origin https://site --nonce NONCE [--cert THUMBPRINT]
  doctor          check this machine: modules, tokens, browser registration, pinentry

Global options:
)";

struct CliRun {
    std::string command;
    std::vector<std::string> rest;
    po::variables_map globals;
};

int runCommand(const Config& config, bool pinFromStdin, const std::string& command,
               nlohmann::json params, Language lang) {
    auto prompter = pinFromStdin ? makeStdinPrompter() : makeConfiguredPrompter(config);
    HostApp app(config, std::move(prompter));
    RequestContext request;
    request.id = 1;
    request.command = command;
    request.lang = lang;
    request.params = std::move(params);
    request.fromCli = true;
    request.progress = [](const nlohmann::json& /*progress*/) {};
    try {
        const auto result = app.dispatcher().run(request, app.services());
        std::cout << result.result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
        return 0;
    } catch (const Error& e) {
        const auto object = errorObject(e, lang);
        std::cerr << "kyso-host: " << object["code"].get<std::string>() << ": "
                  << object["message"].get<std::string>() << " (" << e.what() << ")\n";
        return 1;
    }
}

nlohmann::json commandParams(const std::string& command, const std::vector<std::string>& args) {
    po::options_description options(command + " options");
    options.add_options()("cert", po::value<std::string>(),
                          "certificate thumbprint (SHA-256, hex)")(
        "hash", po::value<std::string>(), "digest, base64")("hash-hex", po::value<std::string>(),
                                                            "digest, hex")(
        "alg", po::value<std::string>()->default_value("SHA-256"), "hash algorithm")(
        "scheme", po::value<std::string>(), "signature scheme")(
        "ecdsa-format", po::value<std::string>(), "raw or der")("origin", po::value<std::string>(),
                                                                "origin the login token is for")(
        "nonce", po::value<std::string>(), "the server's challenge nonce")(
        "include-expired", po::bool_switch(), "also list expired certificates");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);

    nlohmann::json params = nlohmann::json::object();
    const auto copy = [&](const char* option, const char* field) {
        if (vm.count(option) != 0) {
            params[field] = vm[option].as<std::string>();
        }
    };
    if (command == "listCertificates") {
        params["includeExpired"] = vm["include-expired"].as<bool>();
    } else if (command == "signHash") {
        copy("cert", "thumbprint");
        copy("hash", "hash");
        if (vm.count("hash-hex") != 0) {
            params["hash"] =
                base64Encode(hexDecode(vm["hash-hex"].as<std::string>(), "--hash-hex"));
        }
        copy("alg", "hashAlgorithm");
        copy("scheme", "signatureScheme");
        copy("ecdsa-format", "ecdsaFormat");
    } else if (command == "authenticate") {
        copy("cert", "thumbprint");
        copy("origin", "origin");
        copy("nonce", "challengeNonce");
    }
    return params;
}

}  // namespace

int runCli(int argc, char** argv) {
    po::options_description globals("Global options");
    globals.add_options()("help,h", "show this help")("version", "show the version")(
        "config", po::value<std::string>(), "configuration file (default: the user's, see docs)")(
        "module", po::value<std::vector<std::string>>(),
        "also use this PKCS#11 module (repeatable)")("no-discovery", po::bool_switch(),
                                                     "use only configured modules")(
        "lang", po::value<std::string>()->default_value("vi"), "vi or en")(
        "pin-stdin", po::bool_switch(), "read the PIN from stdin instead of a dialog (scripts)")(
        "command", po::value<std::string>(), "command")(
        "args", po::value<std::vector<std::string>>(), "command arguments");
    po::positional_options_description positional;
    positional.add("command", 1).add("args", -1);

    CliRun run;
    try {
        auto parsed = po::command_line_parser(argc, argv)
                          .options(globals)
                          .positional(positional)
                          .allow_unregistered()
                          .run();
        po::store(parsed, run.globals);
        po::notify(run.globals);
        if (run.globals.count("help") != 0 || run.globals.count("command") == 0) {
            if (run.globals.count("version") != 0) {
                std::cout << "kyso-host " << kVersion << "\n";
                return 0;
            }
            std::cout << kUsage << globals;
            return run.globals.count("help") != 0 ? 0 : 2;
        }
        run.command = run.globals["command"].as<std::string>();
        run.rest = po::collect_unrecognized(parsed.options, po::include_positional);
        run.rest.erase(run.rest.begin());  // the command itself
    } catch (const po::error& e) {
        std::cerr << "kyso-host: " << e.what() << "\n" << kUsage << globals;
        return 2;
    }

    if (run.globals.count("config") != 0) {
        ::setenv("KYSO_CONFIG", run.globals["config"].as<std::string>().c_str(), 1);
    }
    Config config = loadConfig();
    if (run.globals.count("module") != 0) {
        for (const auto& module : run.globals["module"].as<std::vector<std::string>>()) {
            config.pkcs11Modules.push_back(module);
        }
    }
    if (run.globals["no-discovery"].as<bool>()) {
        config.discoverModules = false;
    }
    const Language lang =
        run.globals["lang"].as<std::string>() == "en" ? Language::En : Language::Vi;
    const bool pinFromStdin = run.globals["pin-stdin"].as<bool>();

    static const std::map<std::string, std::string> kProtocolName{{"status", "status"},
                                                                  {"list", "listCertificates"},
                                                                  {"sign-hash", "signHash"},
                                                                  {"authenticate", "authenticate"}};
    if (run.command == "doctor") {
        return runDoctor(config, std::cout);
    }
    const auto name = kProtocolName.find(run.command);
    if (name == kProtocolName.end()) {
        std::cerr << "kyso-host: unknown command '" << run.command << "'\n" << kUsage << globals;
        return 2;
    }
    nlohmann::json params;
    try {
        params = commandParams(name->second, run.rest);
        if (name->second == "status") {
            params["modules"] = true;
        }
    } catch (const po::error& e) {
        std::cerr << "kyso-host: " << e.what() << "\n";
        return 2;
    } catch (const Error& e) {
        std::cerr << "kyso-host: " << e.what() << "\n";
        return 2;
    }
    return runCommand(config, pinFromStdin, name->second, std::move(params), lang);
}

}  // namespace kyso
