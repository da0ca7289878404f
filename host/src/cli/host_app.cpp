#include "cli/host_app.hpp"

#include "token/module_discovery.hpp"

namespace kyso {

std::vector<ModuleSpec> modulesToTry(const Config& config) {
    return findModules(ModuleSearch{config.pkcs11Modules, config.discoverModules});
}

namespace {

// Loading PKCS#11 modules (and finding them) costs tens of milliseconds; status, the
// extension's handshake, must not pay for it. The real manager is made on first use.
class LazyTokenManager : public TokenManager {
  public:
    explicit LazyTokenManager(const Config& config) : config_(config) {}

    std::vector<ModuleReport> modules() override { return get().modules(); }
    std::vector<CertificateRecord> certificates() override { return get().certificates(); }
    std::unique_ptr<KeySession> openKey(const std::string& thumbprint, PinSource& pins) override {
        return get().openKey(thumbprint, pins);
    }

  private:
    TokenManager& get() {
        if (!real_) {
            real_ = makeTokenManager(modulesToTry(config_));
        }
        return *real_;
    }

    const Config& config_;
    std::unique_ptr<TokenManager> real_;
};

// Finding the pinentry program walks PATH (and Boost.Filesystem loads the locale): done when
// the first dialog is needed, not at start-up.
class LazyPrompter : public Prompter {
  public:
    explicit LazyPrompter(PinentrySettings settings) : settings_(std::move(settings)) {}

    bool confirm(const DialogContext& context) override { return get().confirm(context); }
    std::optional<SecureString> askPin(const DialogContext& context,
                                       const PinRequest& request) override {
        return get().askPin(context, request);
    }
    std::unique_ptr<Notice> pinPadNotice(const DialogContext& context) override {
        return get().pinPadNotice(context);
    }

  private:
    Prompter& get() {
        if (!real_) {
            real_ = makePinentryPrompter(settings_);
        }
        return *real_;
    }

    PinentrySettings settings_;
    std::unique_ptr<Prompter> real_;
};

}  // namespace

std::unique_ptr<Prompter> makeConfiguredPrompter(const Config& config) {
    PinentrySettings settings;
    settings.program = config.pinentry;
    settings.timeoutSeconds = config.dialogTimeoutSeconds;
    return std::make_unique<LazyPrompter>(std::move(settings));
}

HostApp::HostApp(Config config, std::unique_ptr<Prompter> prompter)
    : config_(std::move(config)),
      tokens_(std::make_unique<LazyTokenManager>(config_)),
      prompter_(std::move(prompter)),
      dispatcher_(makeDispatcher()),
      services_{config_, *tokens_, *prompter_, dispatcher_.commandNames()} {}

}  // namespace kyso
