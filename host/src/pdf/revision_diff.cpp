#include "pdf/revision_diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "pdf/revision_reader.hpp"

namespace kyso::pdf {

namespace {

using Kind = Token::Kind;

constexpr int kMaxFieldDepth = 32;

// What a revision's interactive form is made of, by object number.
struct FormMap {
    std::uint32_t acroForm = 0;                        // when indirect
    std::uint32_t fieldsArray = 0;                     // when indirect
    std::map<std::uint32_t, std::string> fields;       // every field, terminal or not
    std::set<std::string> signatureFields;             // names of /FT /Sig fields
    std::map<std::uint32_t, std::string> widgets;      // widget (merged or kid) -> field
    std::map<std::uint32_t, std::string> appearances;  // /AP dictionaries and streams -> field
    std::map<std::uint32_t, std::string> signatures;   // signature dictionary -> field
};

// A field name as written, without a literal string's parentheses (hex names stay hex).
std::string nameOf(const Token* t) {
    if (t == nullptr || t->kind != Kind::Atom) {
        return "?";
    }
    const std::string& s = t->text;
    return s.size() >= 2 && s.front() == '(' && s.back() == ')' ? s.substr(1, s.size() - 2) : s;
}

class FormWalker {
  public:
    FormWalker(RevisionReader& reader, std::size_t budget) : reader_(reader), budget_(budget) {}

    FormMap walk() {
        const Token* catalog = reader_.resolve(rootToken());
        if (catalog == nullptr || catalog->kind != Kind::Dictionary) {
            throw Error(ErrorCode::InvalidPdf, "a revision has no catalog");
        }
        const Token* acroRef = catalog->get("AcroForm");
        if (acroRef != nullptr && acroRef->kind == Kind::Reference) {
            map_.acroForm = acroRef->number;
        }
        const Token* acroForm = reader_.resolve(acroRef);
        if (acroForm == nullptr || acroForm->kind != Kind::Dictionary) {
            return map_;
        }
        const Token* fieldsRef = acroForm->get("Fields");
        if (fieldsRef != nullptr && fieldsRef->kind == Kind::Reference) {
            map_.fieldsArray = fieldsRef->number;
        }
        const Token* fields = reader_.resolve(fieldsRef);
        if (fields != nullptr && fields->kind == Kind::Array) {
            for (const Token& field : fields->items) {
                visit(field, "", "", 0);
            }
        }
        return map_;
    }

  private:
    const Token* rootToken() {
        root_.kind = Kind::Reference;
        root_.number = reader_.root();
        return &root_;
    }

    void visit(const Token& ref, const std::string& parent, const std::string& parentType,
               int depth) {
        if (ref.kind != Kind::Reference || depth > kMaxFieldDepth ||
            !seen_.insert(ref.number).second) {
            return;  // a direct or looping field is not one a validator can follow either
        }
        if (budget_-- == 0) {
            throw Error(ErrorCode::TooLarge, "too many form fields to compare revisions");
        }
        const Token* node = reader_.resolve(&ref);
        if (node == nullptr || node->kind != Kind::Dictionary) {
            return;
        }
        const Token* title = node->get("T");
        const bool isField = title != nullptr || depth == 0;
        if (!isField) {
            addWidget(ref.number, *node, parent);
            return;
        }
        const std::string name =
            parent.empty() ? nameOf(title) : (title ? parent + "." + nameOf(title) : parent);
        const Token* ft = node->get("FT");
        const std::string type = ft != nullptr && ft->kind == Kind::Name ? ft->text : parentType;
        map_.fields[ref.number] = name;
        if (type == "Sig") {
            map_.signatureFields.insert(name);
            const Token* value = node->get("V");
            if (value != nullptr && value->kind == Kind::Reference) {
                map_.signatures[value->number] = name;
            }
        }
        const Token* kids = reader_.resolve(node->get("Kids"));
        if (kids != nullptr && kids->kind == Kind::Array) {
            for (const Token& kid : kids->items) {
                visit(kid, name, type, depth + 1);
            }
        } else if (const Token* subtype = node->get("Subtype");
                   subtype != nullptr && subtype->isName("Widget")) {
            addWidget(ref.number, *node, name);
        }
    }

    void addWidget(std::uint32_t number, const Token& widget, const std::string& field) {
        map_.widgets[number] = field;
        const Token* ap = widget.get("AP");
        if (ap != nullptr && ap->kind == Kind::Reference) {
            map_.appearances[ap->number] = field;
        }
        ap = reader_.resolve(ap);
        if (ap == nullptr || ap->kind != Kind::Dictionary) {
            return;
        }
        for (const auto& [key, state] : ap->entries) {  // /N, /R, /D: a stream or states
            if (state.kind == Kind::Reference) {
                map_.appearances[state.number] = field;
            } else if (state.kind == Kind::Dictionary) {
                for (const auto& entry : state.entries) {
                    if (entry.second.kind == Kind::Reference) {
                        map_.appearances[entry.second.number] = field;
                    }
                }
            }
        }
    }

    RevisionReader& reader_;
    std::size_t budget_;
    FormMap map_;
    Token root_;
    std::set<std::uint32_t> seen_;
};

// DocMDP and FieldMDP as the signed revision states them (12.8.2.2, 12.8.2.4, 12.7.5.5 /Lock).
struct Rules {
    int docMdp = 0;
    struct Lock {
        std::string action;  // All, Include, Exclude
        std::set<std::string> fields;
    };
    std::vector<Lock> locks;

    bool locked(const std::string& field) const {
        return std::any_of(locks.begin(), locks.end(), [&](const Lock& l) {
            return l.action == "All" || (l.action == "Include" && l.fields.count(field) > 0) ||
                   (l.action == "Exclude" && l.fields.count(field) == 0);
        });
    }
};

int docMdpOf(RevisionReader& reader, const Token& transformParams) {
    const Token* p = reader.resolve(transformParams.get("P"));
    if (p == nullptr) {
        return 2;  // the default (Table 254)
    }
    return p->text == "1" ? 1 : p->text == "3" ? 3 : 2;
}

void addLock(RevisionReader& reader, const Token* params, Rules& rules) {
    params = reader.resolve(params);
    if (params == nullptr || params->kind != Kind::Dictionary) {
        return;
    }
    const Token* action = params->get("Action");
    if (action == nullptr || action->kind != Kind::Name) {
        return;
    }
    Rules::Lock lock{action->text, {}};
    if (const Token* fields = reader.resolve(params->get("Fields"));
        fields != nullptr && fields->kind == Kind::Array) {
        for (const Token& f : fields->items) {
            lock.fields.insert(nameOf(&f));
        }
    }
    rules.locks.push_back(std::move(lock));
}

Rules rulesOf(RevisionReader& signedRevision, const FormMap& form) {
    Rules rules;
    const SourceObject* catalog = signedRevision.object(signedRevision.root());
    if (catalog != nullptr) {
        const Token* perms = signedRevision.resolve(catalog->value.get("Perms"));
        const Token* certification =
            perms != nullptr ? signedRevision.resolve(perms->get("DocMDP")) : nullptr;
        const Token* references = certification != nullptr
                                      ? signedRevision.resolve(certification->get("Reference"))
                                      : nullptr;
        if (references != nullptr && references->kind == Kind::Array) {
            for (const Token& r : references->items) {
                const Token* ref = signedRevision.resolve(&r);
                const Token* method = ref != nullptr ? ref->get("TransformMethod") : nullptr;
                if (method != nullptr && method->isName("DocMDP")) {
                    const Token* params = signedRevision.resolve(ref->get("TransformParams"));
                    rules.docMdp = params != nullptr ? docMdpOf(signedRevision, *params) : 2;
                }
            }
        }
    }
    // FieldMDP of every signature already made, and the /Lock of signed fields (PDF 2.0).
    for (const auto& [number, field] : form.signatures) {
        const SourceObject* signature = signedRevision.object(number);
        const Token* references = signature != nullptr
                                      ? signedRevision.resolve(signature->value.get("Reference"))
                                      : nullptr;
        if (references != nullptr && references->kind == Kind::Array) {
            for (const Token& r : references->items) {
                const Token* ref = signedRevision.resolve(&r);
                const Token* method = ref != nullptr ? ref->get("TransformMethod") : nullptr;
                if (method != nullptr && method->isName("FieldMDP")) {
                    addLock(signedRevision, ref->get("TransformParams"), rules);
                }
            }
        }
        for (const auto& [fieldNumber, name] : form.fields) {
            if (name != field) {
                continue;
            }
            const SourceObject* fieldObject = signedRevision.object(fieldNumber);
            const Token* lock =
                fieldObject ? signedRevision.resolve(fieldObject->value.get("Lock")) : nullptr;
            if (lock != nullptr && lock->kind == Kind::Dictionary) {
                addLock(signedRevision, lock, rules);
                if (const Token* p = lock->get("P"); p != nullptr) {
                    const int level = docMdpOf(signedRevision, *lock);
                    rules.docMdp = rules.docMdp == 0 ? level : std::min(rules.docMdp, level);
                }
            }
        }
    }
    return rules;
}

bool isContainer(const SourceObject& object) {
    const Token* type = object.value.get("Type");
    return object.isStream && type != nullptr && (type->isName("XRef") || type->isName("ObjStm"));
}

std::vector<std::string> keyDifferences(const Token& before, const Token& after) {
    std::vector<std::string> keys;
    if (before.kind != Kind::Dictionary || after.kind != Kind::Dictionary) {
        return keys;
    }
    for (const auto& [key, value] : after.entries) {
        const Token* old = before.get(key);
        if (old == nullptr) {
            keys.push_back("+" + key);
        } else if (*old != value) {
            keys.push_back(key);
        }
    }
    for (const auto& entry : before.entries) {
        if (after.get(entry.first) == nullptr) {
            keys.push_back("-" + entry.first);
        }
    }
    if (keys.empty() && before.entries != after.entries) {
        keys.emplace_back("(key order)");
    }
    return keys;
}

class Classifier {
  public:
    Classifier(RevisionReader& before, RevisionReader& after, const FormMap& oldForm,
               const FormMap& newForm, const Rules& rules, SignatureRevisionReport& report)
        : a_(before),
          b_(after),
          oldForm_(oldForm),
          newForm_(newForm),
          rules_(rules),
          report_(report) {}

    // The class of a changed (both present) or added (before == nullptr) object.
    ChangeClass classify(std::uint32_t number, const SourceObject* before,
                         const SourceObject& after, ObjectChange& change) {
        if (before == nullptr) {
            return classifyAdded(number, after.value, change);
        }
        const Token& old = before->value;
        const Token& now = after.value;
        const std::vector<std::string>& keys = change.keys;
        const auto only = [&](std::initializer_list<const char*> allowed) {
            return !keys.empty() && std::all_of(keys.begin(), keys.end(), [&](std::string k) {
                if (k[0] == '+' || k[0] == '-') {
                    k.erase(0, 1);
                }
                return std::any_of(allowed.begin(), allowed.end(),
                                   [&](const char* a) { return k == a; });
            });
        };
        if (number == b_.root() && number == a_.root()) {
            change.role = "catalog";
            if (!only({"AcroForm", "DSS"})) {
                return ChangeClass::Other;
            }
            const Token* oldAcro = old.get("AcroForm");
            const Token* newAcro = now.get("AcroForm");
            if (newAcro != nullptr && newAcro->kind == Kind::Dictionary) {
                return acroFormChange(
                    oldAcro != nullptr && oldAcro->kind == Kind::Dictionary ? oldAcro : nullptr,
                    *newAcro);
            }
            if (newAcro != nullptr && (oldAcro == nullptr || *oldAcro != *newAcro)) {
                // A new AcroForm object: judged as an added object.
                return oldAcro == nullptr ? ChangeClass::FormFilling : ChangeClass::Other;
            }
            return ChangeClass::None;  // /DSS only (allowed at every DocMDP level)
        }
        if (number == newForm_.acroForm && number == oldForm_.acroForm) {
            change.role = "AcroForm";
            return acroFormChange(&old, now);
        }
        if (number == newForm_.fieldsArray && number == oldForm_.fieldsArray) {
            change.role = "AcroForm /Fields";
            return growth(old, now, true);
        }
        if (const auto field = oldForm_.fields.find(number); field != oldForm_.fields.end()) {
            change.role = "field " + field->second;
            checkLock(field->second);
            return only({"V", "AP", "AS"}) ? ChangeClass::FormFilling : ChangeClass::Other;
        }
        if (const auto widget = oldForm_.widgets.find(number); widget != oldForm_.widgets.end()) {
            change.role = "widget of " + widget->second;
            checkLock(widget->second);
            if (only({"AP", "AS"})) {
                return ChangeClass::FormFilling;
            }
            // A signature field's separate widget may repeat the field's /V: poppler and MuPDF
            // look for it there, and kyso writes both (signature_field.cpp).
            const Token* value = now.get("V");
            const auto signature = value != nullptr && value->kind == Kind::Reference
                                       ? newForm_.signatures.find(value->number)
                                       : newForm_.signatures.end();
            return only({"AP", "AS", "V"}) && signature != newForm_.signatures.end() &&
                           signature->second == widget->second
                       ? ChangeClass::FormFilling
                       : ChangeClass::Other;
        }
        // A changed object is judged by the role it had when signed, not by what the new
        // revision makes of it (a widget pointed at a page's content stream does not make that
        // stream an appearance).
        if (const auto ap = oldForm_.appearances.find(number); ap != oldForm_.appearances.end()) {
            change.role = "appearance of " + ap->second;
            checkLock(ap->second);
            return ChangeClass::FormFilling;
        }
        if (const Token* type = old.get("Type"); type != nullptr && type->isName("Page")) {
            change.role = "page";
            if (!only({"Annots"})) {
                return ChangeClass::Other;
            }
            const Token* oldAnnots = old.get("Annots");
            const Token* newAnnots = now.get("Annots");
            const Token empty{Kind::Array, {}, 0, {}, {}};
            if (newAnnots == nullptr || newAnnots->kind != Kind::Array ||
                (oldAnnots != nullptr && oldAnnots->kind != Kind::Array)) {
                return ChangeClass::Other;
            }
            return growth(oldAnnots != nullptr ? *oldAnnots : empty, *newAnnots, false);
        }
        if (old.kind == Kind::Array && now.kind == Kind::Array) {
            change.role = "array (a page's /Annots?)";
            return growth(old, now, false);
        }
        return ChangeClass::Other;
    }

    // What an added object is, by the roles the final revision gives it; Other when none (the
    // caller then looks whether a classified change refers to it).
    ChangeClass classifyAdded(std::uint32_t number, const Token& value, ObjectChange& change) {
        if (number == newForm_.acroForm && oldForm_.acroForm != number) {
            change.role = "new AcroForm";
            return acroFormChange(nullptr, value);
        }
        if (number == newForm_.fieldsArray && oldForm_.fieldsArray != number) {
            change.role = "new AcroForm /Fields";
            const Token empty{Kind::Array, {}, 0, {}, {}};
            return value.kind == Kind::Array ? growth(empty, value, true) : ChangeClass::Other;
        }
        if (const auto f = newForm_.fields.find(number); f != newForm_.fields.end()) {
            const bool signature = newForm_.signatureFields.count(f->second) > 0;
            change.role = (signature ? "new signature field " : "new field ") + f->second;
            return signature ? ChangeClass::FormFilling : ChangeClass::Other;
        }
        if (const auto w = newForm_.widgets.find(number); w != newForm_.widgets.end()) {
            const bool signature = newForm_.signatureFields.count(w->second) > 0 &&
                                   oldForm_.signatureFields.count(w->second) == 0;
            change.role = "new widget of " + w->second;
            return signature || oldForm_.signatureFields.count(w->second) > 0
                       ? ChangeClass::FormFilling
                       : ChangeClass::Other;
        }
        if (const auto s = newForm_.signatures.find(number); s != newForm_.signatures.end()) {
            change.role = "signature dictionary of " + s->second;
            return ChangeClass::FormFilling;
        }
        if (const auto ap = newForm_.appearances.find(number); ap != newForm_.appearances.end()) {
            change.role = "appearance of " + ap->second;
            checkLock(ap->second);
            return ChangeClass::FormFilling;
        }
        if (const auto annot = annotations_.find(number); annot != annotations_.end()) {
            change.role = "new annotation";
            return annot->second;
        }
        change.role = "added";
        return ChangeClass::Other;
    }

    // References in `value` (not through other objects).
    static void referencesIn(const Token& value, std::vector<std::uint32_t>& out) {
        if (value.kind == Kind::Reference) {
            out.push_back(value.number);
        }
        for (const Token& item : value.items) {
            referencesIn(item, out);
        }
        for (const auto& entry : value.entries) {
            referencesIn(entry.second, out);
        }
    }

    // Annotations a page's /Annots gained, judged before the added objects are.
    const std::map<std::uint32_t, ChangeClass>& annotations() const { return annotations_; }

  private:
    void checkLock(const std::string& field) {
        if (rules_.locked(field)) {
            report_.violations.push_back("locked field " + field + " changed (FieldMDP)");
        }
    }

    ChangeClass acroFormChange(const Token* old, const Token& now) {
        const Token empty{Kind::Dictionary, {}, 0, {}, {}};
        const Token& before = old != nullptr ? *old : empty;
        ChangeClass worst = ChangeClass::None;
        for (std::string key : keyDifferences(before, now)) {
            if (key[0] == '+' || key[0] == '-') {
                key.erase(0, 1);
            }
            ChangeClass c = ChangeClass::Other;
            if (key == "SigFlags" || key == "DR" || key == "DA") {
                c = ChangeClass::FormFilling;
            } else if (key == "Fields") {
                const Token* f0 = before.get("Fields");
                const Token* f1 = now.get("Fields");
                const Token emptyArray{Kind::Array, {}, 0, {}, {}};
                if (f1 != nullptr && f1->kind == Kind::Array &&
                    (f0 == nullptr || f0->kind == Kind::Array)) {
                    c = growth(f0 != nullptr ? *f0 : emptyArray, *f1, true);
                } else if (f1 != nullptr && f1->kind == Kind::Reference && f0 == nullptr) {
                    c = ChangeClass::FormFilling;  // a new /Fields object, judged as added
                }
            }
            worst = std::max(worst, c);
        }
        return worst;
    }

    // An array that keeps its items and gains references at its end: /Fields (new signature
    // fields only) or a page's /Annots (widgets of new signature fields, other annotations).
    ChangeClass growth(const Token& old, const Token& now, bool fields) {
        if (now.items.size() < old.items.size() ||
            !std::equal(old.items.begin(), old.items.end(), now.items.begin())) {
            return ChangeClass::Other;
        }
        ChangeClass worst = ChangeClass::None;
        for (std::size_t i = old.items.size(); i < now.items.size(); ++i) {
            const Token& item = now.items[i];
            if (item.kind != Kind::Reference) {
                return ChangeClass::Other;
            }
            worst = std::max(worst, fields ? newField(item.number) : newAnnotation(item.number));
        }
        return worst;
    }

    ChangeClass newField(std::uint32_t number) {
        const auto f = newForm_.fields.find(number);
        if (f == newForm_.fields.end() || oldForm_.fields.count(number) > 0) {
            return ChangeClass::Other;
        }
        return newForm_.signatureFields.count(f->second) > 0 ? ChangeClass::FormFilling
                                                             : ChangeClass::Other;
    }

    ChangeClass newAnnotation(std::uint32_t number) {
        ChangeClass c = ChangeClass::Other;
        if (const auto w = newForm_.widgets.find(number); w != newForm_.widgets.end()) {
            c = newForm_.signatureFields.count(w->second) > 0 ? ChangeClass::FormFilling
                                                              : ChangeClass::Other;
        } else if (const Token* annot = b_.resolve(&refTo(number));
                   annot != nullptr && annot->kind == Kind::Dictionary) {
            const Token* subtype = annot->get("Subtype");
            c = subtype != nullptr && subtype->kind == Kind::Name && !subtype->isName("Widget")
                    ? ChangeClass::Annotations
                    : ChangeClass::Other;
        }
        annotations_[number] = c;
        return c;
    }

    const Token& refTo(std::uint32_t number) {
        scratch_ = Token{Kind::Reference, std::to_string(number) + " 0", number, {}, {}};
        return scratch_;
    }

    RevisionReader& a_;
    RevisionReader& b_;
    const FormMap& oldForm_;
    const FormMap& newForm_;
    const Rules& rules_;
    SignatureRevisionReport& report_;
    std::map<std::uint32_t, ChangeClass> annotations_;
    Token scratch_;
};

bool sameObject(RevisionReader& a, RevisionReader& b, const SourceObject& x,
                const SourceObject& y) {
    return x.value == y.value && x.isStream == y.isStream && a.data(x) == b.data(y);
}

void judgePermission(SignatureRevisionReport& report) {
    const ChangeClass c = report.changeClass;
    if (c == ChangeClass::Other) {
        report.violations.emplace_back("changes other than form filling and annotations");
    }
    const ChangeClass allowed = report.docMdp == 1   ? ChangeClass::None
                                : report.docMdp == 2 ? ChangeClass::FormFilling
                                                     : ChangeClass::Annotations;
    if (report.docMdp != 0 && c > allowed && c != ChangeClass::Other) {
        report.violations.push_back(std::string("DocMDP P=") + std::to_string(report.docMdp) +
                                    " does not allow " + toString(c));
    }
    report.permitted = report.violations.empty();
}

SignatureRevisionReport compare(const InputView& file, std::uint64_t signedBytes,
                                RevisionReader& whole, const FormMap& finalForm,
                                const RevisionDiffLimits& limits) {
    SignatureRevisionReport report;
    report.signedBytes = signedBytes;
    if (signedBytes == 0 || signedBytes > file.size) {
        throw Error(ErrorCode::InvalidPdf, "a signature's byte range ends outside the file");
    }
    RevisionReader signedRevision(file, static_cast<std::size_t>(signedBytes));
    const FormMap signedForm = FormWalker(signedRevision, limits.maxFields).walk();
    const Rules rules = rulesOf(signedRevision, signedForm);
    report.docMdp = rules.docMdp;
    if (signedBytes == file.size) {
        return report;
    }
    Classifier classifier(signedRevision, whole, signedForm, finalForm, rules, report);
    std::map<std::uint32_t, ObjectChange> changes;
    std::size_t parsed = 0;
    const std::uint32_t count = std::max(signedRevision.size(), whole.size());
    // Changed objects first (they say which added objects are annotations), then added ones.
    std::vector<std::uint32_t> added;
    for (std::uint32_t n = 1; n < count; ++n) {
        if (signedRevision.sameStorage(whole, n)) {
            continue;
        }
        if (++parsed > limits.maxChangedObjects) {
            throw Error(ErrorCode::TooLarge, "too many changed objects to compare revisions");
        }
        const SourceObject* before = signedRevision.object(n);
        const SourceObject* after = whole.object(n);
        if (after != nullptr && isContainer(*after)) {
            continue;  // cross-reference and object streams: their members are compared
        }
        ObjectChange change;
        change.number = n;
        if (after == nullptr) {
            change.what = ObjectChange::What::Removed;
            change.role = "removed";
            changes[n] = change;
            continue;
        }
        if (before == nullptr) {
            added.push_back(n);
            continue;
        }
        if (sameObject(signedRevision, whole, *before, *after)) {
            continue;
        }
        change.keys = keyDifferences(before->value, after->value);
        if (before->isStream && signedRevision.data(*before) != whole.data(*after)) {
            change.keys.emplace_back("(stream data)");
        }
        change.changeClass = classifier.classify(n, before, *after, change);
        changes[n] = change;
    }
    std::vector<std::uint32_t> unplaced;
    for (const std::uint32_t n : added) {
        ObjectChange change;
        change.number = n;
        change.what = ObjectChange::What::Added;
        change.changeClass = classifier.classify(n, nullptr, *whole.object(n), change);
        if (change.role == "added") {
            unplaced.push_back(n);
        }
        changes[n] = change;
    }
    // An added object nothing else explains takes the class of the changes that refer to it
    // (the fonts and images of an appearance stream, an annotation's popup); a /DSS is none.
    for (bool progress = true; progress && !unplaced.empty();) {
        progress = false;
        for (auto& [number, change] : changes) {
            if (change.what == ObjectChange::What::Removed || change.role == "added") {
                continue;
            }
            std::vector<std::uint32_t> refs;
            Classifier::referencesIn(whole.object(number)->value, refs);
            if (number == whole.root()) {
                refs.clear();  // the catalog refers to everything; only /DSS is followed
                if (const Token* dss = whole.object(number)->value.get("DSS")) {
                    Classifier::referencesIn(*dss, refs);
                }
            }
            for (const std::uint32_t r : refs) {
                auto target = changes.find(r);
                if (target != changes.end() && target->second.role == "added") {
                    target->second.role = "used by " + std::to_string(number);
                    target->second.changeClass =
                        number == whole.root() ? ChangeClass::None : change.changeClass;
                    progress = true;
                }
            }
        }
    }
    for (auto& [number, change] : changes) {
        if (change.role == "added") {
            change.role = "added, nothing changed refers to it";
        }
        report.changeClass = std::max(report.changeClass, change.changeClass);
        report.changes.push_back(std::move(change));
    }
    judgePermission(report);
    return report;
}

std::uint64_t byteRangeEnd(const Token& signature) {
    const Token* range = signature.get("ByteRange");
    if (range == nullptr || range->kind != Kind::Array || range->items.size() != 4) {
        return 0;
    }
    try {
        return std::stoull(range->items[2].text) + std::stoull(range->items[3].text);
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

const char* toString(ChangeClass c) {
    switch (c) {
        case ChangeClass::None:
            return "none";
        case ChangeClass::FormFilling:
            return "form filling";
        case ChangeClass::Annotations:
            return "annotations";
        case ChangeClass::Other:
            return "other";
    }
    return "other";
}

SignatureRevisionReport diffRevision(const InputView& file, std::uint64_t signedBytes,
                                     const RevisionDiffLimits& limits) {
    RevisionReader whole(file, file.size);
    const FormMap finalForm = FormWalker(whole, limits.maxFields).walk();
    return compare(file, signedBytes, whole, finalForm, limits);
}

std::vector<SignatureRevisionReport> diffSignedRevisions(const InputView& file,
                                                         const RevisionDiffLimits& limits) {
    RevisionReader whole(file, file.size);
    const FormMap finalForm = FormWalker(whole, limits.maxFields).walk();
    std::vector<std::pair<std::uint64_t, std::string>> signatures;
    for (const auto& [number, field] : finalForm.signatures) {
        const SourceObject* signature = whole.object(number);
        if (signature != nullptr) {
            signatures.emplace_back(byteRangeEnd(signature->value), field);
        }
    }
    if (signatures.size() > limits.maxSignatures) {
        throw Error(ErrorCode::TooLarge, "too many signatures to compare revisions");
    }
    std::sort(signatures.begin(), signatures.end());
    std::vector<SignatureRevisionReport> reports;
    for (const auto& [end, field] : signatures) {
        SignatureRevisionReport report = compare(file, end, whole, finalForm, limits);
        report.field = field;
        reports.push_back(std::move(report));
    }
    return reports;
}

std::string describe(const SignatureRevisionReport& report) {
    std::ostringstream out;
    out << "signature " << report.field << " (" << report.signedBytes
        << " bytes signed): " << toString(report.changeClass)
        << (report.permitted ? ", permitted" : ", NOT permitted");
    if (report.docMdp != 0) {
        out << " (DocMDP P=" << report.docMdp << ")";
    }
    out << "\n";
    for (const std::string& v : report.violations) {
        out << "  violation: " << v << "\n";
    }
    for (const ObjectChange& c : report.changes) {
        out << "  object " << c.number << " "
            << (c.what == ObjectChange::What::Added     ? "added"
                : c.what == ObjectChange::What::Removed ? "removed"
                                                        : "changed")
            << " [" << toString(c.changeClass) << "] " << c.role;
        for (const std::string& k : c.keys) {
            out << " /" << k;
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace kyso::pdf
