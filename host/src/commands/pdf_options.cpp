#include "commands/pdf_options.hpp"

#include <cmath>
#include <cstdlib>

#include "core/error.hpp"
#include "prompt/utf8_text.hpp"

namespace kyso {
namespace {

[[noreturn]] void fieldError(const std::string& field, const std::string& problem) {
    throw Error(ErrorCode::InvalidRequest, field + " " + problem, {{"field", field}});
}

// Text a page supplies for the signature dictionary or the visible stamp.
std::string optionalText(const nlohmann::json& object, const char* key, const std::string& field,
                         std::size_t maxBytes) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        fieldError(field, "must be a string");
    }
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > maxBytes) {
        fieldError(field, "is longer than " + std::to_string(maxBytes) + " bytes");
    }
    return text;
}

double number(const nlohmann::json& value, const std::string& field, double min, double max) {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < min ||
        value.get<double>() > max) {
        // The limits are whole numbers: print them as such ("1 to 14400", not "1.000000").
        fieldError(field, "must be a number from " + std::to_string(std::lround(min)) + " to " +
                              std::to_string(std::lround(max)));
    }
    return value.get<double>();
}

pdf::PageCorner parseCorner(const nlohmann::json& value, const std::string& field) {
    static const std::pair<const char*, pdf::PageCorner> kCorners[] = {
        {"bottom-left", pdf::PageCorner::BottomLeft},
        {"bottom-right", pdf::PageCorner::BottomRight},
        {"top-left", pdf::PageCorner::TopLeft},
        {"top-right", pdf::PageCorner::TopRight}};
    if (value.is_string()) {
        for (const auto& [name, corner] : kCorners) {
            if (value.get_ref<const std::string&>() == name) {
                return corner;
            }
        }
    }
    fieldError(field, "must be bottom-left, bottom-right, top-left or top-right");
}

// Largest page side PDF allows (ISO 32000-1 annex C: 14,400 units).
constexpr double kMaxPoints = 14400;

VisibleSignatureRequest parseVisible(const nlohmann::json& visible, const BlobLookup& blobs) {
    const std::string base = "params.visible";
    if (!visible.is_object()) {
        fieldError(base, "must be an object");
    }
    VisibleSignatureRequest out;
    if (const auto page = visible.find("page"); page != visible.end() && !page->is_null()) {
        if (!page->is_number_integer() || page->get<long long>() == 0 ||
            std::llabs(page->get<long long>()) > 1000000) {
            fieldError(base + ".page", "must be a page number (1 is the first, -1 the last)");
        }
        out.page = static_cast<int>(page->get<long long>());
    }
    const auto rect = visible.find("rect");
    const auto corner = visible.find("corner");
    if (rect != visible.end() && corner != visible.end()) {
        fieldError(base, "takes rect or corner, not both");
    }
    if (rect != visible.end()) {
        // [x, y, w, h]: the box's lower left corner measured from the lower left corner of the
        // page as displayed, which is a BottomLeft placement.
        if (!rect->is_array() || rect->size() != 4) {
            fieldError(base + ".rect", "must be [x, y, width, height] in points");
        }
        out.box.corner = pdf::PageCorner::BottomLeft;
        out.box.offsetX = number((*rect)[0], base + ".rect[0]", 0, kMaxPoints);
        out.box.offsetY = number((*rect)[1], base + ".rect[1]", 0, kMaxPoints);
        out.box.width = number((*rect)[2], base + ".rect[2]", 1, kMaxPoints);
        out.box.height = number((*rect)[3], base + ".rect[3]", 1, kMaxPoints);
    } else if (corner != visible.end()) {
        out.box.corner = parseCorner(*corner, base + ".corner");
        const auto read = [&](const char* key, double& target, double min) {
            if (const auto it = visible.find(key); it != visible.end() && !it->is_null()) {
                target = number(*it, base + "." + key, min, kMaxPoints);
            }
        };
        read("offsetX", out.box.offsetX, 0);
        read("offsetY", out.box.offsetY, 0);
        read("width", out.box.width, 1);
        read("height", out.box.height, 1);
    }
    if (const auto lines = visible.find("lines"); lines != visible.end() && !lines->is_null()) {
        if (!lines->is_array() || lines->size() > 20) {
            fieldError(base + ".lines", "must be a list of at most 20 strings");
        }
        out.lines.emplace();
        for (std::size_t i = 0; i < lines->size(); ++i) {
            const std::string field = base + ".lines[" + std::to_string(i) + "]";
            if (!(*lines)[i].is_string() ||
                (*lines)[i].get_ref<const std::string&>().size() > 800) {
                fieldError(field, "must be a string of at most 800 bytes");
            }
            out.lines->push_back((*lines)[i].get<std::string>());
        }
    }
    if (const auto image = visible.find("image"); image != visible.end() && !image->is_null()) {
        out.pngImage = *binaryValue(*image, base + ".image", blobs);
    }
    if (const auto size = visible.find("fontSize"); size != visible.end() && !size->is_null()) {
        out.fontSize = number(*size, base + ".fontSize", 4, 72);
    }
    return out;
}

}  // namespace

std::shared_ptr<const Bytes> binaryValue(const nlohmann::json& value, const std::string& field,
                                         const BlobLookup& blobs) {
    if (value.is_string()) {
        return std::make_shared<const Bytes>(
            base64Decode(value.get_ref<const std::string&>(), field));
    }
    if (value.is_object() && value.contains("$blob") && value["$blob"].is_string()) {
        const auto name = value["$blob"].get<std::string>();
        auto data = blobs ? blobs(name) : nullptr;
        if (!data) {
            fieldError(field, "names blob '" + name + "', which was not sent (completely)");
        }
        return data;
    }
    fieldError(field, "must be base64 text or a {\"$blob\": name} reference");
}

PdfSigningParams parsePdfSigningParams(const nlohmann::json& params, const BlobLookup& blobs) {
    PdfSigningParams out;
    out.thumbprint = optionalText(params, "thumbprint", "params.thumbprint", 128);
    if (out.thumbprint.empty()) {
        fieldError("params.thumbprint", "is required");
    }
    if (const auto scheme = optionalText(params, "signatureScheme", "params.signatureScheme", 32);
        !scheme.empty()) {
        out.requestedScheme = parseSignatureScheme(scheme);
    }
    // 200 characters of Vietnamese text take up to 800 bytes of UTF-8.
    out.fieldName = optionalText(params, "fieldName", "params.fieldName", 200);
    out.reason = optionalText(params, "reason", "params.reason", 800);
    out.location = optionalText(params, "location", "params.location", 800);
    out.signerName = optionalText(params, "signerName", "params.signerName", 800);
    if (const auto visible = params.find("visible");
        visible != params.end() && !visible->is_null()) {
        out.visible = parseVisible(*visible, blobs);
    }
    if (const auto timestamp = params.find("timestamp");
        timestamp != params.end() && !timestamp->is_null()) {
        if (!timestamp->is_boolean()) {
            fieldError("params.timestamp", "must be true or false");
        }
        out.timestamp = timestamp->get<bool>();
    }
    return out;
}

std::string displayFileName(const nlohmann::json& value, const std::string& fallback) {
    if (!value.is_string()) {
        return fallback;
    }
    std::string name = value.get<std::string>();
    // Both separators: a Windows path from a page is just as much not ours to show.
    if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos) {
        name.erase(0, slash + 1);
    }
    name = utf8::cleanUntrusted(name, 200);
    const bool blank = name.find_first_not_of(' ') == std::string::npos;
    return blank ? fallback : name;
}

}  // namespace kyso
