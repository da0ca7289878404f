// Scripts and actions in the input (pdf/active_content.hpp): every place and kind that counts
// is found, what does not count (links, destinations) is not, loops and deep or huge
// structures end in bounded work (reported as "Unchecked"), and prepareSignature refuses such
// documents when asked to, before writing anything.

#include "pdf/active_content.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "core/error.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;
using Kinds = std::vector<std::string>;

namespace {

// A one-page PDF: catalog (1), page tree (2), page (3), then `more` as objects 4, 5, ...
Bytes onePage(const std::string& catalogExtra, const std::string& pageExtra = "",
              const std::vector<std::string>& more = {}) {
    std::vector<std::string> bodies = {
        "<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + pageExtra + " >>"};
    bodies.insert(bodies.end(), more.begin(), more.end());
    return buildPdf(bodies, "/Root 1 0 R");
}

Kinds scan(const Bytes& pdf, const pdf::ActiveContentLimits& limits = {}) {
    pdf::SourceDocument doc(pdf::InputView::of(pdf));
    return pdf::findActiveContent(doc, limits);
}

const std::string kScript = "<< /S /JavaScript /JS (app.alert\\(1\\)) >>";
const std::string kLaunch = "<< /S /Launch /F (calc.exe) >>";

}  // namespace

TEST_CASE("active content: a plain document and the test inputs have none", "[pdf][active]") {
    CHECK(scan(onePage("")).empty());
    for (const char* name :
         {"simple.pdf", "objstm.pdf", "linearized.pdf", "rotated.pdf", "form.pdf", "hybrid.pdf"}) {
        INFO(name);
        CHECK(scan(readFile(inputPdf(name))).empty());
    }
}

TEST_CASE("active content: each place and kind is found", "[pdf][active]") {
    SECTION("catalog /OpenAction JavaScript") {
        CHECK(scan(onePage("/OpenAction " + kScript)) == Kinds{"JavaScript"});
    }
    SECTION("catalog /AA (document will close)") {
        CHECK(scan(onePage("/AA << /WC 4 0 R >>", "", {kScript})) == Kinds{"JavaScript"});
    }
    SECTION("the /Names /JavaScript tree, through /Kids") {
        CHECK(scan(onePage("/Names << /JavaScript 4 0 R >>", "",
                           {"<< /Kids [5 0 R] >>", "<< /Names [(init) 6 0 R] >>", kScript})) ==
              Kinds{"JavaScript"});
    }
    SECTION("page /AA (page open) Launch") {
        CHECK(scan(onePage("", "/AA << /O " + kLaunch + " >>")) == Kinds{"Launch"});
    }
    SECTION("a link annotation's /A JavaScript") {
        CHECK(scan(onePage("", "/Annots [4 0 R]",
                           {"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A " + kScript +
                            " >>"})) == Kinds{"JavaScript"});
    }
    SECTION("a form field's keystroke script and a submit button, inherited into /Kids") {
        CHECK(scan(onePage("/AcroForm << /Fields [4 0 R 5 0 R] >>", "",
                           {"<< /FT /Tx /T (a) /AA << /K " + kScript + " >> >>",
                            "<< /FT /Btn /T (b) /Kids [6 0 R] >>",
                            "<< /Subtype /Widget /Parent 5 0 R /A << /S /SubmitForm /F "
                            "(https://x.test/) >> >>"})) == Kinds{"JavaScript", "SubmitForm"});
    }
    SECTION("ImportData and an XFA form") {
        CHECK(scan(onePage("/AcroForm << /Fields [4 0 R] /XFA 5 0 R >>", "",
                           {"<< /FT /Btn /T (c) /A << /S /ImportData /F (data.fdf) >> >>",
                            "[(template) 6 0 R]", "<< /Length 0 >>\nstream\n\nendstream"})) ==
              Kinds{"ImportData", "XFA"});
    }
    SECTION("a bookmark's Launch") {
        CHECK(scan(onePage("/Outlines << /First 4 0 R >>", "",
                           {"<< /Title (a) /Next 5 0 R >>", "<< /Title (b) /First 6 0 R >>",
                            "<< /Title (c) /A " + kLaunch + " >>"})) == Kinds{"Launch"});
    }
    SECTION("a Rendition's /JS") {
        CHECK(scan(onePage("/OpenAction << /S /Rendition /OP 0 /JS (x) >>")) ==
              Kinds{"JavaScript"});
    }
    SECTION("a Launch along /Next, after a harmless URI action") {
        CHECK(scan(onePage("/OpenAction 4 0 R", "",
                           {"<< /S /URI /URI (https://x.test/) /Next [5 0 R] >>", kLaunch})) ==
              Kinds{"Launch"});
    }
    SECTION("an object met first as an action is still read as a page") {
        // Object 5 is the OpenAction (a harmless URI) and also a page whose /AA launches.
        CHECK(scan(buildPdf({"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
                             "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
                             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", kScript,
                             "<< /Type /Page /Parent 2 0 R /S /URI /URI (https://x.test/) "
                             "/AA << /O " +
                                 kLaunch + " >> >>"},
                            "/Root 1 0 R")) == Kinds{"Launch"});
    }
}

TEST_CASE("active content: links, destinations and media are not counted", "[pdf][active]") {
    CHECK(scan(onePage("/OpenAction [3 0 R /Fit]")).empty());
    CHECK(scan(onePage("/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")).empty());
    CHECK(scan(onePage("", "/Annots [4 0 R 5 0 R]",
                       {"<< /Subtype /Link /Rect [0 0 1 1] /A << /S /URI /URI (https://x/) >> >>",
                        "<< /Subtype /Link /Rect [0 0 1 1] /A << /S /GoToR /F (b.pdf) /D [0 "
                        "/Fit] >> >>"}))
              .empty());
    CHECK(scan(onePage("/AA << /WC << /S /ResetForm >> >>")).empty());
}

TEST_CASE("active content: loops end, and are no reason to warn", "[pdf][active]") {
    SECTION("a /Next loop with a script in it") {
        CHECK(scan(onePage("/OpenAction 4 0 R", "",
                           {"<< /S /URI /URI (https://x/) /Next 5 0 R >>",
                            "<< /S /JavaScript /JS (x) /Next 4 0 R >>"})) == Kinds{"JavaScript"});
    }
    SECTION("a page tree whose /Kids names itself") {
        CHECK(scan(buildPdf({"<< /Type /Catalog /Pages 2 0 R >>",
                             "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>",
                             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O " +
                                 kLaunch + " >> >>"},
                            "/Root 1 0 R")) == Kinds{"Launch"});
    }
    SECTION("a name tree, a field tree and an outline that loop") {
        CHECK(scan(onePage("/Names << /JavaScript 4 0 R >> /AcroForm << /Fields [5 0 R] >> "
                           "/Outlines << /First 6 0 R >>",
                           "",
                           {"<< /Kids [4 0 R] >>", "<< /T (f) /Kids [5 0 R] >>",
                            "<< /Title (a) /Next 7 0 R /First 6 0 R >>",
                            "<< /Title (b) /Next 6 0 R >>"}))
                  .empty());
    }
}

TEST_CASE("active content: what is too deep, too large or damaged is reported as Unchecked",
          "[pdf][active]") {
    const auto started = std::chrono::steady_clock::now();
    SECTION("a /Next chain of 200 actions, the script at its end") {
        std::vector<std::string> chain;
        for (int i = 0; i < 200; ++i) {
            chain.push_back("<< /S /URI /URI (https://x/) /Next " + std::to_string(i + 5) +
                            " 0 R >>");
        }
        chain.push_back(kScript);
        CHECK(scan(onePage("/OpenAction 4 0 R", "", chain)) == Kinds{"Unchecked"});
    }
    SECTION("a field tree 10,000 deep") {
        std::vector<std::string> fields;
        for (int i = 0; i < 10000; ++i) {
            fields.push_back("<< /T (f) /Kids [" + std::to_string(i + 5) + " 0 R] >>");
        }
        fields.push_back("<< /T (g) >>");
        CHECK(scan(onePage("/AcroForm << /Fields [4 0 R] >>", "", fields)) == Kinds{"Unchecked"});
    }
    SECTION("more annotations than the budget, a script found before it ran out") {
        std::string annots;
        std::vector<std::string> more;
        for (int i = 0; i < 50; ++i) {
            annots += std::to_string(i + 4) + " 0 R ";
            more.push_back(i == 0 ? "<< /Subtype /Link /A " + kScript + " >>"
                                  : "<< /Subtype /Link /A << /S /URI /URI (x) >> >>");
        }
        pdf::ActiveContentLimits limits;
        limits.maxObjects = 20;
        CHECK(scan(onePage("", "/Annots [" + annots + "]", more), limits) ==
              Kinds{"JavaScript", "Unchecked"});
        CHECK(scan(onePage("", "/Annots [" + annots + "]", more)) == Kinds{"JavaScript"});
    }
    SECTION("a reference chain that does not end, the other parts still read") {
        CHECK(scan(onePage("/OpenAction 4 0 R /AA << /WC " + kLaunch + " >>", "",
                           {"5 0 R", "4 0 R"})) == Kinds{"Launch", "Unchecked"});
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("active content: prepareSignature reports it, or refuses it when asked",
          "[pdf][active]") {
    const Bytes input = onePage("/OpenAction " + kScript, "/AA << /O " + kLaunch + " >>");
    pdf::PdfSignOptions options;
    options.signingTime = 1767225600;

    const auto signedResult = pdf::prepareSignature(pdf::InputView::of(input), options);
    CHECK(signedResult.activeContent == Kinds{"JavaScript", "Launch"});
    CHECK_FALSE(signedResult.update.empty());

    options.refuseActiveContent = true;
    try {
        pdf::prepareSignature(pdf::InputView::of(input), options);
        FAIL("signed a document with scripts although refuseActiveContent was set");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::DocumentRefused);
        CHECK(e.details()["activeContent"] == nlohmann::json::array({"JavaScript", "Launch"}));
    }

    // A plain document signs as before with the switch on, and reports nothing.
    const Bytes plain = onePage("");
    const auto plainResult = pdf::prepareSignature(pdf::InputView::of(plain), options);
    CHECK(plainResult.activeContent.empty());
    CHECK_FALSE(plainResult.update.empty());
}

// What the scan costs next to what signing reads anyway, for docs/pdf-signing.md. Hidden:
//   KYSO_ACTIVE_MEASURE=p50k.pdf kyso-pdf-tests "[active-measure]"
// (bench/bench_pdf.py's write_pages_pdf makes the 50,000-page input.)
TEST_CASE("active content: cost on a large document", "[.][active-measure]") {
    const char* path = std::getenv("KYSO_ACTIVE_MEASURE");
    REQUIRE(path != nullptr);
    const Bytes input = readFile(path);
    const auto rssKb = [] {
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line)) {
            if (line.rfind("VmRSS:", 0) == 0) {
                return std::stol(line.substr(6));
            }
        }
        return 0L;
    };
    const auto ms = [](std::chrono::steady_clock::time_point start) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    };
    pdf::SourceDocument doc(pdf::InputView::of(input));
    const long before = rssKb();
    auto start = std::chrono::steady_clock::now();
    const pdf::PageRef last = doc.page(doc.pageCount() - 1);
    const double pageMs = ms(start);
    const long afterPage = rssKb();
    start = std::chrono::steady_clock::now();
    const Kinds kinds = pdf::findActiveContent(doc);
    const double scanMs = ms(start);
    const long afterScan = rssKb();
    std::cout << "pages " << doc.pageCount() << ": last page found in " << pageMs << " ms (+"
              << (afterPage - before) / 1024 << " MB), active-content scan " << scanMs << " ms (+"
              << (afterScan - afterPage) / 1024 << " MB), kinds " << kinds.size() << "\n";
    CHECK(last.object != nullptr);
}
