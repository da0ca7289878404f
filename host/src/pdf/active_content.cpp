#include "pdf/active_content.hpp"

#include <array>
#include <set>
#include <utility>

#include "core/error.hpp"

namespace kyso::pdf {

using namespace PoDoFo;

namespace {

enum Kind : std::size_t { JavaScript, Launch, SubmitForm, ImportData, Xfa, Unchecked, KindCount };
constexpr std::array<const char*, KindCount> kKindNames = {"JavaScript", "Launch", "SubmitForm",
                                                           "ImportData", "XFA",    "Unchecked"};

// What an object is being read as. An object is visited once per role, not once overall: an
// object met first as one thing (a page, say) is still read when it is reached as another (an
// action), so sharing an object between roles cannot hide an action.
enum class Role { Action, Actions, NameTree, Field, PageNode, Annotation, Outline };

// One walk over one document.
class Scanner {
  public:
    Scanner(const SourceDocument& doc, const ActiveContentLimits& limits)
        : doc_(doc), budget_(limits.maxObjects), maxDepth_(limits.maxDepth) {}

    void scan() {
        const PdfDictionary& catalog = doc_.catalog().GetDictionary();
        // Each part on its own: a damaged object in one does not keep the others unread.
        guarded([&] {
            if (PdfObject* open = doc_.get(catalog, "OpenAction");
                open != nullptr && open->IsDictionary()) {
                action(open, 0);  // an array here is a destination, not an action
            }
        });
        guarded([&] { actions(doc_.get(catalog, "AA"), 0); });
        guarded([&] {
            PdfObject* names = doc_.get(catalog, "Names");
            if (names != nullptr && names->IsDictionary()) {
                nameTree(doc_.get(names->GetDictionary(), "JavaScript"), 0);
            }
        });
        guarded([&] { form(doc_.get(catalog, "AcroForm")); });
        guarded([&] {
            PdfObject* outlines = doc_.get(catalog, "Outlines");
            if (outlines != nullptr && outlines->IsDictionary()) {
                outline(doc_.get(outlines->GetDictionary(), "First"), 0);
            }
        });
        // Last, in page order: what a very large document leaves unread is its last pages.
        guarded([&] { pageTree(doc_.get(catalog, "Pages"), 0); });
    }

    std::vector<std::string> kinds() const {
        std::vector<std::string> out;
        for (std::size_t kind = 0; kind < KindCount; ++kind) {
            if (found_[kind]) {
                out.emplace_back(kKindNames[kind]);
            }
        }
        return out;
    }

  private:
    // Runs one part of the walk; a damaged object or one beyond the reader's limits ends that
    // part, and the document counts as not fully checked.
    template <class Work>
    void guarded(Work&& work) {
        if (budget_ == 0) {
            return;
        }
        try {
            work();
        } catch (const Error&) {
            found_[Unchecked] = true;
        } catch (const PdfError&) {
            found_[Unchecked] = true;
        }
    }

    // False when `object` is not a dictionary, was already read in this role, or a limit is
    // reached (which marks the document as not fully checked).
    bool enter(Role role, PdfObject* object, int depth) {
        if (object == nullptr || !object->IsDictionary()) {
            return false;
        }
        if (depth > maxDepth_ || budget_ == 0) {
            found_[Unchecked] = true;
            return false;
        }
        --budget_;
        const std::uint32_t number = object->Reference().ObjectNumber();
        // Direct objects (number 0) sit inside one indirect object and cannot form a loop.
        return number == 0 || visited_.insert({role, number}).second;
    }

    // An action dictionary (12.6.2), and those its /Next runs after it.
    void action(PdfObject* value, int depth) {
        if (!enter(Role::Action, value, depth)) {
            return;
        }
        const PdfDictionary& dict = value->GetDictionary();
        if (PdfObject* type = doc_.get(dict, "S"); type != nullptr && type->IsName()) {
            const std::string& name = type->GetName().GetName();
            if (name == "JavaScript") {
                found_[JavaScript] = true;
            } else if (name == "Launch") {
                found_[Launch] = true;
            } else if (name == "SubmitForm") {
                found_[SubmitForm] = true;
            } else if (name == "ImportData") {
                found_[ImportData] = true;
            }
        }
        // A script whatever the action's type says (a /Rendition action's /JS, or a JavaScript
        // action with a misspelt /S that a lenient viewer still runs).
        if (dict.HasKey("JS")) {
            found_[JavaScript] = true;
        }
        PdfObject* next = doc_.get(dict, "Next");
        if (next != nullptr && next->IsArray()) {
            for (PdfObject& item : next->GetArray()) {
                action(doc_.resolve(&item), depth + 1);
            }
        } else {
            action(next, depth + 1);
        }
    }

    // An additional-actions dictionary (12.6.3): trigger -> action.
    void actions(PdfObject* value, int depth) {
        if (!enter(Role::Actions, value, depth)) {
            return;
        }
        for (const auto& entry : value->GetDictionary().GetKeys()) {
            action(doc_.resolve(entry.second), depth + 1);
        }
    }

    // /A and /AA of a field, widget, annotation or page.
    void actionsOf(const PdfDictionary& dict, int depth) {
        action(doc_.get(dict, "A"), depth + 1);
        actions(doc_.get(dict, "AA"), depth + 1);
    }

    // The document-level JavaScript name tree (7.9.6): any entry is a script.
    void nameTree(PdfObject* node, int depth) {
        if (!enter(Role::NameTree, node, depth)) {
            return;
        }
        const PdfDictionary& dict = node->GetDictionary();
        if (PdfObject* names = doc_.get(dict, "Names"); names != nullptr && names->IsArray()) {
            PdfArray& pairs = names->GetArray();
            for (std::size_t i = 1; i < pairs.size(); i += 2) {
                found_[JavaScript] = true;
                action(doc_.resolve(&pairs[i]), depth + 1);
            }
        }
        if (PdfObject* kids = doc_.get(dict, "Kids"); kids != nullptr && kids->IsArray()) {
            for (PdfObject& kid : kids->GetArray()) {
                nameTree(doc_.resolve(&kid), depth + 1);
            }
        }
    }

    void form(PdfObject* acroForm) {
        if (acroForm == nullptr || !acroForm->IsDictionary()) {
            return;
        }
        const PdfDictionary& dict = acroForm->GetDictionary();
        if (PdfObject* xfa = doc_.get(dict, "XFA"); xfa != nullptr) {
            found_[Xfa] = true;
        }
        if (PdfObject* fields = doc_.get(dict, "Fields"); fields != nullptr && fields->IsArray()) {
            for (PdfObject& entry : fields->GetArray()) {
                field(doc_.resolve(&entry), 0);
            }
        }
    }

    // A field and its kids (fields or widgets), 12.7.3.1.
    void field(PdfObject* node, int depth) {
        if (!enter(Role::Field, node, depth)) {
            return;
        }
        const PdfDictionary& dict = node->GetDictionary();
        actionsOf(dict, depth);
        if (PdfObject* kids = doc_.get(dict, "Kids"); kids != nullptr && kids->IsArray()) {
            for (PdfObject& kid : kids->GetArray()) {
                field(doc_.resolve(&kid), depth + 1);
            }
        }
    }

    // Every page's /AA and annotations (7.7.3). Pages the page tree reaches twice are read
    // once; a loop in /Kids ends there.
    void pageTree(PdfObject* node, int depth) {
        if (!enter(Role::PageNode, node, depth)) {
            return;
        }
        const PdfDictionary& dict = node->GetDictionary();
        actions(doc_.get(dict, "AA"), depth + 1);
        if (PdfObject* annots = doc_.get(dict, "Annots"); annots != nullptr && annots->IsArray()) {
            for (PdfObject& entry : annots->GetArray()) {
                if (budget_ == 0) {
                    found_[Unchecked] = true;
                    return;
                }
                PdfObject* annotation = doc_.resolve(&entry);
                if (enter(Role::Annotation, annotation, depth + 1)) {
                    actionsOf(annotation->GetDictionary(), depth + 1);
                }
            }
        }
        if (PdfObject* kids = doc_.get(dict, "Kids"); kids != nullptr && kids->IsArray()) {
            for (PdfObject& kid : kids->GetArray()) {
                // Resolving loads the kid (about 3 KB that stays until the document closes):
                // stop before, not after, once the budget is spent. A flat /Kids array of
                // 100,000 pages otherwise loaded them all (350 MB).
                if (budget_ == 0) {
                    found_[Unchecked] = true;
                    return;
                }
                pageTree(doc_.resolve(&kid), depth + 1);
            }
        }
    }

    // Bookmarks (12.3.3): siblings along /Next, children under /First.
    void outline(PdfObject* item, int depth) {
        while (enter(Role::Outline, item, depth)) {
            const PdfDictionary& dict = item->GetDictionary();
            action(doc_.get(dict, "A"), depth + 1);
            outline(doc_.get(dict, "First"), depth + 1);
            item = doc_.get(dict, "Next");
        }
    }

    const SourceDocument& doc_;
    std::size_t budget_;
    int maxDepth_;
    std::set<std::pair<Role, std::uint32_t>> visited_;
    std::array<bool, KindCount> found_{};
};

}  // namespace

std::vector<std::string> findActiveContent(const SourceDocument& doc,
                                           const ActiveContentLimits& limits) {
    Scanner scanner(doc, limits);
    scanner.scan();
    return scanner.kinds();
}

}  // namespace kyso::pdf
