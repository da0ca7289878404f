#include "protocol/request.hpp"

#include "core/error.hpp"
#include "core/version.hpp"

namespace kyso {

nlohmann::json messageId(const nlohmann::json& message) {
    if (!message.is_object()) {
        return nullptr;
    }
    const auto it = message.find("id");
    if (it == message.end()) {
        return nullptr;
    }
    if (it->is_string()) {
        const auto& text = it->get_ref<const std::string&>();
        return !text.empty() && text.size() <= 64 ? *it : nlohmann::json(nullptr);
    }
    if (it->is_number_unsigned() || (it->is_number_integer() && it->get<std::int64_t>() >= 0)) {
        return *it;
    }
    return nullptr;
}

Language parseLanguage(const nlohmann::json& value) {
    return value.is_string() && value.get<std::string>() == "en" ? Language::En : Language::Vi;
}

RequestContext parseRequest(const nlohmann::json& message) {
    RequestContext request;
    request.id = messageId(message);
    if (request.id.is_null()) {
        throwInvalidRequest("a request needs an id: a string of 1-64 characters or an integer");
    }
    if (message.contains("lang")) {
        request.lang = parseLanguage(message["lang"]);
    }
    const auto command = message.find("command");
    if (command == message.end() || !command->is_string() || command->get<std::string>().empty() ||
        command->get<std::string>().size() > 64) {
        throw Error(ErrorCode::InvalidRequest, "a request needs a command name",
                    {{"field", "command"}});
    }
    request.command = command->get<std::string>();

    if (const auto protocol = message.find("protocol"); protocol != message.end()) {
        if (!protocol->is_number_integer() || protocol->get<int>() < 1) {
            throw Error(ErrorCode::InvalidRequest, "protocol must be a positive integer",
                        {{"field", "protocol"}});
        }
        if (protocol->get<int>() > kProtocolVersion) {
            throw Error(ErrorCode::VersionMismatch,
                        "the extension speaks protocol " + std::to_string(protocol->get<int>()) +
                            ", this host " + std::to_string(kProtocolVersion),
                        {{"protocol", protocol->get<int>()}, {"supported", kProtocolVersion}});
        }
    }
    if (const auto origin = message.find("origin"); origin != message.end() && !origin->is_null()) {
        if (!origin->is_string()) {
            throw Error(ErrorCode::InvalidRequest, "origin must be a string",
                        {{"field", "origin"}});
        }
        request.origin = origin->get<std::string>();
    }
    if (const auto params = message.find("params"); params != message.end() && !params->is_null()) {
        if (!params->is_object()) {
            throw Error(ErrorCode::InvalidRequest, "params must be an object",
                        {{"field", "params"}});
        }
        request.params = *params;
    }
    return request;
}

}  // namespace kyso
