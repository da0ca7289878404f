#pragma once

// The dialog's warning about scripts and actions in the documents being signed
// (pdf/active_content.hpp says which kinds count and why), in the user's language. The host
// writes it: it is shown whole (DialogContext::warnings), so its length is bounded here.

#include <string>
#include <vector>

#include "prompt/prompter.hpp"

namespace kyso {

// The kinds of one document as the user reads them: "JavaScript", "mở chương trình (Launch)".
std::string activeContentKinds(const std::vector<std::string>& kinds, Language lang);

// One document: "⚠ Tài liệu có chứa mã lệnh hoặc hành động tự động: JavaScript. ..." (empty
// `kinds`: no warning).
std::vector<std::string> activeContentWarning(const std::vector<std::string>& kinds, Language lang);

// A batch: the documents with active content (name, kinds), counted, with every kind named
// once and the first names listed (cut short: a page chose them). None: no warning.
struct DocumentActiveContent {
    std::string name;
    std::vector<std::string> kinds;
};
std::vector<std::string> activeContentWarning(const std::vector<DocumentActiveContent>& documents,
                                              Language lang);

}  // namespace kyso
