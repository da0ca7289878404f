#include "pdf/raw_syntax.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace kyso::pdf::raw {

namespace {

// Arrays kept in a Value are bounded so that a trailer of a million numbers costs nothing
// but the scan; /Index of a cross-reference stream needs two numbers per subsection.
constexpr std::size_t kMaxKeptIntegers = 1 << 20;
constexpr std::size_t kMaxKeptNames = 16;
constexpr std::size_t kMaxKeptEntries = 256;
constexpr std::size_t kMaxKeptDictionaries = 4;

[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorCode::InvalidPdf, message);
}

bool isSpace(std::uint8_t c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool isDelimiter(std::uint8_t c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

bool isRegular(std::uint8_t c) {
    return !isSpace(c) && !isDelimiter(c);
}

enum class Token { End, DictOpen, DictClose, ArrayOpen, ArrayClose, Name, Word, Other };

struct Lexed {
    Token token = Token::End;
    std::size_t begin = 0, end = 0;  // Name: without the slash
};

// One token from `at` (after whitespace). Strings are skipped whole, with their own
// parenthesis nesting and escapes (7.3.4.2), so that brackets inside them do not count.
Lexed lex(const InputView& in, std::size_t& at) {
    at = skipSpace(in, at);
    Lexed t;
    t.begin = at;
    if (at >= in.size) {
        return t;
    }
    const std::uint8_t c = in.data[at];
    if (c == '<' && at + 1 < in.size && in.data[at + 1] == '<') {
        at += 2;
        t.token = Token::DictOpen;
    } else if (c == '>' && at + 1 < in.size && in.data[at + 1] == '>') {
        at += 2;
        t.token = Token::DictClose;
    } else if (c == '[') {
        ++at;
        t.token = Token::ArrayOpen;
    } else if (c == ']') {
        ++at;
        t.token = Token::ArrayClose;
    } else if (c == '/') {
        ++at;
        t.begin = at;
        while (at < in.size && isRegular(in.data[at])) {
            ++at;
        }
        t.token = Token::Name;
    } else if (c == '(') {
        std::size_t depth = 0;
        for (; at < in.size; ++at) {
            if (in.data[at] == '\\') {
                ++at;
            } else if (in.data[at] == '(') {
                ++depth;
            } else if (in.data[at] == ')' && --depth == 0) {
                break;
            }
        }
        if (at >= in.size) {
            invalid("a string does not end");
        }
        ++at;
        t.token = Token::Other;
    } else if (c == '<') {
        const void* close = std::memchr(in.data + at, '>', in.size - at);
        if (close == nullptr) {
            invalid("a hexadecimal string does not end");
        }
        at = static_cast<std::size_t>(static_cast<const std::uint8_t*>(close) - in.data) + 1;
        t.token = Token::Other;
    } else if (isRegular(c)) {
        while (at < in.size && isRegular(in.data[at])) {
            ++at;
        }
        t.token = Token::Word;
    } else {
        ++at;  // a stray ')', '>', '{' or '}'
        t.token = Token::Other;
    }
    t.end = at;
    return t;
}

std::string_view textOf(const InputView& in, const Lexed& t) {
    return {reinterpret_cast<const char*>(in.data + t.begin), t.end - t.begin};
}

std::optional<std::int64_t> integerOf(std::string_view word) {
    std::size_t i = 0;
    bool negative = false;
    if (i < word.size() && (word[i] == '+' || word[i] == '-')) {
        negative = word[i] == '-';
        ++i;
    }
    if (i == word.size() || word.size() - i > 18) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (; i < word.size(); ++i) {
        if (word[i] < '0' || word[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (word[i] - '0');
    }
    return negative ? -value : value;
}

// readValue for a value whose first token is already lexed. `depth` counts the arrays and
// dictionaries around it.
Value valueFrom(const InputView& in, std::size_t& at, const Lexed& first, int depth) {
    Value v;
    switch (first.token) {
        case Token::End:
            invalid("the file ends inside an object");
        case Token::DictClose:
        case Token::ArrayClose:
            invalid("an unexpected '>>' or ']'");
        case Token::Name:
            v.kind = Value::Kind::Name;
            v.name = std::string(textOf(in, first));
            return v;
        case Token::Word: {
            const auto number = integerOf(textOf(in, first));
            if (!number) {
                return v;  // a real, true, false, null
            }
            v.kind = Value::Kind::Integer;
            v.integer = *number;
            // "N G R" is a reference (7.3.10).
            std::size_t look = at;
            const Lexed second = lex(in, look);
            if (second.token == Token::Word && integerOf(textOf(in, second))) {
                const Lexed third = lex(in, look);
                if (third.token == Token::Word && textOf(in, third) == "R") {
                    v.kind = Value::Kind::Reference;
                    at = look;
                }
            }
            return v;
        }
        case Token::Other:
            return v;
        case Token::DictOpen:
        case Token::ArrayOpen:
            break;
    }
    if (depth + 1 > kMaxNesting) {
        invalid("arrays or dictionaries nested more than " + std::to_string(kMaxNesting) + " deep");
    }
    const bool dictionary = first.token == Token::DictOpen;
    v.kind = dictionary ? Value::Kind::Dictionary : Value::Kind::Array;
    for (;;) {
        const Lexed t = lex(in, at);
        if (t.token == (dictionary ? Token::DictClose : Token::ArrayClose)) {
            return v;
        }
        if (dictionary) {
            if (t.token != Token::Name) {
                invalid("a dictionary key is not a name");
            }
            std::string key(textOf(in, t));
            Value item = valueFrom(in, at, lex(in, at), depth + 1);
            if (v.entries.size() < kMaxKeptEntries) {
                v.entries[key] = std::move(item);
            }
        } else {
            Value item = valueFrom(in, at, t, depth + 1);
            if (item.kind == Value::Kind::Integer && v.integers.size() < kMaxKeptIntegers) {
                v.integers.push_back(item.integer);
            } else if (item.kind == Value::Kind::Name && v.names.size() < kMaxKeptNames) {
                v.names.push_back(std::move(item.name));
            } else if (item.kind == Value::Kind::Dictionary &&
                       v.dictionaries.size() < kMaxKeptDictionaries) {
                v.dictionaries.push_back(std::move(item));
            }
        }
    }
}

// skipValue's loop: nesting only, nothing kept, no recursion.
void skipFrom(const InputView& in, std::size_t& at, Lexed t) {
    int depth = 0;
    for (;;) {
        switch (t.token) {
            case Token::End:
                invalid("the file ends inside an object");
            case Token::DictOpen:
            case Token::ArrayOpen:
                if (++depth > kMaxNesting) {
                    invalid("arrays or dictionaries nested more than " +
                            std::to_string(kMaxNesting) + " deep");
                }
                break;
            case Token::DictClose:
            case Token::ArrayClose:
                if (--depth < 0) {
                    invalid("an unexpected '>>' or ']'");
                }
                break;
            default:
                break;
        }
        if (depth == 0) {
            return;
        }
        t = lex(in, at);
    }
}

// The PNG predictors (7.4.4.4), one byte per sample: what cross-reference streams use.
Bytes unpredict(Bytes data, const Value& parms) {
    const std::int64_t predictor = parms.integerAt("Predictor").value_or(1);
    if (predictor <= 1) {
        return data;
    }
    const std::int64_t colors = parms.integerAt("Colors").value_or(1);
    const std::int64_t bits = parms.integerAt("BitsPerComponent").value_or(8);
    const std::int64_t columns = parms.integerAt("Columns").value_or(1);
    if (predictor < 10 || colors != 1 || bits != 8 || columns < 1 || columns > (1 << 20)) {
        invalid("unsupported predictor in a cross-reference or object stream");
    }
    const auto width = static_cast<std::size_t>(columns);
    const std::size_t rows = data.size() / (width + 1);
    Bytes out(rows * width);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::uint8_t filter = data[r * (width + 1)];
        const std::uint8_t* in = data.data() + r * (width + 1) + 1;
        std::uint8_t* row = out.data() + r * width;
        const std::uint8_t* up = r > 0 ? row - width : nullptr;
        for (std::size_t i = 0; i < width; ++i) {
            const int a = i > 0 ? row[i - 1] : 0;
            const int b = up != nullptr ? up[i] : 0;
            const int c = (up != nullptr && i > 0) ? up[i - 1] : 0;
            int add = 0;
            switch (filter) {
                case 0:
                    break;
                case 1:
                    add = a;
                    break;
                case 2:
                    add = b;
                    break;
                case 3:
                    add = (a + b) / 2;
                    break;
                case 4: {
                    const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b),
                              pc = std::abs(p - c);
                    add = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
                    break;
                }
                default:
                    invalid("a bad PNG predictor row in a cross-reference or object stream");
            }
            row[i] = static_cast<std::uint8_t>(in[i] + add);
        }
    }
    return out;
}

// zlib inflate into at most `limit` bytes (TOO_LARGE beyond). A stream that stops early
// (truncated) gives what it had, as PoDoFo did; corrupt data is INVALID_PDF.
Bytes inflateBounded(const std::uint8_t* data, std::size_t size, std::size_t limit) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) {
        throw Error(ErrorCode::Internal, "zlib cannot start");
    }
    struct End {
        z_stream& z;
        ~End() { inflateEnd(&z); }
    } end{z};
    Bytes out;
    std::uint8_t chunk[65536];
    z.next_in = const_cast<std::uint8_t*>(data);
    std::size_t remaining = size;
    for (;;) {
        const auto feed = static_cast<uInt>(std::min<std::size_t>(remaining, 1u << 30));
        z.avail_in = feed;
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        const int status = inflate(&z, Z_NO_FLUSH);
        remaining -= feed - z.avail_in;
        const std::size_t produced = sizeof chunk - z.avail_out;
        if (out.size() + produced > limit) {
            throw Error(ErrorCode::TooLarge,
                        "a cross-reference or object stream inflates to more than " +
                            std::to_string(limit) + " bytes");
        }
        out.insert(out.end(), chunk, chunk + produced);
        if (status == Z_STREAM_END) {
            return out;
        }
        if (status == Z_BUF_ERROR && remaining == 0 && z.avail_in == 0) {
            return out;  // truncated: keep what was there
        }
        if (status != Z_OK) {
            invalid("a cross-reference or object stream has corrupt compressed data");
        }
    }
}

}  // namespace

const Value* Value::get(const std::string& key) const {
    const auto it = entries.find(key);
    return it == entries.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> Value::integerAt(const std::string& key) const {
    const Value* v = get(key);
    if (v == nullptr || v->kind != Kind::Integer) {
        return std::nullopt;
    }
    return v->integer;
}

std::size_t skipSpace(const InputView& in, std::size_t at) {
    while (at < in.size) {
        if (isSpace(in.data[at])) {
            ++at;
        } else if (in.data[at] == '%') {
            while (at < in.size && in.data[at] != '\n' && in.data[at] != '\r') {
                ++at;
            }
        } else {
            break;
        }
    }
    return at;
}

std::optional<std::uint64_t> readUnsigned(const InputView& in, std::size_t& at) {
    std::size_t i = skipSpace(in, at);
    std::uint64_t value = 0;
    std::size_t digits = 0;
    while (i < in.size && in.data[i] >= '0' && in.data[i] <= '9') {
        if (++digits > 18) {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::uint64_t>(in.data[i] - '0');
        ++i;
    }
    if (digits == 0) {
        return std::nullopt;
    }
    at = i;
    return value;
}

bool readKeyword(const InputView& in, std::size_t& at, std::string_view word) {
    const std::size_t i = skipSpace(in, at);
    if (i + word.size() > in.size || std::memcmp(in.data + i, word.data(), word.size()) != 0) {
        return false;
    }
    if (i + word.size() < in.size && isRegular(in.data[i + word.size()])) {
        return false;
    }
    at = i + word.size();
    return true;
}

Value readValue(const InputView& in, std::size_t& at) {
    const Lexed first = lex(in, at);
    return valueFrom(in, at, first, 0);
}

void skipValue(const InputView& in, std::size_t& at) {
    skipFrom(in, at, lex(in, at));
}

StreamObject readStreamObject(const InputView& in, std::size_t offset) {
    StreamObject s;
    std::size_t at = offset;
    const auto number = readUnsigned(in, at);
    const auto generation = readUnsigned(in, at);
    if (!number || !generation || *number > 0xffffffffu || !readKeyword(in, at, "obj")) {
        invalid("no object at offset " + std::to_string(offset));
    }
    s.number = static_cast<std::uint32_t>(*number);
    s.dictionary = readValue(in, at);
    if (s.dictionary.kind != Value::Kind::Dictionary || !readKeyword(in, at, "stream")) {
        invalid("object " + std::to_string(s.number) + " is not a stream");
    }
    // "stream" is followed by CRLF or LF (7.3.8.1); a lone CR is tolerated.
    if (at < in.size && in.data[at] == '\r') {
        ++at;
    }
    if (at < in.size && in.data[at] == '\n') {
        ++at;
    }
    s.dataStart = at;
    const auto length = s.dictionary.integerAt("Length");
    if (length && *length >= 0 && static_cast<std::uint64_t>(*length) <= in.size - at) {
        s.dataLength = static_cast<std::size_t>(*length);
        return s;
    }
    // An indirect or wrong /Length: the data ends before "endstream".
    static constexpr std::string_view kEnd = "endstream";
    const std::string_view rest(reinterpret_cast<const char*>(in.data + at), in.size - at);
    const std::size_t found = rest.find(kEnd);
    if (found == std::string_view::npos) {
        invalid("stream " + std::to_string(s.number) + " does not end");
    }
    s.dataLength = found;
    return s;
}

Bytes decodeStream(const InputView& in, const StreamObject& stream, std::size_t limit) {
    const std::uint8_t* data = in.data + stream.dataStart;
    const Value* filter = stream.dictionary.get("Filter");
    const Value* parms = stream.dictionary.get("DecodeParms");
    if (filter != nullptr && filter->kind == Value::Kind::Array) {
        // [/FlateDecode] with its parameters, if any, in a one-element array too.
        if (filter->names.size() != 1 || !filter->integers.empty() ||
            !filter->dictionaries.empty()) {
            invalid("unsupported filter chain on a cross-reference or object stream");
        }
        if (filter->names[0] != "FlateDecode") {
            invalid("unsupported filter /" + filter->names[0] +
                    " on a cross-reference or object stream");
        }
        if (parms != nullptr && parms->kind == Value::Kind::Array) {
            parms = parms->dictionaries.empty() ? nullptr : &parms->dictionaries[0];
        }
    } else if (filter != nullptr &&
               (filter->kind != Value::Kind::Name || filter->name != "FlateDecode")) {
        invalid("unsupported filter on a cross-reference or object stream");
    }
    if (filter == nullptr) {
        if (stream.dataLength > limit) {
            throw Error(ErrorCode::TooLarge, "a cross-reference or object stream is too large");
        }
        return Bytes(data, data + stream.dataLength);
    }
    Bytes decoded = inflateBounded(data, stream.dataLength, limit);
    if (parms != nullptr && parms->kind == Value::Kind::Dictionary) {
        decoded = unpredict(std::move(decoded), *parms);
    }
    return decoded;
}

}  // namespace kyso::pdf::raw
