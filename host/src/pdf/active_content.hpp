#pragma once

// Does the document carry content that acts on its own: scripts, programs it starts, data it
// sends or loads? The signer should know before putting their name under it (the dialog says
// so), and IT may refuse to sign such documents (refuseActiveContent, docs/configuration.md).
//
// What counts, and why (docs/pdf-signing.md, "Active content"): actions that run code, start
// something outside the viewer or move data in or out of the document, so that what the
// document does (or shows, once its fields change) is not what was signed:
//   JavaScript  a /JavaScript action, or the /JS of a /Rendition action (12.6.4.16, 12.6.4.13)
//   Launch      starts an application or opens a file (12.6.4.5)
//   SubmitForm  sends the form's data to a URL (12.7.5.2)
//   ImportData  loads field values from another file (12.7.5.4)
//   XFA         an XFA form (12.7.8): its template, which viewers that support it render
//               instead of the pages, carries its own scripts
// Not counted: links and navigation (URI, GoTo, GoToR, GoToE, Thread, Named), media (Sound,
// Movie, Rendition without /JS) and display changes (Hide, SetOCGState, ResetForm, Trans,
// GoTo3DView). They are in ordinary documents (every hyperlink is a URI action); a warning on
// all of them would be read past.
//
// Where: the catalog's /OpenAction and /AA, the /Names /JavaScript tree, the AcroForm (/XFA,
// every field and widget's /A and /AA), every page's /AA and every annotation's /A and /AA,
// the outline (bookmarks). Each action's /Next chain is followed. The walk is bounded: objects
// are visited once per role (loops end), depth and the number of objects visited are limited; a
// document beyond the limits, or with a damaged object on the way, is reported as "Unchecked"
// (so a policy that refuses active content refuses it too).

#include <cstddef>
#include <string>
#include <vector>

#include "pdf/source_document.hpp"

namespace kyso::pdf {

struct ActiveContentLimits {
    // Dictionaries visited. Each one the reader loads costs about 3 KB and 30 us (PoDoFo's
    // object): walking all 50,000 pages of bench/bench_pdf.py's p50k.pdf took the signing's
    // peak RSS from 28 to 188 MB and its CPU time from 0.16 to 1.6 s. 10,000 covers documents
    // of a few thousand pages whole; larger ones are "Unchecked" beyond that point (the
    // catalog, names, form and outline are read before the pages, so those are always whole).
    std::size_t maxObjects = 10000;
    int maxDepth = 64;  // trees (pages, fields, names, outline) and /Next chains
};

// The kinds found, each once, in this order: JavaScript, Launch, SubmitForm, ImportData, XFA,
// Unchecked. Empty: none. Never throws for what it finds in the document.
std::vector<std::string> findActiveContent(const SourceDocument& doc,
                                           const ActiveContentLimits& limits = {});

}  // namespace kyso::pdf
