#include "commands/active_content_warning.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "prompt/utf8_text.hpp"

namespace kyso {
namespace {

// A batch names at most this many documents with active content, each cut to this length.
constexpr std::size_t kListedNames = 3;
constexpr std::size_t kNameChars = 40;

struct KindText {
    std::string_view kind;  // as findActiveContent() names it
    std::string_view vi;
    std::string_view en;
};

// In findActiveContent()'s order, so the kinds always read in the same order.
constexpr std::array<KindText, 6> kKinds = {{
    {"JavaScript", "JavaScript", "JavaScript"},
    {"Launch", "mở chương trình (Launch)", "starting a program (Launch)"},
    {"SubmitForm", "gửi dữ liệu biểu mẫu đi (SubmitForm)", "sending form data out (SubmitForm)"},
    {"ImportData", "nạp dữ liệu từ tệp khác (ImportData)",
     "loading data from another file (ImportData)"},
    {"XFA", "biểu mẫu XFA (có thể chứa mã lệnh)", "an XFA form (may hold scripts)"},
    {"Unchecked", "phần quá lớn hoặc hỏng, không kiểm tra hết được",
     "parts too large or damaged to check"},
}};

}  // namespace

std::string activeContentKinds(const std::vector<std::string>& kinds, Language lang) {
    std::string out;
    for (const KindText& known : kKinds) {
        if (std::find(kinds.begin(), kinds.end(), known.kind) != kinds.end()) {
            out +=
                (out.empty() ? "" : ", ") + std::string(lang == Language::En ? known.en : known.vi);
        }
    }
    return out;
}

std::vector<std::string> activeContentWarning(const std::vector<std::string>& kinds,
                                              Language lang) {
    if (kinds.empty()) {
        return {};
    }
    const std::string named = activeContentKinds(kinds, lang);
    if (lang == Language::En) {
        return {"⚠ The document contains scripts or actions: " + named +
                ". Sign only if you trust where it came from."};
    }
    return {"⚠ Tài liệu có chứa mã lệnh hoặc hành động tự động: " + named +
            ". Chỉ ký nếu bạn tin tưởng nguồn gốc của tài liệu."};
}

std::vector<std::string> activeContentWarning(const std::vector<DocumentActiveContent>& documents,
                                              Language lang) {
    std::vector<std::string> kinds;
    std::string names;
    std::size_t count = 0;
    for (const auto& document : documents) {
        if (document.kinds.empty()) {
            continue;
        }
        kinds.insert(kinds.end(), document.kinds.begin(), document.kinds.end());
        if (++count <= kListedNames) {
            names += (names.empty() ? "" : ", ") + utf8::cleanUntrusted(document.name, kNameChars);
        }
    }
    if (count == 0) {
        return {};
    }
    if (count > kListedNames) {
        names += ", …";
    }
    const std::string named = activeContentKinds(kinds, lang);
    const std::string counted = std::to_string(count);
    if (lang == Language::En) {
        return {"⚠ " + counted + " of the documents contain scripts or actions (" + named +
                "): " + names + ". Sign only if you trust where they came from."};
    }
    return {"⚠ " + counted + " tài liệu có chứa mã lệnh hoặc hành động tự động (" + named +
            "): " + names + ". Chỉ ký nếu bạn tin tưởng nguồn gốc của các tài liệu."};
}

}  // namespace kyso
