#include "cli/cli.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/doctor.hpp"
#include "cli/host_app.hpp"
#include "cli/stdin_prompter.hpp"
#include "commands/pdf_file_output.hpp"
#include "commands/prepare_pdf_draft.hpp"
#include "commands/sign_pdf.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "policy/origin.hpp"
#include "protocol/error_reply.hpp"
#include "protocol/params.hpp"

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
  sign-pdf        PAdES signature: --in FILE (--out FILE | --in-place) --cert THUMBPRINT
                                   [--visible PAGE,X,Y,W,H | --corner CORNER[,DX,DY,W,H]
                                    [--page N]] [--image PNG] [--line TEXT]... [--font-size PT]
                                   [--reason TEXT] [--location TEXT] [--signer-name TEXT]
                                   [--field NAME] [--timestamp] [--scheme RSA-PKCS1-v1_5|RSA-PSS]
                                   [--fill FIELD=VALUE]... [--fill-at FIELD=PAGE,X,Y,W,H]...
                                   [--copy-mark LINE]...
  prepare-draft   empty text fields for the clerk's number and date, before anyone signs:
                                   --in FILE --out FILE
                                   --field NAME=PAGE,X,Y,W,H[,FONT_SIZE[,left|center|right]]...
  doctor          check this machine: modules, tokens, browser registration, pinentry

)";

struct CliRun {
    std::string command;
    std::vector<std::string> rest;
    po::variables_map globals;
};

// What every command prints: its result as JSON on stdout (exit 0), or the typed error with
// the user's message and the technical detail on stderr (exit 1).
int printResult(const nlohmann::json& result) {
    std::cout << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
}

int printError(const Error& error, Language lang) {
    const auto object = errorObject(error, lang);
    std::cerr << "kyso-host: " << object["code"].get<std::string>() << ": "
              << object["message"].get<std::string>() << " (" << error.what() << ")\n";
    return 1;
}

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
        return printResult(result.result);
    } catch (const Error& e) {
        return printError(e, lang);
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

// Numbers separated by commas ("1,36,36,170,50").
std::vector<double> numberList(const std::string& text, const std::string& option) {
    std::vector<double> out;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        try {
            std::size_t used = 0;
            out.push_back(std::stod(part, &used));
            if (used != part.size()) {
                throw std::invalid_argument(part);
            }
        } catch (const std::logic_error&) {
            std::string message = option;
            message.append(": '").append(part).append("' is not a number");
            throw po::error(message);
        }
    }
    return out;
}

Bytes readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw po::error("cannot read " + path);
    }
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// "NAME=REST" split at the first '='.
std::pair<std::string, std::string> namedValue(const std::string& text, const std::string& option) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw po::error(option + " takes NAME=VALUE, not '" + text + "'");
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

// --fill FIELD=VALUE and --fill-at FIELD=PAGE,X,Y,W,H as signPdf's "fill".
void addFills(const po::variables_map& vm, nlohmann::json& params) {
    if (vm.count("fill") == 0) {
        if (vm.count("fill-at") != 0) {
            throw po::error("--fill-at places a --fill: give --fill FIELD=VALUE too");
        }
        return;
    }
    std::map<std::string, std::vector<double>> places;
    if (vm.count("fill-at") != 0) {
        for (const auto& text : vm["fill-at"].as<std::vector<std::string>>()) {
            auto [name, where] = namedValue(text, "--fill-at");
            auto numbers = numberList(where, "--fill-at");
            if (numbers.size() != 5) {
                throw po::error("--fill-at takes FIELD=PAGE,X,Y,W,H");
            }
            places[name] = numbers;
        }
    }
    auto& fill = params["fill"] = nlohmann::json::array();
    for (const auto& text : vm["fill"].as<std::vector<std::string>>()) {
        auto [name, value] = namedValue(text, "--fill");
        nlohmann::json entry = {{"field", name}, {"value", value}};
        if (const auto place = places.find(name); place != places.end()) {
            const auto& n = place->second;
            entry["page"] = static_cast<int>(n[0]);
            entry["rect"] = {n[1], n[2], n[3], n[4]};
            places.erase(place);
        }
        fill.push_back(entry);
    }
    if (!places.empty()) {
        throw po::error("--fill-at " + places.begin()->first + " has no --fill");
    }
}

struct SignPdfCli {
    std::string in, out;
    bool inPlace = false;
    nlohmann::json params = nlohmann::json::object();
};

// sign-pdf's options as signPdf's params (without the document, which is mapped from --in).
SignPdfCli signPdfOptions(const std::vector<std::string>& args) {
    po::options_description options("sign-pdf options");
    options.add_options()("in", po::value<std::string>(),
                          "the PDF to sign (never modified "
                          "unless --in-place)")("out", po::value<std::string>(),
                                                "where to write the signed PDF (atomically)")(
        "in-place", po::bool_switch(), "append the signature to --in itself")(
        "cert", po::value<std::string>(), "certificate thumbprint (SHA-256, hex)")(
        "visible", po::value<std::string>(),
        "PAGE,X,Y,W,H: a visible signature, X,Y from the lower left corner of the page, points")(
        "corner", po::value<std::string>(),
        "CORNER[,DX,DY,W,H]: bottom-left|bottom-right|top-left|top-right, offsets inwards")(
        "page", po::value<int>(), "page for --corner (1 first, -1 last; default 1)")(
        "image", po::value<std::string>(), "PNG drawn in the visible signature")(
        "line", po::value<std::vector<std::string>>(),
        "text line of the visible signature (repeatable; default: signer, time, ...)")(
        "font-size", po::value<double>(), "font size of the lines, points")(
        "reason", po::value<std::string>(), "reason for signing")(
        "location", po::value<std::string>(), "where the signing happens")(
        "signer-name", po::value<std::string>(), "name in /Name (default: the certificate's)")(
        "field", po::value<std::string>(), "signature field name (an empty field is signed)")(
        "timestamp", po::bool_switch(), "add a time-stamp from the configured TSA (B-T)")(
        "scheme", po::value<std::string>(), "signature scheme")(
        "fill", po::value<std::vector<std::string>>(),
        "FIELD=VALUE: fill the empty text field FIELD in this signature's revision (repeatable)")(
        "fill-at", po::value<std::vector<std::string>>(),
        "FIELD=PAGE,X,Y,W,H: where to stamp FIELD's value if the document has no such field")(
        "copy-mark", po::value<std::vector<std::string>>(),
        "a line of the copy mark (repeatable): the signature shows these lines and the signing "
        "time at the top right of page 1");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);

    SignPdfCli cli;
    cli.inPlace = vm["in-place"].as<bool>();
    if (vm.count("in") == 0) {
        throw po::error("--in is required");
    }
    cli.in = vm["in"].as<std::string>();
    cli.out = vm.count("out") != 0 ? vm["out"].as<std::string>() : std::string();
    if (cli.inPlace && !cli.out.empty() && !samePath(cli.in, cli.out)) {
        throw po::error("--in-place writes to --in: leave out --out");
    }
    if (!cli.inPlace && cli.out.empty()) {
        throw po::error("--out is required (or --in-place)");
    }
    if (!cli.inPlace && samePath(cli.in, cli.out)) {
        throw po::error("--out is the input file: use --in-place to append the signature to it");
    }

    auto& p = cli.params;
    const auto copy = [&](const char* option, const char* field) {
        if (vm.count(option) != 0) {
            p[field] = vm[option].as<std::string>();
        }
    };
    copy("cert", "thumbprint");
    copy("reason", "reason");
    copy("location", "location");
    copy("signer-name", "signerName");
    copy("field", "fieldName");
    copy("scheme", "signatureScheme");
    p["timestamp"] = vm["timestamp"].as<bool>();

    nlohmann::json visible = nlohmann::json::object();
    if (vm.count("visible") != 0 && vm.count("corner") != 0) {
        throw po::error("--visible and --corner exclude each other");
    }
    if (vm.count("visible") != 0) {
        const auto n = numberList(vm["visible"].as<std::string>(), "--visible");
        if (n.size() != 5) {
            throw po::error("--visible takes PAGE,X,Y,W,H");
        }
        visible["page"] = static_cast<int>(n[0]);
        visible["rect"] = {n[1], n[2], n[3], n[4]};
    } else if (vm.count("corner") != 0) {
        const auto text = vm["corner"].as<std::string>();
        const auto comma = text.find(',');
        visible["corner"] = text.substr(0, comma);
        if (comma != std::string::npos) {
            const auto n = numberList(text.substr(comma + 1), "--corner");
            if (n.size() != 4) {
                throw po::error("--corner takes CORNER or CORNER,DX,DY,W,H");
            }
            visible["offsetX"] = n[0];
            visible["offsetY"] = n[1];
            visible["width"] = n[2];
            visible["height"] = n[3];
        }
    }
    if (!visible.empty()) {
        if (vm.count("page") != 0 && vm.count("corner") != 0) {
            visible["page"] = vm["page"].as<int>();
        }
        if (vm.count("image") != 0) {
            visible["image"] = base64Encode(readWholeFile(vm["image"].as<std::string>()));
        }
        if (vm.count("line") != 0) {
            visible["lines"] = vm["line"].as<std::vector<std::string>>();
        }
        if (vm.count("font-size") != 0) {
            visible["fontSize"] = vm["font-size"].as<double>();
        }
        p["visible"] = visible;
    } else if (vm.count("image") != 0 || vm.count("line") != 0 || vm.count("page") != 0) {
        throw po::error("--image, --line and --page need --visible or --corner");
    }
    if (vm.count("copy-mark") != 0) {
        p["copyMark"] = {{"lines", vm["copy-mark"].as<std::vector<std::string>>()}};
    }
    addFills(vm, p);
    return cli;
}

struct DraftCli {
    std::string in, out;
    nlohmann::json params = nlohmann::json::object();
};

// prepare-draft's options as preparePdfDraft's params (without the document).
DraftCli draftOptions(const std::vector<std::string>& args) {
    po::options_description options("prepare-draft options");
    options.add_options()("in", po::value<std::string>(), "the PDF (never modified)")(
        "out", po::value<std::string>(), "where to write the draft (atomically)")(
        "field", po::value<std::vector<std::string>>(),
        "NAME=PAGE,X,Y,W,H[,FONT_SIZE[,left|center|right]]: an empty text field (repeatable)");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
    DraftCli cli;
    if (vm.count("in") == 0 || vm.count("out") == 0 || vm.count("field") == 0) {
        throw po::error("--in, --out and at least one --field are required");
    }
    cli.in = vm["in"].as<std::string>();
    cli.out = vm["out"].as<std::string>();
    if (samePath(cli.in, cli.out)) {
        throw po::error("--out is the input file");
    }
    auto& fields = cli.params["fields"] = nlohmann::json::array();
    for (const auto& text : vm["field"].as<std::vector<std::string>>()) {
        auto [name, rest] = namedValue(text, "--field");
        std::vector<std::string> parts;
        std::stringstream in(rest);
        for (std::string part; std::getline(in, part, ',');) {
            parts.push_back(part);
        }
        if (parts.size() < 5 || parts.size() > 7) {
            throw po::error("--field takes NAME=PAGE,X,Y,W,H[,FONT_SIZE[,ALIGN]]");
        }
        std::string numbers = parts[0];
        for (std::size_t i = 1; i < std::min<std::size_t>(parts.size(), 6); ++i) {
            numbers += "," + parts[i];
        }
        const auto n = numberList(numbers, "--field");
        nlohmann::json field = {
            {"name", name}, {"page", static_cast<int>(n[0])}, {"rect", {n[1], n[2], n[3], n[4]}}};
        if (n.size() > 5) {
            field["fontSize"] = n[5];
        }
        if (parts.size() == 7) {
            field["align"] = parts[6];
        }
        fields.push_back(field);
    }
    return cli;
}

int runDraft(const Config& config, const DraftCli& cli, Language lang) {
    try {
        const pdf::MappedFile input(cli.in);
        const nlohmann::json& params = cli.params;
        const auto draft = draftPdf(Params(params, "params", nullptr), input.view(), config);
        writeSignedCopy(cli.out, input.view(), draft.update);
        return printResult({{"output", cli.out},
                            {"size", input.view().size + draft.update.size()},
                            {"fields", draft.fieldNames}});
    } catch (const Error& e) {
        return printError(e, lang);
    }
}

// Maps --in, signs it through the signPdf flow (same checks, same dialog) and writes the
// result atomically, or appends it to --in with --in-place.
int runSignPdf(const Config& config, bool pinFromStdin, const SignPdfCli& cli, Language lang) {
    auto prompter = pinFromStdin ? makeStdinPrompter() : makeConfiguredPrompter(config);
    HostApp app(config, std::move(prompter));
    RequestContext request;
    request.id = 1;
    request.command = "signPdf";
    request.lang = lang;
    request.params = cli.params;
    request.fromCli = true;
    request.progress = [](const nlohmann::json& /*progress*/) {};
    try {
        // Not through the dispatcher, so the same rule as there: no signing under a broken policy.
        checkPolicyUsable(config);
        const auto whenRead = identifyFile(cli.in);
        const pdf::MappedFile input(cli.in);
        if (input.view().size != whenRead.size) {
            throw Error(ErrorCode::InvalidRequest, cli.in + " changed while it was being read");
        }
        nlohmann::json result;
        const auto displayName = std::filesystem::path(cli.in).filename().string();
        const auto prepared =
            signOnePdf(request, app.services(), input.view(), displayName, result);
        const auto& update = prepared.signature.update;
        if (cli.inPlace) {
            appendSignedUpdate(cli.in, whenRead, update);
        } else {
            writeSignedCopy(cli.out, input.view(), update);
        }
        result["output"] = cli.inPlace ? cli.in : cli.out;
        result["size"] = input.view().size + update.size();
        return printResult(result);
    } catch (const Error& e) {
        return printError(e, lang);
    }
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
    if (run.command == "sign-pdf") {
        SignPdfCli cli;
        try {
            cli = signPdfOptions(run.rest);
        } catch (const po::error& e) {
            std::cerr << "kyso-host: sign-pdf: " << e.what() << "\n";
            return 2;
        }
        return runSignPdf(config, pinFromStdin, cli, lang);
    }
    if (run.command == "prepare-draft") {
        DraftCli cli;
        try {
            cli = draftOptions(run.rest);
        } catch (const po::error& e) {
            std::cerr << "kyso-host: prepare-draft: " << e.what() << "\n";
            return 2;
        }
        return runDraft(config, cli, lang);
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
