#include "commands/pdf_options.hpp"

#include "core/error.hpp"
#include "prompt/dialog_text.hpp"
#include "prompt/utf8_text.hpp"

namespace kyso {
namespace {

// Largest page side PDF allows (ISO 32000-1 annex C: 14,400 units).
constexpr double kMaxPoints = 14400;
// 200 characters of Vietnamese text take up to 800 bytes of UTF-8.
constexpr std::size_t kTextBytes = 800;
// What fills and a copy mark may add in all, as the dialog shows it.
constexpr std::size_t kMaxAdditionBytes = 480;

pdf::PageCorner parseCorner(const Params& p) {
    static const std::pair<const char*, pdf::PageCorner> kCorners[] = {
        {"bottom-left", pdf::PageCorner::BottomLeft},
        {"bottom-right", pdf::PageCorner::BottomRight},
        {"top-left", pdf::PageCorner::TopLeft},
        {"top-right", pdf::PageCorner::TopRight}};
    const auto name = p.optionalString("corner", 32).value_or("");
    for (const auto& [text, corner] : kCorners) {
        if (name == text) {
            return corner;
        }
    }
    p.fail("corner", "must be bottom-left, bottom-right, top-left or top-right");
}

int parsePage(const Params& p, int fallback) {
    const auto page = p.optionalInteger("page", -1000000, 1000000);
    if (page && *page == 0) {
        p.fail("page", "must be a page number (1 is the first, -1 the last)");
    }
    return page ? static_cast<int>(*page) : fallback;
}

// `rect` [x, y, w, h] or `corner` with offsetX/offsetY/width/height, as in signPdf's visible;
// false when `p` has neither (`box` keeps its defaults).
bool parseBox(const Params& p, pdf::SignatureBox& box) {
    if (p.has("rect") && p.has("corner")) {
        p.fail("", "takes rect or corner, not both");
    }
    if (const auto rect = p.optionalList("rect", 4)) {
        if (rect->size() != 4) {
            p.fail("rect", "must be [x, y, width, height] in points");
        }
        // [x, y, w, h]: the box's lower left corner measured from the lower left corner of the
        // page as displayed, which is a BottomLeft placement.
        box.corner = pdf::PageCorner::BottomLeft;
        box.offsetX = p.number(*(*rect)[0], "rect[0]", 0, kMaxPoints);
        box.offsetY = p.number(*(*rect)[1], "rect[1]", 0, kMaxPoints);
        box.width = p.number(*(*rect)[2], "rect[2]", 1, kMaxPoints);
        box.height = p.number(*(*rect)[3], "rect[3]", 1, kMaxPoints);
        return true;
    }
    if (!p.has("corner")) {
        return false;
    }
    box.corner = parseCorner(p);
    box.offsetX = p.optionalNumber("offsetX", 0, kMaxPoints).value_or(box.offsetX);
    box.offsetY = p.optionalNumber("offsetY", 0, kMaxPoints).value_or(box.offsetY);
    box.width = p.optionalNumber("width", 1, kMaxPoints).value_or(box.width);
    box.height = p.optionalNumber("height", 1, kMaxPoints).value_or(box.height);
    return true;
}

pdf::TextAlign parseAlign(const Params& p) {
    const auto align = p.optionalString("align", 16).value_or("left");
    if (align == "left") {
        return pdf::TextAlign::Left;
    }
    if (align == "center") {
        return pdf::TextAlign::Center;
    }
    if (align != "right") {
        p.fail("align", "must be left, center or right");
    }
    return pdf::TextAlign::Right;
}

// One line of text that goes into the document: no control characters (a value is one line).
std::string oneLine(const Params& p, const char* field, bool required) {
    auto text = p.optionalString(field, kTextBytes);
    if (!text || text->empty()) {
        if (required) {
            p.fail(field, "is required");
        }
        return {};
    }
    for (unsigned char c : *text) {
        if (c < 0x20 || c == 0x7F) {
            p.fail(field, "must be one line without control characters");
        }
    }
    return *text;
}

VisibleSignatureRequest parseVisible(const Params& p) {
    VisibleSignatureRequest out;
    out.page = parsePage(p, 1);
    parseBox(p, out.box);
    out.lines = p.optionalStrings("lines", 20, kTextBytes);
    if (const auto image = p.optionalBinary("image")) {
        out.pngImage = *image;
    }
    out.fontSize = p.optionalNumber("fontSize", 4, 72).value_or(out.fontSize);
    return out;
}

pdf::FieldFill parseFill(const Params& p) {
    pdf::FieldFill fill;
    fill.field = oneLine(p, "field", true);
    if (fill.field.size() > 200) {
        p.fail("field", "is longer than 200 bytes");
    }
    fill.value = oneLine(p, "value", true);
    pdf::SignatureBox box;
    const int page = parsePage(p, 1);
    if (parseBox(p, box)) {
        fill.stamp = pdf::FieldFill::Stamp{page, box};
    } else if (p.has("page")) {
        p.fail("", "gives a page but no rect or corner to stamp the value at");
    }
    fill.fontSize = p.optionalNumber("fontSize", 4, 72).value_or(0);
    fill.align = parseAlign(p);
    return fill;
}

}  // namespace

PdfSigningParams parsePdfSigningParams(const Params& params) {
    PdfSigningParams out;
    out.thumbprint = params.requiredString("thumbprint", 128);
    if (out.thumbprint.empty()) {
        params.fail("thumbprint", "is required");
    }
    if (const auto scheme = params.optionalString("signatureScheme", 32)) {
        out.requestedScheme = parseSignatureScheme(*scheme);
    }
    out.fieldName = params.optionalString("fieldName", 200).value_or("");
    out.reason = params.optionalString("reason", kTextBytes).value_or("");
    out.location = params.optionalString("location", kTextBytes).value_or("");
    out.signerName = params.optionalString("signerName", kTextBytes).value_or("");
    if (const auto visible = params.optionalObject("visible")) {
        out.visible = parseVisible(*visible);
    }
    if (const auto fills = params.optionalList("fill", pdf::kMaxFills)) {
        for (std::size_t i = 0; i < fills->size(); ++i) {
            out.fill.push_back(parseFill(params.item("fill", i, *(*fills)[i])));
            for (std::size_t j = 0; j < i; ++j) {
                if (out.fill[j].field == out.fill[i].field) {
                    params.fail("fill[" + std::to_string(i) + "].field",
                                "names the same field as fill[" + std::to_string(j) + "]");
                }
            }
        }
    }
    if (const auto mark = params.optionalObject("copyMark")) {
        if (out.visible) {
            params.fail("copyMark", "is the visible signature: leave out visible");
        }
        auto lines = mark->optionalStrings("lines", 8, kTextBytes);
        if (!lines || lines->empty()) {
            mark->fail("lines", "must be a list of 1 to 8 lines");
        }
        for (std::size_t i = 0; i < lines->size(); ++i) {
            for (unsigned char c : (*lines)[i]) {
                if (c < 0x20 || c == 0x7F) {
                    mark->fail("lines[" + std::to_string(i) + "]",
                               "must be one line without control characters");
                }
            }
        }
        out.copyMark = std::move(lines);
    }
    out.timestamp = params.optionalBool("timestamp", false);
    // The dialog shows every added text in full (one pinentry line holds 1,000 bytes, with the
    // origin, the documents and the certificate): refused rather than cut.
    std::size_t shown = 0;
    for (const auto& line : additionsShown(out)) {
        shown += line.size() + 3;
    }
    if (shown > kMaxAdditionBytes) {
        params.fail(out.fill.empty() ? "copyMark" : "fill",
                    "adds more text than the dialog can show (" +
                        std::to_string(kMaxAdditionBytes) + " bytes in all)");
    }
    return out;
}

std::vector<std::string> additionsShown(const PdfSigningParams& params) {
    std::vector<std::string> out;
    for (const auto& fill : params.fill) {
        out.push_back(fill.field + ": " + fill.value);
    }
    if (params.copyMark) {
        std::string mark;
        for (const auto& line : *params.copyMark) {
            mark += (mark.empty() ? "" : " / ") + line;
        }
        out.push_back(mark);
    }
    return out;
}

void requireAdditionsShownWhole(const DialogContext& dialog, const PdfSigningParams& params) {
    if (dialog.additions.empty() || requiredTextFits(dialog)) {
        return;
    }
    const std::string field = params.fill.empty() ? "params.copyMark" : "params.fill";
    throw Error(ErrorCode::InvalidRequest,
                field.substr(7) +
                    " adds more text than the dialog can show whole next to this site's "
                    "origin and the certificate: shorten the values",
                {{"field", field}});
}

std::vector<pdf::DraftField> parsePdfDraftFields(const Params& params) {
    const auto fields = params.optionalList("fields", pdf::kMaxDraftFields);
    if (!fields || fields->empty()) {
        params.fail("fields",
                    "must be a list of 1 to " + std::to_string(pdf::kMaxDraftFields) + " fields");
    }
    std::vector<pdf::DraftField> out;
    for (std::size_t i = 0; i < fields->size(); ++i) {
        const Params p = params.item("fields", i, *(*fields)[i]);
        pdf::DraftField field;
        field.name = p.requiredString("name", 100);
        if (field.name.empty() || field.name.find('.') != std::string::npos) {
            p.fail("name", "must be a non-empty name without '.'");
        }
        for (std::size_t j = 0; j < out.size(); ++j) {
            if (out[j].name == field.name) {
                p.fail("name", "is also the name of fields[" + std::to_string(j) + "]");
            }
        }
        field.page = parsePage(p, 1);
        if (!parseBox(p, field.box)) {
            p.fail("", "needs rect [x, y, width, height] or corner");
        }
        field.fontSize = p.optionalNumber("fontSize", 4, 72).value_or(field.fontSize);
        field.align = parseAlign(p);
        out.push_back(std::move(field));
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
