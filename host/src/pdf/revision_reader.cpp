#include "pdf/revision_reader.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "core/error.hpp"
#include "pdf/raw_syntax.hpp"

namespace kyso::pdf {

namespace {

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

bool isUnsigned(std::string_view word) {
    return !word.empty() && word.size() <= 10 &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

enum class Lex { End, DictOpen, DictClose, ArrayOpen, ArrayClose, Name, Word, Atom };

struct Lexed {
    Lex kind = Lex::End;
    std::string_view text;  // Name: without the slash
};

// One token from `at`. A literal string is one token with its own parenthesis nesting and
// escapes (7.3.4.2), a hexadecimal string another: their text is kept as written.
Lexed lex(const InputView& in, std::size_t& at) {
    at = raw::skipSpace(in, at);
    Lexed t;
    if (at >= in.size) {
        return t;
    }
    const auto* bytes = reinterpret_cast<const char*>(in.data);
    const std::size_t begin = at;
    const std::uint8_t c = in.data[at];
    if (c == '<' && at + 1 < in.size && in.data[at + 1] == '<') {
        at += 2;
        t.kind = Lex::DictOpen;
    } else if (c == '>' && at + 1 < in.size && in.data[at + 1] == '>') {
        at += 2;
        t.kind = Lex::DictClose;
    } else if (c == '[') {
        ++at;
        t.kind = Lex::ArrayOpen;
    } else if (c == ']') {
        ++at;
        t.kind = Lex::ArrayClose;
    } else if (c == '/') {
        ++at;
        while (at < in.size && isRegular(in.data[at])) {
            ++at;
        }
        t.kind = Lex::Name;
        t.text = std::string_view(bytes + begin + 1, at - begin - 1);
        return t;
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
        t.kind = Lex::Atom;
    } else if (c == '<') {
        const void* close = std::memchr(in.data + at, '>', in.size - at);
        if (close == nullptr) {
            invalid("a hexadecimal string does not end");
        }
        at = static_cast<std::size_t>(static_cast<const std::uint8_t*>(close) - in.data) + 1;
        t.kind = Lex::Atom;
    } else if (isRegular(c)) {
        while (at < in.size && isRegular(in.data[at])) {
            ++at;
        }
        t.kind = Lex::Word;
    } else {
        ++at;  // a stray ')', '>', '{' or '}'
        t.kind = Lex::Atom;
    }
    t.text = std::string_view(bytes + begin, at - begin);
    return t;
}

Token valueFrom(const InputView& in, std::size_t& at, const Lexed& first, int depth);

Token containerFrom(const InputView& in, std::size_t& at, bool dictionary, int depth) {
    if (depth >= raw::kMaxNesting) {
        invalid("arrays or dictionaries nested too deeply");
    }
    Token v;
    v.kind = dictionary ? Token::Kind::Dictionary : Token::Kind::Array;
    const Lex close = dictionary ? Lex::DictClose : Lex::ArrayClose;
    for (;;) {
        const Lexed t = lex(in, at);
        if (t.kind == close) {
            return v;
        }
        if (t.kind == Lex::End) {
            invalid("the file ends inside an object");
        }
        if (!dictionary) {
            v.items.push_back(valueFrom(in, at, t, depth + 1));
            continue;
        }
        if (t.kind != Lex::Name) {
            invalid("a dictionary key is not a name");
        }
        const Lexed value = lex(in, at);
        if (value.kind == close || value.kind == Lex::End) {
            invalid("a dictionary key has no value");
        }
        v.entries.emplace_back(std::string(t.text), valueFrom(in, at, value, depth + 1));
    }
}

Token valueFrom(const InputView& in, std::size_t& at, const Lexed& first, int depth) {
    switch (first.kind) {
        case Lex::DictOpen:
            return containerFrom(in, at, true, depth);
        case Lex::ArrayOpen:
            return containerFrom(in, at, false, depth);
        case Lex::Name: {
            Token v;
            v.kind = Token::Kind::Name;
            v.text = std::string(first.text);
            return v;
        }
        case Lex::End:
        case Lex::DictClose:
        case Lex::ArrayClose:
            invalid("a value is missing");
        default:
            break;
    }
    Token v;
    v.text = std::string(first.text);
    if (first.kind == Lex::Word && isUnsigned(first.text)) {
        // "N G R" is one value: look two tokens ahead and step back when it is not.
        std::size_t ahead = at;
        const Lexed generation = lex(in, ahead);
        if (generation.kind == Lex::Word && isUnsigned(generation.text)) {
            const Lexed r = lex(in, ahead);
            if (r.kind == Lex::Word && r.text == "R") {
                at = ahead;
                v.kind = Token::Kind::Reference;
                v.number = static_cast<std::uint32_t>(std::stoull(std::string(first.text)));
                v.text += ' ';
                v.text += generation.text;
            }
        }
    }
    return v;
}

// "startxref <offset>" in the last 4 KB of the revision (7.5.5).
std::uint64_t startxrefOf(const InputView& in) {
    const std::size_t window = std::min<std::size_t>(in.size, 4096);
    const std::string_view tail(reinterpret_cast<const char*>(in.data + in.size - window), window);
    const std::size_t found = tail.rfind("startxref");
    if (found == std::string_view::npos) {
        invalid("a revision has no startxref before its end");
    }
    std::size_t at = in.size - window + found + 9;
    const auto offset = raw::readUnsigned(in, at);
    if (!offset || *offset >= in.size) {
        invalid("a revision's startxref is damaged");
    }
    return *offset;
}

}  // namespace

const Token* Token::get(const std::string& key) const {
    for (const auto& [name, value] : entries) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

bool operator==(const Token& a, const Token& b) {
    return a.kind == b.kind && a.text == b.text && a.items == b.items && a.entries == b.entries;
}

Token readToken(const InputView& in, std::size_t& at) {
    const Lexed first = lex(in, at);
    return valueFrom(in, at, first, 0);
}

RevisionReader::RevisionReader(const InputView& file, std::size_t end)
    : input_{file.data, std::min(end, file.size), false} {
    if (input_.size == 0) {
        invalid("an empty revision");
    }
    index_ = std::make_unique<XrefIndex>(input_, startxrefOf(input_));
    for (const XrefIndex::Trailer& trailer : index_->trailers()) {
        if (const raw::Value* root = trailer.dictionary.get("Root");
            root != nullptr && root->kind == raw::Value::Kind::Reference) {
            root_ = static_cast<std::uint32_t>(root->integer);
            break;
        }
    }
}

const SourceObject* RevisionReader::object(std::uint32_t number) {
    if (const auto found = parsed_.find(number); found != parsed_.end()) {
        return found->second.get();
    }
    if (index_->find(number).kind == XrefIndex::Entry::Kind::None) {
        return nullptr;
    }
    auto parsed = std::make_unique<SourceObject>(parse(number));
    return parsed_.emplace(number, std::move(parsed)).first->second.get();
}

const Token* RevisionReader::resolve(const Token* value) {
    if (value == nullptr || value->kind != Token::Kind::Reference) {
        return value;
    }
    const SourceObject* target = object(value->number);
    return target == nullptr ? nullptr : &target->value;
}

std::string_view RevisionReader::data(const SourceObject& object) const {
    return {reinterpret_cast<const char*>(input_.data + object.dataStart), object.dataLength};
}

bool RevisionReader::sameStorage(const RevisionReader& other, std::uint32_t number) const {
    using Kind = XrefIndex::Entry::Kind;
    const XrefIndex::Entry mine = index_->find(number);
    const XrefIndex::Entry theirs = other.index_->find(number);
    if (mine.kind != theirs.kind) {
        return false;
    }
    switch (mine.kind) {
        case Kind::None:
            return true;
        case Kind::Plain:
            return mine.offset == theirs.offset;
        case Kind::Compressed: {
            if (mine.stream != theirs.stream || mine.index != theirs.index) {
                return false;
            }
            const XrefIndex::Entry a = index_->find(mine.stream);
            const XrefIndex::Entry b = other.index_->find(mine.stream);
            return a.kind == Kind::Plain && b.kind == Kind::Plain && a.offset == b.offset;
        }
    }
    return false;
}

SourceObject RevisionReader::parse(std::uint32_t number) {
    const XrefIndex::Entry where = index_->find(number);
    SourceObject parsed;
    if (where.kind == XrefIndex::Entry::Kind::Compressed) {
        const XrefIndex::ObjectStream& stream = index_->objectStream(where.stream);
        if (where.index >= stream.members.size() || stream.members[where.index].first != number) {
            invalid("object " + std::to_string(number) + " is not where its object stream says");
        }
        const InputView data = InputView::of(stream.data);
        std::size_t at = stream.members[where.index].second;
        parsed.value = readToken(data, at);
        return parsed;
    }
    std::size_t at = static_cast<std::size_t>(where.offset);
    const auto declared = raw::readUnsigned(input_, at);
    if (!declared || *declared != number || !raw::readUnsigned(input_, at) ||
        !raw::readKeyword(input_, at, "obj")) {
        invalid("object " + std::to_string(number) + " is not at its cross-reference offset");
    }
    parsed.value = readToken(input_, at);
    std::size_t after = raw::skipSpace(input_, at);
    if (!raw::readKeyword(input_, after, "stream")) {
        return parsed;
    }
    // The data starts after the end-of-line that follows "stream" (7.3.8.1) and ends before the
    // end-of-line in front of "endstream"; searching for it spares resolving an indirect /Length.
    if (after < input_.size && input_.data[after] == '\r') {
        ++after;
    }
    if (after < input_.size && input_.data[after] == '\n') {
        ++after;
    }
    const std::string_view rest(reinterpret_cast<const char*>(input_.data + after),
                                input_.size - after);
    std::size_t stop = rest.find("endstream");
    if (stop == std::string_view::npos) {
        invalid("a stream of object " + std::to_string(number) + " does not end");
    }
    while (stop > 0 && (rest[stop - 1] == '\n' || rest[stop - 1] == '\r')) {
        --stop;
    }
    parsed.isStream = true;
    parsed.dataStart = after;
    parsed.dataLength = stop;
    return parsed;
}

}  // namespace kyso::pdf
