#include "token/context_pin_ui.hpp"

#include <memory>

namespace kyso {
namespace {

int readContextPin(UI* ui, UI_STRING* uis) {
    const auto type = UI_get_string_type(uis);
    if (type != UIT_PROMPT && type != UIT_VERIFY) {
        return 1;  // informational strings: nothing to show, the PinSource has its own texts
    }
    auto* prompt = static_cast<ContextPinPrompt*>(UI_get0_user_data(ui));
    if (prompt == nullptr || prompt->pins == nullptr) {
        return 0;
    }
    try {
        ++prompt->asks;
        auto pin = prompt->pins->pin(prompt->request);
        if (!pin) {
            prompt->cancelled = true;
            return -1;  // -1: the user cancelled; UI_process fails and libp11 gives up
        }
        // Copies into libp11's own PIN buffer, which libp11 wipes after C_Login; `pin`
        // wipes itself when it goes out of scope.
        if (UI_set_result(ui, uis, pin->c_str()) != 0) {
            prompt->unusable = true;
            return 0;
        }
        return 1;
    } catch (...) {
        prompt->failure = std::current_exception();
        return -1;
    }
}

struct UiMethodDeleter {
    void operator()(UI_METHOD* method) const { UI_destroy_method(method); }
};

}  // namespace

UI_METHOD* contextPinUiMethod() {
    static const std::unique_ptr<UI_METHOD, UiMethodDeleter> method = [] {
        std::unique_ptr<UI_METHOD, UiMethodDeleter> made(UI_create_method("kyso context PIN"));
        if (made) {
            UI_method_set_reader(made.get(), readContextPin);
        }
        return made;
    }();
    return method.get();
}

}  // namespace kyso
