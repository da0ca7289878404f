#include "pdf/source_edit.hpp"

#include <cctype>

#include "core/error.hpp"
#include "pdf/raw_syntax.hpp"

namespace kyso::pdf {

namespace {

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorCode::InvalidPdf, message);
}

bool isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const int lower = std::tolower(static_cast<unsigned char>(c));
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// A name's bytes with #xx escapes decoded (7.3.5): what PDF readers compare.
std::string decodeName(std::string_view raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '#' && i + 2 < raw.size()) {
            const int high = hexDigit(raw[i + 1]);
            const int low = hexDigit(raw[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += raw[i];
    }
    return out;
}

InputView viewOf(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), false};
}

}  // namespace

SourceEdit::SourceEdit(std::string text) : text_(std::move(text)) {
    static_cast<void>(layout());  // refuses what is not one dictionary or array now
}

bool SourceEdit::isDictionary() const {
    const std::size_t at = raw::skipSpace(viewOf(text_), 0);
    return text_.compare(at, 2, "<<") == 0;
}

SourceEdit::Layout SourceEdit::layout() const {
    const InputView in = viewOf(text_);
    std::size_t at = raw::skipSpace(in, 0);
    const bool dictionary = text_.compare(at, 2, "<<") == 0;
    if (!dictionary && text_.compare(at, 1, "[") != 0) {
        invalid("an object kyso updates is neither a dictionary nor an array");
    }
    at += dictionary ? 2 : 1;
    Layout result;
    for (;;) {
        const std::size_t p = raw::skipSpace(in, at);
        if (p >= text_.size()) {
            invalid("an object kyso updates does not end");
        }
        if (dictionary ? text_.compare(p, 2, ">>") == 0 : text_[p] == ']') {
            result.close = p;
            return result;
        }
        Entry entry;
        entry.keyBegin = p;
        if (dictionary) {
            const raw::Value key = raw::readValue(in, at);
            if (key.kind != raw::Value::Kind::Name) {
                invalid("a dictionary key is not a name");
            }
            entry.key = decodeName(key.name);
        }
        entry.valueBegin = raw::skipSpace(in, at);
        static_cast<void>(raw::readValue(in, at));  // a reference "N G R" is one value
        entry.valueEnd = at;
        result.entries.push_back(std::move(entry));
    }
}

const SourceEdit::Entry* SourceEdit::find(const Layout& layout, std::string_view key) const {
    // The last of duplicated keys is the one readers keep; it is the one edited.
    const Entry* found = nullptr;
    for (const Entry& entry : layout.entries) {
        if (entry.key == key) {
            found = &entry;
        }
    }
    return found;
}

std::string SourceEdit::valueText(std::string_view key) const {
    const Layout l = layout();
    const Entry* entry = find(l, key);
    return entry == nullptr ? std::string()
                            : text_.substr(entry->valueBegin, entry->valueEnd - entry->valueBegin);
}

void SourceEdit::replace(std::size_t begin, std::size_t end, std::string_view source) {
    std::string padded(source);
    // Whitespace only separates tokens: adding it never changes one.
    if (begin > 0 && !isSpace(text_[begin - 1])) {
        padded.insert(0, " ");
    }
    if (end < text_.size() && !isSpace(text_[end])) {
        padded += ' ';
    }
    text_.replace(begin, end - begin, padded);
}

void SourceEdit::insert(std::size_t at, std::string_view source) {
    replace(at, at, source);
}

void SourceEdit::set(std::string_view key, std::string_view valueSource) {
    if (!isDictionary()) {
        throw Error(ErrorCode::Internal, "a key set on an array");
    }
    const Layout l = layout();
    if (const Entry* entry = find(l, key)) {
        replace(entry->valueBegin, entry->valueEnd, valueSource);
        return;
    }
    // kyso's own keys are plain ASCII names: no escapes needed.
    insert(l.close, "/" + std::string(key) + " " + std::string(valueSource));
}

void SourceEdit::remove(std::string_view key) {
    const Layout l = layout();
    if (const Entry* entry = find(l, key)) {
        text_.erase(entry->keyBegin, entry->valueEnd - entry->keyBegin);
    }
}

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : " ") + item;
    }
    return out;
}

}  // namespace

void SourceEdit::append(const std::vector<std::string>& items) {
    if (isDictionary()) {
        throw Error(ErrorCode::Internal, "items appended to a dictionary");
    }
    if (!items.empty()) {
        insert(layout().close, joined(items));
    }
}

void SourceEdit::appendTo(std::string_view key, const std::vector<std::string>& items) {
    const Layout l = layout();
    const Entry* entry = find(l, key);
    if (entry == nullptr || text_[entry->valueBegin] != '[') {
        invalid("/" + std::string(key) + " is not an inline array");
    }
    // The array's own text, edited, goes back where it was: its items keep their source.
    SourceEdit array(text_.substr(entry->valueBegin, entry->valueEnd - entry->valueBegin));
    array.append(items);
    text_.replace(entry->valueBegin, entry->valueEnd - entry->valueBegin, array.text());
}

}  // namespace kyso::pdf
