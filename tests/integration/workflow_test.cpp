// The workflow of an outgoing official document (Nghị định 30/2020; vn-signing-rules.md): a
// Vietnamese draft written by LibreOffice gets the clerk's empty number and date fields
// (preparePdfDraft), is signed in turn by the head of department, the head of office and the
// head of agency, each with their own token and PIN, then the clerk fills in the number and
// date and signs in the same revision with the organisation's certificate and a red seal over
// the last leader's signature. Every step goes through the real host over pipes, as a browser
// would send it.
//
// After every step, every signature so far must still validate in pdfsig (trusting the test
// root), mutool, qpdf and openssl cms; each earlier revision must be an exact prefix; and the
// new revision may rewrite only what a signature needs (the page or its /Annots, the AcroForm
// or its /Fields, the catalog when the AcroForm is new; the clerk's revision also the fields it
// fills), nothing else from earlier revisions.
// No chainCertificates are configured: the intermediate in every CMS comes from the token.
#include <catch2/catch.hpp>
#include <optional>
#include <regex>
#include <set>
#include <tuple>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

// One signer's step: who, with which identity (and so which token), and how it looks.
struct Step {
    std::string role;
    std::string identity;
    std::string fieldName;
    std::string reason;
    json visible;
    json fill = nullptr;  // the clerk's number and date
};

// The clerk's fields on the letter's "Số:" line (the number after it, the place and date on
// the right, under the motto), and what the clerk writes into them.
const json kClerkFields = {
    {{"name", "SoKyHieu"}, {"page", 1}, {"rect", {170, 729, 125, 14}}, {"fontSize", 12}},
    {{"name", "NgayBanHanh"}, {"page", 1}, {"rect", {300, 729, 250, 14}}, {"fontSize", 12}}};
const std::string kNumber = "125/QĐ-STTTT";
const std::string kDate = "Hà Nội, ngày 23 tháng 11 năm 2026";

// What a verifier needs about one signature: its revision's bytes and the host's result.
struct Revision {
    Bytes bytes;
    json result;
    std::string signer;  // the certificate's common name
};

// `qpdf --show-object=WHAT` of a file, as text.
std::string showObject(const fs::path& pdf, const std::string& what) {
    const auto r = pdftest::run("qpdf --show-object=" + what + " '" + pdf.string() + "'");
    if (r.status != 0 && r.status != 3) {  // 3: warnings only
        throw std::runtime_error("qpdf --show-object=" + what + ": " + r.output);
    }
    return r.output;
}

std::optional<int> reference(const std::string& dictionary, const std::string& key) {
    std::smatch m;
    if (std::regex_search(dictionary, m, std::regex("/" + key + " (\\d+) 0 R"))) {
        return std::stoi(m[1]);
    }
    return std::nullopt;
}

// The objects of a revision a new signature may have to rewrite, found by qpdf (not kyso).
struct Structure {
    int size = 0;  // trailer /Size: every object number below it already exists
    int root = 0;
    int page = 0;
    std::optional<int> annots, acroForm, fields;
};

Structure structureOf(const fs::path& pdf, int pageNumber) {
    Structure s;
    const std::string trailer = showObject(pdf, "trailer");
    std::smatch m;
    REQUIRE(std::regex_search(trailer, m, std::regex("/Size (\\d+)")));
    s.size = std::stoi(m[1]);
    s.root = reference(trailer, "Root").value();
    const auto pages = pdftest::run("qpdf --show-pages '" + pdf.string() + "'").output;
    REQUIRE(std::regex_search(pages, m,
                              std::regex("page " + std::to_string(pageNumber) + ": (\\d+) 0 R")));
    s.page = std::stoi(m[1]);
    s.annots = reference(showObject(pdf, std::to_string(s.page)), "Annots");
    s.acroForm = reference(showObject(pdf, std::to_string(s.root)), "AcroForm");
    if (s.acroForm) {
        s.fields = reference(showObject(pdf, std::to_string(*s.acroForm)), "Fields");
    }
    return s;
}

// The object numbers an incremental update writes ("N G obj" at the start of a line).
std::set<int> objectsWritten(const Bytes& update) {
    const std::string text = pdftest::text(update);
    std::set<int> out;
    static const std::regex header("(^|[\\r\\n])(\\d+) \\d+ obj\\b");
    for (std::sregex_iterator it(text.begin(), text.end(), header), end; it != end; ++it) {
        out.insert(std::stoi((*it)[2]));
    }
    return out;
}

// The object numbers of the AcroForm's fields named `names` (qpdf's view).
std::set<int> fieldObjects(const fs::path& pdf, const Structure& s,
                           const std::vector<std::string>& names) {
    std::set<int> out;
    if (!s.acroForm) {
        return out;
    }
    const std::string list = showObject(pdf, std::to_string(s.fields ? *s.fields : *s.acroForm));
    static const std::regex ref("(\\d+) 0 R");
    for (std::sregex_iterator it(list.begin(), list.end(), ref), end; it != end; ++it) {
        const int n = std::stoi((*it)[1]);
        const std::string field = showObject(pdf, std::to_string(n));
        for (const auto& name : names) {
            if (field.find("/T (" + name + ")") != std::string::npos) {
                out.insert(n);
            }
        }
    }
    return out;
}

// The update may rewrite only: the page (or its indirect /Annots), the AcroForm (or its
// indirect /Fields), the catalog only when there was no indirect AcroForm to extend, and the
// fields it fills (`filled`).
void requireMinimalUpdate(const Structure& before, const Bytes& update,
                          const std::set<int>& filled = {}) {
    std::set<int> rewritten;
    std::size_t added = 0;
    for (int n : objectsWritten(update)) {
        if (n < before.size) {
            rewritten.insert(n);
        } else {
            ++added;
        }
    }
    std::set<int> allowed{before.page};
    allowed.insert(filled.begin(), filled.end());
    for (int n : filled) {
        INFO("filled field " << n);
        CHECK(rewritten.count(n) == 1);
    }
    for (const auto& o : {before.annots, before.acroForm, before.fields}) {
        if (o) {
            allowed.insert(*o);
        }
    }
    if (!before.acroForm) {
        allowed.insert(before.root);
    }
    for (int n : rewritten) {
        INFO("object " << n << " of an earlier revision was written again");
        CHECK(allowed.count(n) == 1);
    }
    // The widget had to reach the page's /Annots and the field the AcroForm.
    CHECK((rewritten.count(before.page) + (before.annots ? rewritten.count(*before.annots) : 0)) ==
          1);
    if (before.acroForm) {
        CHECK(rewritten.count(before.root) == 0);
        CHECK(rewritten.count(*before.acroForm) +
                  (before.fields ? rewritten.count(*before.fields) : 0) ==
              1);
    } else {
        CHECK(rewritten.count(before.root) == 1);
    }
    // Signature dictionary, field/widget, appearance (and its font or image), cross-reference.
    CHECK(added >= 3);
}

// The CMS of a signature, cut out of its /Contents (DER, without the zero padding).
Bytes cmsOf(const Bytes& file, const json& result) {
    const auto r = rangeOf(result).byteRange;
    const std::string hex(file.begin() + static_cast<std::ptrdiff_t>(r[1]) + 1,
                          file.begin() + static_cast<std::ptrdiff_t>(r[2]) - 1);
    Bytes cms = hexDecode(hex, "cms");
    REQUIRE(cms.size() > 4);
    REQUIRE((cms[0] == 0x30 && (cms[1] & 0x80) != 0));
    std::size_t length = 0;
    const std::size_t count = cms[1] & 0x7Fu;
    for (std::size_t i = 0; i < count; ++i) {
        length = (length << 8) | cms[2 + i];
    }
    cms.resize(2 + count + length);
    return cms;
}

// The base64 body of a PEM certificate, as `openssl pkcs7 -print_certs` prints it.
std::string pemBody(const fs::path& pem) {
    std::string text = pdftest::text(pdftest::readFile(pem));
    const auto begin = text.find('\n', text.find("-----BEGIN")) + 1;
    return text.substr(begin, text.find("-----END") - begin);
}

// Every signature so far, checked by every verifier, as a receiving clerk would (Đ21).
void requireAllValid(const fs::path& file, const std::vector<Revision>& revisions,
                     const pdftest::TempDir& dir) {
    const Bytes bytes = pdftest::readFile(file);
    std::string raw;
    const auto sigs = pdftest::pdfsig(file, &raw);
    INFO("pdfsig: " << raw);
    REQUIRE(sigs.size() == revisions.size());
    for (std::size_t i = 0; i < sigs.size(); ++i) {
        CAPTURE(i);
        CHECK(sigs[i].valid);
        CHECK(sigs[i].trusted);
        CHECK(sigs[i].signer == revisions[i].signer);
        CHECK(sigs[i].totalDocument == (i + 1 == sigs.size()));
    }
    const auto mutool = pdftest::mutoolVerify(file, &raw);
    INFO("mutool: " << raw);
    REQUIRE(mutool.size() == revisions.size());
    for (std::size_t i = 0; i < mutool.size(); ++i) {
        CAPTURE(i);
        CHECK_FALSE(mutool[i].invalid);
        CHECK((i + 1 == mutool.size() ? mutool[i].unchanged : mutool[i].laterEditsOnly));
    }
    const bool qpdfAccepts = pdftest::qpdfCheck(file, &raw);
    INFO("qpdf: " << raw);
    CHECK(qpdfAccepts);
    // What a strict validator sees: every earlier signature at none or form filling.
    pdftest::requireEarlierSignaturesIntact(file, revisions.size());
    const std::string intermediate = pemBody(pdftest::pkiDir() / "intermediate.pem");
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        CAPTURE(i);
        const Bytes& revision = revisions[i].bytes;
        // Earlier revisions are an exact prefix of the file as it is now.
        REQUIRE(revision.size() <= bytes.size());
        CHECK(std::equal(revision.begin(), revision.end(), bytes.begin()));
        // openssl cms over that revision's ByteRange, trusting only the root: the intermediate
        // must come from the CMS itself.
        const auto prefix = dir / ("revision-" + std::to_string(i) + ".pdf");
        pdftest::writeFile(prefix, revision);
        const bool opensslAccepts =
            pdftest::opensslVerify(prefix, rangeOf(revisions[i].result), &raw);
        INFO("openssl cms: " << raw);
        CHECK(opensslAccepts);
        const auto cms = dir / ("cms-" + std::to_string(i) + ".der");
        pdftest::writeFile(cms, cmsOf(revision, revisions[i].result));
        const auto certs =
            pdftest::run("openssl pkcs7 -inform DER -print_certs -in '" + cms.string() + "'");
        CHECK(certs.output.find(intermediate) != std::string::npos);
    }
}

Bytes makeDraft(const pdftest::TempDir& dir, bool objectStreams) {
    const auto made =
        pdftest::run(std::string(KYSO_SOURCE_DIR) + "/tests/pdf-inputs/make-vietnamese-doc.sh '" +
                     dir.path().string() + "'");
    // A missing LibreOffice is a failure, never a skip: scripts/test.sh installs it.
    INFO("apt-get install -y libreoffice-writer-nogui if soffice is missing");
    INFO(made.output);
    REQUIRE(made.status == 0);
    if (!objectStreams) {
        return pdftest::readFile(dir / "cong-van.pdf");
    }
    const auto out = dir / "cong-van-objstm.pdf";
    const auto r = pdftest::run("qpdf --object-streams=generate '" +
                                (dir / "cong-van.pdf").string() + "' '" + out.string() + "'");
    INFO(r.output);
    REQUIRE(r.status == 0);
    const Bytes draft = pdftest::readFile(out);
    REQUIRE(pdftest::text(draft).find("/ObjStm") != std::string::npos);
    return draft;
}

std::vector<Step> workflowSteps() {
    const auto lines = [](const std::string& title, const std::string& name) {
        return json{title, name, "Thời gian ký: theo chữ ký số"};
    };
    return {
        {"lãnh đạo phòng",
         "head-dept-rsa2048",
         "LanhDaoPhong",
         "Đề nghị ban hành",
         {{"page", 1}, {"rect", {40, 170, 190, 50}}}},
        {"lãnh đạo văn phòng",
         "head-office-rsa2048",
         "LanhDaoVanPhong",
         "Kiểm tra thể thức",
         {{"page", 1}, {"rect", {40, 110, 190, 50}}}},
        // The head of agency: the blue handwritten signature over the printed title and name.
        {"lãnh đạo cơ quan",
         "head-agency-rsa2048",
         "LanhDaoCoQuan",
         "Phê duyệt",
         {{"page", 1},
          {"rect", {330, 110, 220, 90}},
          {"lines", lines("GIÁM ĐỐC", "Ngô Quốc Việt")},
          {"image", base64Encode(pdftest::makeSignaturePng(240, 120))}}},
        // The clerk: the organisation's red seal at about real size (36 mm), no text,
        // overlapping the left third of the leader's image (which spans x 330..418).
        {"văn thư",
         "org-rsa2048",
         "VanThu",
         "Phát hành",
         {{"page", 1},
          {"rect", {258, 105, 100, 100}},
          {"lines", json::array()},
          {"image", base64Encode(pdftest::makeSealPng(200))}},
         {{{"field", "SoKyHieu"}, {"value", kNumber}},
          {{"field", "NgayBanHanh"}, {"value", kDate}}}},
    };
}

void runWorkflow(bool objectStreams) {
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);  // inherited by the hosts: signing times in +07:00
    pdftest::TempDir dir;
    Bytes current = makeDraft(dir, objectStreams);
    {
        // Step 1, the specialist's draft: the clerk's empty read-only fields, no token, no PIN.
        test::TestEnv env;
        auto host = env.start();
        const auto before = dir / "draft.pdf";
        pdftest::writeFile(before, current);
        const Structure structure = structureOf(before, 1);
        const auto done = exchange(host, "draft", "preparePdfDraft",
                                   {{"document", {{"$blob", "document"}}},
                                    {"fileName", "du-thao.pdf"},
                                    {"fields", kClerkFields}},
                                   {{"document", current}});
        INFO(done.reply.dump().substr(0, 2000));
        REQUIRE(done.reply["type"] == "result");
        CHECK(done.reply["result"]["fields"] == json{"SoKyHieu", "NgayBanHanh"});
        CHECK(env.dialogs().empty());
        const Bytes next = signedDocument(done, done.reply["result"], current);
        requireMinimalUpdate(
            structure,
            Bytes(next.begin() + static_cast<std::ptrdiff_t>(current.size()), next.end()));
        const auto file = dir / "draft-with-fields.pdf";
        pdftest::writeFile(file, next);
        std::string raw;
        const bool qpdfAccepts = pdftest::qpdfCheck(file, &raw);
        INFO(raw);
        CHECK(qpdfAccepts);
        current = next;
    }
    std::vector<Revision> revisions;
    for (const auto& step : workflowSteps()) {
        INFO("step: " << step.role);
        const auto& who = test::identity(step.identity);
        // Each person signs on their own machine: a host of their own, their token, their PIN.
        test::TestEnv env;
        REQUIRE(env.config.find("chainCertificates") == env.config.end());
        env.script({"pin:" + test::tokenPin(who["token"])});
        auto host = env.start();

        const auto before = dir / "before.pdf";
        pdftest::writeFile(before, current);
        const Structure structure = structureOf(before, 1);
        json params = {{"document", {{"$blob", "document"}}},
                       {"fileName", "cong-van-125.pdf"},
                       {"thumbprint", who["sha256"]},
                       {"fieldName", step.fieldName},
                       {"reason", step.reason},
                       {"location", "Hà Nội"},
                       {"visible", step.visible}};
        std::set<int> filled;
        if (!step.fill.is_null()) {
            params["fill"] = step.fill;
            filled = fieldObjects(before, structure, {"SoKyHieu", "NgayBanHanh"});
            REQUIRE(filled.size() == 2);
        }

        const auto done = exchange(host, "wf", "signPdf", params, {{"document", current}});
        INFO(done.reply.dump().substr(0, 2000));
        REQUIRE(done.reply["type"] == "result");
        const auto& result = done.reply["result"];
        CHECK(result["fieldName"] == step.fieldName);
        const Bytes next = signedDocument(done, result, current);

        // One dialog, asking this person's token for its PIN and naming their certificate.
        const auto dialogs = env.dialogs();
        REQUIRE(dialogs.size() == 1);
        CHECK(dialogs[0]["command"].get<std::string>().rfind("GETPIN", 0) == 0);
        CHECK(dialogs[0]["desc"].get<std::string>().find(who["subjectCN"].get<std::string>()) !=
              std::string::npos);

        requireMinimalUpdate(
            structure,
            Bytes(next.begin() + static_cast<std::ptrdiff_t>(current.size()), next.end()), filled);
        revisions.push_back({next, result, who["subjectCN"]});
        const auto file = dir / ("step-" + std::to_string(revisions.size()) + ".pdf");
        pdftest::writeFile(file, next);
        requireAllValid(file, revisions, dir);
        current = next;
    }

    // What the page shows at the end: the leaders' names in their boxes, the seal over the
    // head of agency's signature (red ink where only the seal is, left of the leader's box).
    const auto last = dir / "issued.pdf";
    pdftest::writeFile(last, current);
    const std::string text = pdftest::pageText(last, 1);
    INFO(text);
    for (const std::string& name : std::vector<std::string>{"Hoàng Văn Phúc", "Đặng Thị Hương",
                                                            "Ngô Quốc Việt", kNumber, kDate}) {
        CHECK(text.find(name) != std::string::npos);
    }
    CHECK(pdftest::nonWhitePixels(last, 1, 262, 842 - 200, 60, 90) > 100);
    CHECK(pdftest::nonWhitePixelsMupdf(last, 1, 262, 842 - 200, 60, 90) > 100);
}

// The source of the newest version of object `number` in `pdf` (objects of a classic file).
std::string newestSource(const Bytes& pdf, int number) {
    const std::string all = pdftest::text(pdf);
    const std::string head = "\n" + std::to_string(number) + " 0 obj";
    const std::size_t at = all.rfind(head);
    return at == std::string::npos ? std::string() : pdftest::objectSource(pdf, at + 1, number);
}

// Every object of an earlier revision the update wrote again keeps every token of its newest
// earlier version except the entries kyso sets (issue 10 §1).
void requireKeptTokens(const Bytes& before, const Bytes& after, const Structure& structure) {
    const Bytes update(after.begin() + static_cast<std::ptrdiff_t>(before.size()), after.end());
    const std::set<std::string> set = {"Annots", "Fields", "SigFlags", "AcroForm", "DR", "V", "AP"};
    std::size_t compared = 0;
    for (int n : objectsWritten(update)) {
        if (n >= structure.size) {
            continue;
        }
        INFO("object " << n);
        const auto old = pdftest::pdfTokens(newestSource(before, n));
        const auto now = pdftest::pdfTokens(pdftest::objectSource(after, before.size(), n));
        REQUIRE(!old.empty());
        CHECK(pdftest::withoutEntries(now, set) == pdftest::withoutEntries(old, set));
        ++compared;
    }
    CHECK(compared >= 1);
    // LibreOffice's page size, with every digit.
    CHECK(pdftest::objectSource(after, before.size(), structure.page)
              .find("595.303937007874 841.889763779528") != std::string::npos);
}

}  // namespace

TEST_CASE("leaders signing on pages 2, 3 and 2 again keep each other's revisions intact",
          "[integration][pdf][workflow]") {
    ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    pdftest::TempDir dir;
    const auto made =
        pdftest::run(std::string(KYSO_SOURCE_DIR) + "/tests/pdf-inputs/make-vietnamese-doc.sh '" +
                     dir.path().string() + "' --annexes");
    INFO(made.output);
    REQUIRE(made.status == 0);
    Bytes current = pdftest::readFile(dir / "cong-van-3-trang.pdf");
    const std::vector<std::tuple<std::string, std::string, int>> steps = {
        {"head-dept-rsa2048", "LanhDaoPhong", 2},
        {"head-office-rsa2048", "LanhDaoVanPhong", 3},
        {"head-agency-rsa2048", "LanhDaoCoQuan", 2}};
    std::vector<Revision> revisions;
    for (const auto& [identity, fieldName, page] : steps) {
        INFO("signer " << fieldName << " on page " << page);
        const auto& who = test::identity(identity);
        test::TestEnv env;
        env.script({"pin:" + test::tokenPin(who["token"])});
        auto host = env.start();
        const auto before = dir / "before.pdf";
        pdftest::writeFile(before, current);
        const Structure structure = structureOf(before, page);
        const auto done = exchange(host, "pages", "signPdf",
                                   {{"document", {{"$blob", "document"}}},
                                    {"fileName", "cong-van.pdf"},
                                    {"thumbprint", who["sha256"]},
                                    {"fieldName", fieldName},
                                    {"visible", {{"page", page}, {"rect", {40, 110, 190, 50}}}}},
                                   {{"document", current}});
        INFO(done.reply.dump().substr(0, 2000));
        REQUIRE(done.reply["type"] == "result");
        const Bytes next = signedDocument(done, done.reply["result"], current);
        requireMinimalUpdate(
            structure,
            Bytes(next.begin() + static_cast<std::ptrdiff_t>(current.size()), next.end()));
        requireKeptTokens(current, next, structure);
        revisions.push_back({next, done.reply["result"], who["subjectCN"]});
        const auto file = dir / ("pages-" + std::to_string(revisions.size()) + ".pdf");
        pdftest::writeFile(file, next);
        requireAllValid(file, revisions, dir);
        current = next;
    }
}

TEST_CASE("the 5-step workflow: 3 leaders then the clerk, each on their own token (classic xref)",
          "[integration][pdf][workflow]") {
    runWorkflow(false);
}

TEST_CASE("the 5-step workflow on an object-stream draft (qpdf --object-streams=generate)",
          "[integration][pdf][workflow]") {
    runWorkflow(true);
}

// The control for the chain check above: the same signature on tokens without the intermediate
// (deleted from a copy of them), still with no chainCertificates, carries the signer's
// certificate alone, and openssl trusting only the root cannot verify it.
TEST_CASE("without the intermediate on a token, the CMS has no chain to embed",
          "[integration][pdf][workflow]") {
    const auto& who = test::identity("head-dept-rsa2048");
    pdftest::TempDir dir;
    const auto tokens = dir / "tokens";
    fs::copy(fs::path(test::fixtures()["dir"].get<std::string>()) / "tokens", tokens,
             fs::copy_options::recursive);
    test::TestEnv env;
    const std::string conf =
        env.writeFile("softhsm2.conf", "directories.tokendir = " + tokens.string() +
                                           "\nobjectstore.backend = file\n");
    const auto& ca = test::fixtures()["caCertificates"][0];
    const auto deleted = pdftest::run(
        "SOFTHSM2_CONF='" + conf + "' pkcs11-tool --module " +
        test::fixtures()["module"].get<std::string>() + " --token-label " +
        ca["token"].get<std::string>() + " --login --pin " + test::tokenPin(ca["token"]) +
        " --delete-object --type cert --id " + ca["id"].get<std::string>());
    INFO(deleted.output);
    REQUIRE(deleted.status == 0);

    env.script({"pin:" + test::tokenPin(who["token"])});
    auto vars = env.env();
    vars["SOFTHSM2_CONF"] = conf;
    test::HostProcess host(vars);
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const auto done = exchange(host, "nochain", "signPdf",
                               {{"document", {{"$blob", "document"}}},
                                {"thumbprint", who["sha256"]},
                                {"fieldName", "LanhDaoPhong"}},
                               {{"document", input}});
    INFO(done.reply.dump().substr(0, 2000));
    REQUIRE(done.reply["type"] == "result");
    const auto& result = done.reply["result"];
    const auto file = dir / "signed.pdf";
    pdftest::writeFile(file, signedDocument(done, result, input));
    const auto cms = dir / "cms.der";
    pdftest::writeFile(cms, cmsOf(pdftest::readFile(file), result));
    const auto certs =
        pdftest::run("openssl pkcs7 -inform DER -print_certs -in '" + cms.string() + "'");
    INFO(certs.output);
    CHECK(certs.output.find(pemBody(pdftest::pkiDir() / "intermediate.pem")) == std::string::npos);
    CHECK(certs.output.find(pemBody(who["cert"].get<std::string>())) != std::string::npos);
    std::string raw;
    CHECK_FALSE(pdftest::opensslVerify(file, rangeOf(result), &raw));
}
