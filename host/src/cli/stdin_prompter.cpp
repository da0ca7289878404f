#include "cli/stdin_prompter.hpp"

#include <cstdio>
#include <iostream>

namespace kyso {
namespace {

class StdinPrompter : public Prompter {
  public:
    bool confirm(const DialogContext& /*context*/) override { return true; }

    std::optional<SecureString> askPin(const DialogContext& /*context*/,
                                       const PinRequest& request) override {
        if (used_ && !request.contextSpecific) {
            return std::nullopt;  // never resend: the first PIN was wrong
        }
        used_ = true;
        SecureString pin;
        std::getline(std::cin, pin.buffer());
        if (!pin.empty() && pin.buffer().back() == '\r') {
            pin.buffer().pop_back();
        }
        if (!std::cin && pin.empty()) {
            return std::nullopt;
        }
        return pin;
    }

    std::unique_ptr<Notice> pinPadNotice(const DialogContext& /*context*/) override {
        std::fputs("kyso-host: enter the PIN on the token's PIN pad\n", stderr);
        return std::make_unique<Notice>();
    }

  private:
    bool used_ = false;
};

}  // namespace

std::unique_ptr<Prompter> makeStdinPrompter() {
    return std::make_unique<StdinPrompter>();
}

}  // namespace kyso
