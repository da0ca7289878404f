#include "protocol/params.hpp"

#include "core/error.hpp"

namespace kyso {
namespace {

[[noreturn]] void fieldError(const char* field, const std::string& problem) {
    throw Error(ErrorCode::InvalidRequest, std::string("params.") + field + " " + problem,
                {{"field", std::string("params.") + field}});
}

}  // namespace

const nlohmann::json* Params::find(const char* field) const {
    const auto& params = request_.params;
    const auto it = params.find(field);
    if (it == params.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> Params::optionalString(const char* field, std::size_t maxLength) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        fieldError(field, "must be a string");
    }
    const auto& text = value->get_ref<const std::string&>();
    if (text.size() > maxLength) {
        fieldError(field, "is longer than " + std::to_string(maxLength) + " bytes");
    }
    return text;
}

std::string Params::requiredString(const char* field, std::size_t maxLength) const {
    auto value = optionalString(field, maxLength);
    if (!value) {
        fieldError(field, "is required");
    }
    return *value;
}

bool Params::optionalBool(const char* field, bool fallback) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return fallback;
    }
    if (!value->is_boolean()) {
        fieldError(field, "must be true or false");
    }
    return value->get<bool>();
}

std::shared_ptr<const Bytes> Params::requiredBinary(const char* field) const {
    const auto* value = find(field);
    if (value == nullptr) {
        fieldError(field, "is required");
    }
    if (value->is_string()) {
        return std::make_shared<const Bytes>(
            base64Decode(value->get_ref<const std::string&>(), std::string("params.") + field));
    }
    if (value->is_object() && value->contains("$blob") && (*value)["$blob"].is_string()) {
        const auto name = (*value)["$blob"].get<std::string>();
        auto data = request_.blob ? request_.blob(name) : nullptr;
        if (!data) {
            fieldError(field, "names blob '" + name + "', which was not sent (completely)");
        }
        return data;
    }
    fieldError(field, "must be base64 text or a {\"$blob\": name} reference");
}

}  // namespace kyso
