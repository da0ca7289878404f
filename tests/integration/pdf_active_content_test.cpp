// Scripts and actions in a PDF through the real host: the PIN dialog warns and names them
// (signPdf, and signPdfBatch for the documents that have them), a plain document gets no
// warning, and refuseActiveContent (IT policy or the user's own file) refuses such documents
// with DOCUMENT_REFUSED before any dialog, leaving the rest of a batch and the input alone.
#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

// A one-page PDF whose catalog and page carry `catalogExtra` and `pageExtra`.
Bytes onePage(const std::string& catalogExtra, const std::string& pageExtra = "",
              const std::vector<std::string>& more = {}) {
    std::vector<std::string> bodies = {
        "<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + pageExtra + " >>"};
    bodies.insert(bodies.end(), more.begin(), more.end());
    return pdftest::buildPdf(bodies, "/Root 1 0 R");
}

// JavaScript run on opening, and a link that launches a program.
Bytes scriptAndLaunch() {
    return onePage("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", "/Annots [4 0 R]",
                   {"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
                    "/A << /S /Launch /F (cmd.exe) >> >>"});
}

// A form whose submit button sends its data away.
Bytes submitForm() {
    return onePage("/AcroForm << /Fields [4 0 R] >>", "/Annots [4 0 R]",
                   {"<< /FT /Btn /Ff 65536 /T (gui) /Subtype /Widget /Rect [0 0 50 20] /P 3 0 R "
                    "/A << /S /SubmitForm /F (https://thu-thap.test/) >> >>"});
}

std::string pinFor(const json& id) {
    return "pin:" + test::tokenPin(id["token"]);
}

std::string onlyDialog(const test::TestEnv& env) {
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    return dialogs[0]["desc"].get<std::string>();
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("signPdf: the dialog warns of JavaScript and Launch, and signs when the user agrees",
          "[integration][pdf][active]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes input = scriptAndLaunch();

    const auto done = exchange(host, "a1", "signPdf",
                               {{"document", base64Encode(input)},
                                {"fileName", "to-trinh.pdf"},
                                {"thumbprint", id["sha256"]}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    CHECK(done.reply["result"]["activeContent"] == json::array({"JavaScript", "Launch"}));
    pdftest::TempDir dir;
    pdftest::writeFile(dir / "signed.pdf", signedDocument(done, done.reply["result"], input));
    requireAllVerifiersAccept(dir / "signed.pdf", done.reply["result"]);

    const std::string desc = onlyDialog(env);
    INFO(desc);
    CHECK(has(desc, "to-trinh.pdf"));
    CHECK(has(desc,
              "⚠ Tài liệu có chứa mã lệnh hoặc hành động tự động: JavaScript, mở chương "
              "trình (Launch)."));
}

TEST_CASE("signPdf: a plain document and one with only links get no warning",
          "[integration][pdf][active]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id), pinFor(id)});
    auto host = env.start();
    const Bytes plain = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const Bytes linked = onePage("/OpenAction [3 0 R /Fit]", "/Annots [4 0 R]",
                                 {"<< /Subtype /Link /Rect [0 0 9 9] "
                                  "/A << /S /URI /URI (https://dichvucong.gov.vn/) >> >>"});
    for (const Bytes* input : {&plain, &linked}) {
        const auto done =
            exchange(host, "p", "signPdf",
                     {{"document", base64Encode(*input)}, {"thumbprint", id["sha256"]}});
        INFO(done.reply.dump());
        REQUIRE(done.reply["type"] == "result");
        CHECK_FALSE(done.reply["result"].contains("activeContent"));
    }
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 2);
    for (const auto& dialog : dialogs) {
        const auto desc = dialog["desc"].get<std::string>();
        INFO(desc);
        CHECK_FALSE(has(desc, "⚠"));
        CHECK_FALSE(has(desc, "mã lệnh"));
    }
}

TEST_CASE("signPdfBatch: one warning names the documents with scripts or actions",
          "[integration][pdf][batch][active]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes plain = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const Bytes scripted = scriptAndLaunch();
    const Bytes form = submitForm();

    const auto done =
        exchange(host, "b1", "signPdfBatch",
                 {{"items",
                   {{{"document", base64Encode(plain)}, {"fileName", "sach.pdf"}},
                    {{"document", base64Encode(scripted)}, {"fileName", "co-ma.pdf"}},
                    {{"document", base64Encode(form)}, {"fileName", "bieu-mau.pdf"}}}},
                  {"thumbprint", id["sha256"]}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    const auto& documents = done.reply["result"]["documents"];
    CHECK(done.reply["result"]["signed"] == 3);
    CHECK_FALSE(documents[0].contains("activeContent"));
    CHECK(documents[1]["activeContent"] == json::array({"JavaScript", "Launch"}));
    CHECK(documents[2]["activeContent"] == json::array({"SubmitForm"}));

    const std::string desc = onlyDialog(env);
    INFO(desc);
    CHECK(has(desc,
              "⚠ 2 tài liệu có chứa mã lệnh hoặc hành động tự động (JavaScript, mở "
              "chương trình (Launch), gửi dữ liệu biểu mẫu đi (SubmitForm)): co-ma.pdf, "
              "bieu-mau.pdf."));
}

TEST_CASE("refuseActiveContent in IT policy: DOCUMENT_REFUSED before any dialog",
          "[integration][pdf][batch][active]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.policy["refuseActiveContent"] = true;
    env.config["refuseActiveContent"] = false;  // the user's file cannot undo IT's switch
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes scripted = scriptAndLaunch();

    const auto refused =
        exchange(host, "r1", "signPdf",
                 {{"document", base64Encode(scripted)}, {"thumbprint", id["sha256"]}});
    INFO(refused.reply.dump());
    REQUIRE(refused.reply["type"] == "error");
    CHECK(refused.reply["error"]["code"] == "DOCUMENT_REFUSED");
    CHECK(refused.reply["error"]["activeContent"] == json::array({"JavaScript", "Launch"}));
    CHECK(refused.blobs.empty());
    CHECK(env.dialogs().empty());

    // In a batch the refused entry fails alone; the dialog lists only what is signed, and
    // warns of nothing.
    const Bytes plain = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const auto batch =
        exchange(host, "r2", "signPdfBatch",
                 {{"items",
                   {{{"document", base64Encode(scripted)}, {"fileName", "co-ma.pdf"}},
                    {{"document", base64Encode(plain)}, {"fileName", "sach.pdf"}}}},
                  {"thumbprint", id["sha256"]}});
    INFO(batch.reply.dump());
    REQUIRE(batch.reply["type"] == "result");
    const auto& documents = batch.reply["result"]["documents"];
    CHECK(batch.reply["result"]["signed"] == 1);
    CHECK(documents[0]["error"]["code"] == "DOCUMENT_REFUSED");
    CHECK(documents[0]["error"]["activeContent"] == json::array({"JavaScript", "Launch"}));
    CHECK(documents[1]["document"]["$blob"] == "document-1");
    const std::string desc = onlyDialog(env);
    INFO(desc);
    CHECK(has(desc, "sach.pdf"));
    CHECK_FALSE(has(desc, "co-ma.pdf"));
    CHECK_FALSE(has(desc, "⚠"));
}

TEST_CASE("refuseActiveContent in the user's own file narrows too; the CLI leaves the file",
          "[integration][pdf][cli][active]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.config["refuseActiveContent"] = true;
    pdftest::TempDir dir;
    const auto file = dir / "bieu-mau.pdf";
    pdftest::writeFile(file, submitForm());
    const Bytes before = pdftest::readFile(file);

    std::string command = "printf '%s\\n' '" + test::tokenPin(id["token"]) + "' | ";
    for (const auto& [key, value] : env.env()) {
        command += key + "='" + value + "' ";
    }
    std::string output;
    CHECK(test::run(command + KYSO_HOST_BINARY + " --pin-stdin sign-pdf --in-place --in '" +
                        file.string() + "' --cert " + id["sha256"].get<std::string>(),
                    &output) != 0);
    INFO(output);
    CHECK(has(output, "DOCUMENT_REFUSED"));
    CHECK(has(output, "SubmitForm"));
    CHECK(pdftest::readFile(file) == before);
    CHECK(env.dialogs().empty());
}
