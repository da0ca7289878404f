#pragma once

// What the revisions after each signature change, compared object by object and token by token
// (revision_reader.hpp), and classified the way revision-comparing validators do (ISO 32000-1
// 12.8.2.2, ISO 32000-2 12.8.2.2 and 12.8.4, ETSI EN 319 142-1 5.4; pyHanko's difference
// analysis, EU DSS's object modifications):
//   none          nothing, or only what every DocMDP level allows (a /DSS, a document timestamp)
//   form filling  a field's /V and its appearance (widget /AP, /AS and the streams they use),
//                 a new signature field with its widget added to a page's /Annots and to the
//                 AcroForm's /Fields, its signature dictionary, /SigFlags, fonts in /DR
//   annotations   annotations other than widgets added to a page's /Annots, with what they use
//   other         anything else: a page key, an unchanged value written with other tokens
//                 (`595.303937007874` -> `595.303937`), a removed object, a new non-signature
//                 field, an added object nothing changed refers to
// docs/pdf-signing.md says where this differs from those validators.

#include <cstdint>
#include <string>
#include <vector>

#include "pdf/input_view.hpp"

namespace kyso::pdf {

enum class ChangeClass { None = 0, FormFilling = 1, Annotations = 2, Other = 3 };
const char* toString(ChangeClass c);

struct ObjectChange {
    enum class What { Added, Changed, Removed };
    std::uint32_t number = 0;
    What what = What::Changed;
    std::vector<std::string> keys;  // a dictionary's keys that differ ("+K" added, "-K" removed)
    ChangeClass changeClass = ChangeClass::Other;
    std::string role;  // what the object is, e.g. "page", "widget of Sig2", "added, unreferenced"
};

struct SignatureRevisionReport {
    std::string field;              // fully qualified name of the signature field
    std::uint64_t signedBytes = 0;  // ByteRange end: the signed revision's size
    int docMdp = 0;                 // the P in force (1, 2, 3), 0 without a certification
    ChangeClass changeClass = ChangeClass::None;
    bool permitted = true;                // within DocMDP and FieldMDP
    std::vector<std::string> violations;  // why not permitted
    std::vector<ObjectChange> changes;    // what the later revisions change, by object number
};

struct RevisionDiffLimits {
    std::size_t maxSignatures = 256;
    std::size_t maxFields = 100000;          // fields and widgets walked per revision
    std::size_t maxChangedObjects = 100000;  // objects parsed and compared per signature
};

// One report per signature in `file`, oldest first. Throws INVALID_PDF for a file (or a signed
// revision) that cannot be read, TOO_LARGE beyond the limits.
std::vector<SignatureRevisionReport> diffSignedRevisions(const InputView& file,
                                                         const RevisionDiffLimits& limits = {});

// The same for the revision ending at `signedBytes` against the whole file, with the DocMDP and
// FieldMDP rules that revision states: what a test with hand-made revisions calls.
SignatureRevisionReport diffRevision(const InputView& file, std::uint64_t signedBytes,
                                     const RevisionDiffLimits& limits = {});

// A multi-line human-readable summary (tests print it on failure; the CLI tool prints it).
std::string describe(const SignatureRevisionReport& report);

}  // namespace kyso::pdf
