#include "prompt/assuan.hpp"

#include <cstdint>

#include "prompt/utf8_text.hpp"

namespace kyso::assuan {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

bool needsEscape(unsigned char c) {
    return c == '%' || c < 0x20 || c == 0x7f;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::size_t escapedSize(std::string_view text) {
    std::size_t size = 0;
    for (char c : text) {
        size += needsEscape(static_cast<unsigned char>(c)) ? 3 : 1;
    }
    return size;
}

bool startsWithKeyword(std::string_view line, std::string_view keyword) {
    if (line.substr(0, keyword.size()) != keyword) {
        return false;
    }
    return line.size() == keyword.size() || line[keyword.size()] == ' ';
}

std::string_view afterKeyword(std::string_view line, std::string_view keyword) {
    return line.size() > keyword.size() ? line.substr(keyword.size() + 1) : std::string_view{};
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(escapedSize(text));
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (needsEscape(byte)) {
            out += '%';
            out += kHexDigits[byte >> 4];
            out += kHexDigits[byte & 0x0f];
        } else {
            out += c;
        }
    }
    return out;
}

std::string commandLine(std::string_view command, std::string_view text) {
    std::string line(command);
    if (text.empty()) {
        return line;
    }
    line += ' ';
    const std::size_t budget = kMaxLineBytes - line.size();
    if (escapedSize(text) <= budget) {
        return line + escape(text);
    }
    static constexpr std::string_view kEllipsis = "…";
    // Whole characters only, so the dialog never shows a broken one before the ellipsis.
    std::size_t keep = 0;
    std::size_t used = 0;
    while (keep < text.size()) {
        std::size_t next = keep + utf8::sequenceLength(text, keep);
        std::size_t cost = escapedSize(text.substr(keep, next - keep));
        if (used + cost + kEllipsis.size() > budget) {
            break;
        }
        used += cost;
        keep = next;
    }
    return line + escape(text.substr(0, keep)) + std::string(kEllipsis);
}

bool appendDecoded(std::string_view data, std::string& out, std::size_t maxSize) {
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (out.size() >= maxSize) {
            return false;
        }
        if (data[i] != '%') {
            out += data[i];
            continue;
        }
        if (i + 2 >= data.size()) {  // a '%' needs two hex digits after it
            return false;
        }
        int high = hexValue(data[i + 1]);
        int low = hexValue(data[i + 2]);
        if (high < 0 || low < 0) {
            return false;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return true;
}

ParsedLine parseLine(std::string_view line) {
    if (startsWithKeyword(line, "OK")) {
        return {LineKind::Ok, afterKeyword(line, "OK")};
    }
    if (startsWithKeyword(line, "ERR")) {
        return {LineKind::Err, afterKeyword(line, "ERR")};
    }
    if (startsWithKeyword(line, "D")) {
        return {LineKind::Data, afterKeyword(line, "D")};
    }
    if (startsWithKeyword(line, "S")) {
        return {LineKind::Status, afterKeyword(line, "S")};
    }
    if (startsWithKeyword(line, "INQUIRE")) {
        return {LineKind::Inquire, afterKeyword(line, "INQUIRE")};
    }
    if (!line.empty() && line[0] == '#') {
        return {LineKind::Comment, line.substr(1)};
    }
    return {LineKind::Unknown, line};
}

std::optional<ErrReply> parseErr(std::string_view rest) {
    ErrReply reply;
    std::size_t i = 0;
    std::uint64_t value = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
        value = value * 10 + static_cast<std::uint64_t>(rest[i] - '0');
        if (value > 0xFFFFFFFFu) {
            return std::nullopt;
        }
        ++i;
    }
    if (i == 0 || (i < rest.size() && rest[i] != ' ')) {
        return std::nullopt;
    }
    reply.value = static_cast<unsigned>(value);
    if (i < rest.size()) {
        reply.text = std::string(rest.substr(i + 1));
    }
    return reply;
}

}  // namespace kyso::assuan
