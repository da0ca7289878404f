#include "protocol/params.hpp"

#include <cmath>

#include "core/error.hpp"

namespace kyso {

Params::Params(const RequestContext& request)
    : object_(&request.params), path_("params"), blobs_(request.blob) {
    if (!object_->is_object()) {
        fail("", "must be an object");
    }
}

Params::Params(const nlohmann::json& object, std::string path, BlobLookup blobs)
    : object_(&object), path_(std::move(path)), blobs_(std::move(blobs)) {
    if (!object_->is_object()) {
        fail("", "must be an object");
    }
}

void Params::fail(const std::string& field, const std::string& problem) const {
    const std::string where =
        field.empty() ? path_ : (field.front() == '[' ? path_ + field : pathOf(field));
    throw Error(ErrorCode::InvalidRequest, where + " " + problem, {{"field", where}});
}

const nlohmann::json* Params::find(const char* field) const {
    const auto it = object_->find(field);
    if (it == object_->end() || it->is_null()) {
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
        fail(field, "must be a string");
    }
    const auto& text = value->get_ref<const std::string&>();
    if (text.size() > maxLength) {
        fail(field, "is longer than " + std::to_string(maxLength) + " bytes");
    }
    return text;
}

std::string Params::requiredString(const char* field, std::size_t maxLength) const {
    auto value = optionalString(field, maxLength);
    if (!value) {
        fail(field, "is required");
    }
    return *value;
}

bool Params::optionalBool(const char* field, bool fallback) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return fallback;
    }
    if (!value->is_boolean()) {
        fail(field, "must be true or false");
    }
    return value->get<bool>();
}

double Params::number(const nlohmann::json& value, const std::string& field, double min,
                      double max) const {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < min ||
        value.get<double>() > max) {
        // The limits are whole numbers: print them as such ("1 to 14400", not "1.000000").
        // A cast, not std::lround: that one call was all kyso-host took from libm, a shared
        // library every start would load (docs/performance.md).
        fail(field, "must be a number from " + std::to_string(static_cast<long long>(min)) +
                        " to " + std::to_string(static_cast<long long>(max)));
    }
    return value.get<double>();
}

std::optional<double> Params::optionalNumber(const char* field, double min, double max) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::nullopt;
    }
    return number(*value, field, min, max);
}

std::optional<long long> Params::optionalInteger(const char* field, long long min,
                                                 long long max) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_number_integer() || value->get<long long>() < min ||
        value->get<long long>() > max) {
        fail(field,
             "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value->get<long long>();
}

std::shared_ptr<const Bytes> Params::binary(const nlohmann::json& value,
                                            const std::string& field) const {
    if (value.is_string()) {
        return std::make_shared<const Bytes>(
            base64Decode(value.get_ref<const std::string&>(), pathOf(field)));
    }
    if (value.is_object() && value.contains("$blob") && value["$blob"].is_string()) {
        const auto name = value["$blob"].get<std::string>();
        auto data = blobs_ ? blobs_(name) : nullptr;
        if (!data) {
            fail(field, "names blob '" + name + "', which was not sent (completely)");
        }
        return data;
    }
    fail(field, "must be base64 text or a {\"$blob\": name} reference");
}

std::shared_ptr<const Bytes> Params::requiredBinary(const char* field) const {
    const auto* value = find(field);
    if (value == nullptr) {
        fail(field, "is required");
    }
    return binary(*value, field);
}

std::shared_ptr<const Bytes> Params::optionalBinary(const char* field) const {
    const auto* value = find(field);
    return value == nullptr ? nullptr : binary(*value, field);
}

std::optional<Params> Params::optionalObject(const char* field) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::nullopt;
    }
    return Params(*value, pathOf(field), blobs_);
}

std::optional<std::vector<const nlohmann::json*>> Params::optionalList(const char* field,
                                                                       std::size_t maxItems) const {
    const auto* value = find(field);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_array() || value->size() > maxItems) {
        fail(field, "must be a list of at most " + std::to_string(maxItems) + " items");
    }
    std::vector<const nlohmann::json*> items;
    for (const auto& item : *value) {
        items.push_back(&item);
    }
    return items;
}

Params Params::item(const char* field, std::size_t index, const nlohmann::json& value) const {
    return Params(value, pathOf(field) + "[" + std::to_string(index) + "]", blobs_);
}

std::optional<std::vector<std::string>> Params::optionalStrings(const char* field,
                                                                std::size_t maxItems,
                                                                std::size_t maxLength) const {
    const auto list = optionalList(field, maxItems);
    if (!list) {
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = *(*list)[i];
        if (!item.is_string() || item.get_ref<const std::string&>().size() > maxLength) {
            fail(std::string(field) + "[" + std::to_string(i) + "]",
                 "must be a string of at most " + std::to_string(maxLength) + " bytes");
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

}  // namespace kyso
