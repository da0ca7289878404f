#include "prompt/pinentry_dialog.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "prompt/assuan.hpp"

namespace kyso {
namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
}

bool mentionsUtf8(std::string value) {
    for (char& c : value) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return value.find("utf-8") != std::string::npos || value.find("utf8") != std::string::npos;
}

// Terminal pinentries convert our UTF-8 texts to the locale's character set; a locale that is
// not UTF-8 would turn Vietnamese into question marks, so ask for C.UTF-8 then.
std::string localeForPinentry() {
    for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
        std::string value = environment(name);
        if (!value.empty()) {
            return mentionsUtf8(value) ? value : "C.UTF-8";
        }
    }
    return "C.UTF-8";
}

// The terminal a terminal pinentry may use: GPG_TTY (GnuPG's convention), else ours when the
// host runs in one (the CLI). A host started by a browser has none, and sends no tty options.
std::string terminalForPinentry() {
    std::string tty = environment("GPG_TTY");
    if (tty.empty() && ::isatty(STDIN_FILENO) == 1) {
        const char* name = ::ttyname(STDIN_FILENO);
        tty = name == nullptr ? "" : name;
    }
    return tty;
}

}  // namespace

std::vector<std::string> pinentryOptions() {
    std::vector<std::string> lines;
    std::string tty = terminalForPinentry();
    if (!tty.empty()) {
        lines.push_back(assuan::commandLine("OPTION", "ttyname=" + tty));
        std::string term = environment("TERM");
        if (!term.empty()) {
            lines.push_back(assuan::commandLine("OPTION", "ttytype=" + term));
        }
    }
    lines.push_back(assuan::commandLine("OPTION", "lc-ctype=" + localeForPinentry()));
    return lines;
}

namespace {

// A text the user must see for the dialog to mean what it says.
bool sendRequired(AssuanClient& client, std::string_view command, const std::string& text) {
    auto reply = client.transact(assuan::commandLine(command, text));
    if (reply.outcome == AssuanClient::Outcome::Err) {
        throw Error(ErrorCode::PromptFailed,
                    "pinentry refused " + std::string(command) + ": " + reply.errText);
    }
    return reply.outcome != AssuanClient::Outcome::Stopped;
}

// Nice to have (labels, options older pinentries lack): a refusal is not a failure.
bool sendOptional(AssuanClient& client, const std::string& line) {
    return client.transact(line).outcome != AssuanClient::Outcome::Stopped;
}

}  // namespace

bool setUpDialog(AssuanClient& client, const std::vector<std::string>& options,
                 const DialogTexts& texts, int timeoutSeconds) {
    if (!client.readGreeting()) {
        return false;
    }
    for (const auto& line : options) {
        if (!sendOptional(client, line)) {
            return false;
        }
    }
    // No key info: a desktop pinentry then never offers to keep the PIN in a password manager.
    if (!sendOptional(client, "SETKEYINFO --clear") ||
        !sendOptional(client, assuan::commandLine("SETTITLE", texts.title)) ||
        !sendRequired(client, "SETDESC", texts.description)) {
        return false;
    }
    if (!texts.prompt.empty() && !sendRequired(client, "SETPROMPT", texts.prompt)) {
        return false;
    }
    if (!texts.error.empty() && !sendRequired(client, "SETERROR", texts.error)) {
        return false;
    }
    if (!texts.okLabel.empty() &&
        !sendOptional(client, assuan::commandLine("SETOK", texts.okLabel))) {
        return false;
    }
    if (!texts.cancelLabel.empty() &&
        !sendOptional(client, assuan::commandLine("SETCANCEL", texts.cancelLabel))) {
        return false;
    }
    if (timeoutSeconds > 0 &&
        !sendOptional(client, "SETTIMEOUT " + std::to_string(timeoutSeconds))) {
        return false;
    }
    return true;
}

DialogOutcome interpretAnswer(const AssuanClient::Reply& reply) {
    switch (reply.outcome) {
        case AssuanClient::Outcome::Ok:
            return DialogOutcome::Accepted;
        case AssuanClient::Outcome::Stopped:
            return DialogOutcome::Stopped;
        case AssuanClient::Outcome::Err:
            break;
    }
    switch (reply.errCode) {
        case assuan::kErrCanceled:
            return DialogOutcome::Cancelled;
        case assuan::kErrNotConfirmed:
            return DialogOutcome::NotConfirmed;
        case assuan::kErrTimeout:
            throw Error(ErrorCode::Timeout, "the user did not answer the dialog in time");
        default:
            throw Error(ErrorCode::PromptFailed, "pinentry failed: " + reply.errText);
    }
}

}  // namespace kyso
