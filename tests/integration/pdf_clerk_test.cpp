// The clerk's step through the real host over pipes (preparePdfDraft, signPdf with fill and
// copyMark) and the CLI (prepare-draft, sign-pdf --fill/--copy-mark), on the SoftHSM tokens:
// the organisation's certificate (org-ec256 on kyso-to-chuc) fills the number and date that a
// leader's signature left empty, and every signature is checked by pdfsig, mutool, qpdf and
// openssl cms; the dialog must show the values added.
#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

const std::string kNumber = "125/QĐ-UBND";
const std::string kDate = "Hà Nội, ngày 23 tháng 11 năm 2026";

std::string pinFor(const json& id) {
    return "pin:" + test::tokenPin(id["token"]);
}

json draftFields() {
    return json::array({{{"name", "SoKyHieu"}, {"page", 1}, {"rect", {60, 760, 180, 22}}},
                        {{"name", "NgayBanHanh"},
                         {"page", 1},
                         {"rect", {290, 760, 270, 22}},
                         {"fontSize", 12},
                         {"align", "right"}}});
}

json clerkFill() {
    return json::array({{{"field", "SoKyHieu"}, {"value", kNumber}},
                        {{"field", "NgayBanHanh"}, {"value", kDate}}});
}

std::string errorField(const Exchange& done) {
    return done.reply["error"].value("field", std::string());
}

}  // namespace

TEST_CASE("preparePdfDraft, a leader, then the clerk fills and signs with the organisation's key",
          "[integration][pdf][clerk]") {
    const auto& leader = test::identity("person-rsa2048");
    const auto& org = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(leader), pinFor(org)});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    pdftest::TempDir dir;

    // Step 1: the draft. No token and no dialog.
    const auto drafted = exchange(host, "d1", "preparePdfDraft",
                                  {{"document", {{"$blob", "document"}}},
                                   {"fileName", "Quyết định.pdf"},
                                   {"fields", draftFields()}},
                                  {{"document", input}});
    INFO(drafted.reply.dump());
    REQUIRE(drafted.reply["type"] == "result");
    CHECK(drafted.reply["result"]["fields"] == json::array({"SoKyHieu", "NgayBanHanh"}));
    CHECK(drafted.reply["result"]["fileName"] == "Quyết định.pdf");
    const Bytes draft = signedDocument(drafted, drafted.reply["result"], input);
    CHECK(env.dialogs().empty());
    CHECK(pdftest::text(draft).find("/FT /Tx /T (SoKyHieu) /Ff 1") != std::string::npos);
    pdftest::writeFile(dir / "draft.pdf", draft);
    CHECK(pdftest::qpdfCheck(dir / "draft.pdf"));

    // A leader signs the draft.
    const auto led = exchange(host, "l1", "signPdf",
                              {{"document", {{"$blob", "document"}}},
                               {"thumbprint", leader["sha256"]},
                               {"reason", "Phê duyệt"}},
                              {{"document", draft}});
    REQUIRE(led.reply["type"] == "result");
    const Bytes leaderSigned = signedDocument(led, led.reply["result"], draft);

    // The clerk: the number and date in the organisation signature's own revision.
    const auto issued = exchange(host, "c1", "signPdf",
                                 {{"document", {{"$blob", "document"}}},
                                  {"fileName", "Quyết định.pdf"},
                                  {"thumbprint", org["sha256"]},
                                  {"reason", "Phát hành"},
                                  {"fill", clerkFill()}},
                                 {{"document", leaderSigned}});
    INFO(issued.reply.dump());
    REQUIRE(issued.reply["type"] == "result");
    const auto& result = issued.reply["result"];
    CHECK(result["fill"] == json::array({{{"field", "SoKyHieu"}, {"as", "field"}},
                                         {{"field", "NgayBanHanh"}, {"as", "field"}}}));
    const auto file = dir / "issued.pdf";
    pdftest::writeFile(file, signedDocument(issued, result, leaderSigned));
    requireAllVerifiersAccept(file, result, 2);
    pdftest::requireEarlierSignaturesIntact(file, 2);
    const auto mu = pdftest::mutoolVerify(file);
    REQUIRE(mu.size() == 2);
    CHECK(mu[0].laterEditsOnly);
    CHECK(mu[1].unchanged);
    const std::string text = pdftest::pageText(file, 1);
    CHECK(text.find(kNumber) != std::string::npos);
    CHECK(text.find(kDate) != std::string::npos);
    CHECK(pdftest::nonWhitePixels(file, 1, 60, 60, 180, 22) > 50);

    // The clerk's dialog said what is being added.
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 2);
    const auto desc = dialogs[1]["desc"].get<std::string>();
    INFO(desc);
    CHECK(desc.find("SoKyHieu: 125/QĐ-UBND") != std::string::npos);
    CHECK(desc.find("NgayBanHanh: " + kDate) != std::string::npos);
    CHECK(dialogs[0]["desc"].get<std::string>().find("SoKyHieu") == std::string::npos);
}

TEST_CASE("signPdfBatch: attachments with the copy mark, one dialog", "[integration][pdf][clerk]") {
    const auto& org = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(org)});
    auto host = env.start();
    const Bytes a = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const Bytes b = pdftest::readFile(pdftest::inputPdf("objstm.pdf"));
    const auto done =
        exchange(host, "b1", "signPdfBatch",
                 {{"items",
                   {{{"document", {{"$blob", "d0"}}}, {"fileName", "phu-luc-1.pdf"}},
                    {{"document", {{"$blob", "d1"}}}, {"fileName", "phu-luc-2.pdf"}}}},
                  {"thumbprint", org["sha256"]},
                  {"copyMark", {{"lines", {"PHỤ LỤC", "Văn phòng UBND tỉnh Kyso"}}}}},
                 {{"d0", a}, {"d1", b}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    REQUIRE(done.reply["result"]["signed"] == 2);
    pdftest::TempDir dir;
    const Bytes* inputs[] = {&a, &b};
    for (int i = 0; i < 2; ++i) {
        const auto& entry = done.reply["result"]["documents"][i];
        const auto file = dir / ("copy" + std::to_string(i) + ".pdf");
        pdftest::writeFile(file, signedDocument(done, entry, *inputs[i]));
        requireAllVerifiersAccept(file, entry);
        const std::string text = pdftest::pageText(file, 1);
        CHECK(text.find("PHỤ LỤC") != std::string::npos);
        CHECK(text.find(entry["signingTime"].get<std::string>()) != std::string::npos);
        // Top right of the A4 page: ink there, the rest of the top edge blank.
        CHECK(pdftest::nonWhitePixels(file, 1, 505, 20, 70, 30) > 100);
        CHECK(pdftest::nonWhitePixels(file, 1, 20, 20, 300, 30) == 0);
    }
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK(dialogs[0]["desc"].get<std::string>().find("PHỤ LỤC / Văn phòng UBND tỉnh Kyso") !=
          std::string::npos);
}

TEST_CASE("the clerk's parameters are checked before any dialog", "[integration][pdf][clerk]") {
    const auto& org = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const auto sign = [&](const std::string& id, json extra) {
        json params = {{"document", base64Encode(input)}, {"thumbprint", org["sha256"]}};
        params.update(extra);
        return exchange(host, id, "signPdf", params);
    };
    const auto noField = sign("e1", {{"fill", {{{"field", "SoKyHieu"}, {"value", kNumber}}}}});
    CHECK(noField.reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(noField.reply["error"]["reason"] == "noSuchField");
    CHECK(errorField(sign("e2", {{"fill", {{{"field", "A"}, {"value", "x\ny"}}}}})) ==
          "params.fill[0].value");
    CHECK(errorField(
              sign("e3", {{"fill", {{{"field", "A"}, {"value", "x"}, {"rect", {1, 2, 3}}}}}})) ==
          "params.fill[0].rect");
    CHECK(errorField(sign("e4", {{"fill", json::array({{{"field", "A"}, {"value", "1"}},
                                                       {{"field", "A"}, {"value", "2"}}})}})) ==
          "params.fill[1].field");
    json many = json::array();
    for (int i = 0; i < 21; ++i) {
        many.push_back({{"field", "F" + std::to_string(i)}, {"value", "x"}});
    }
    CHECK(errorField(sign("e5", {{"fill", many}})) == "params.fill");
    CHECK(
        errorField(sign("e6", {{"fill", {{{"field", "A"}, {"value", std::string(700, 'x')}}}}})) ==
        "params.fill");  // more than the dialog can show
    CHECK(errorField(sign("e7", {{"copyMark", {{"lines", {"SAO Y"}}}},
                                 {"visible", {{"corner", "top-right"}}}})) == "params.copyMark");
    CHECK(errorField(sign("e8", {{"copyMark", {{"lines", json::array()}}}})) ==
          "params.copyMark.lines");
    CHECK(errorField(sign("e9", {{"visible", {{"rect", {1, 2, 3, "x"}}}}})) ==
          "params.visible.rect[3]");

    const auto draft = [&](const std::string& id, json fields) {
        return exchange(host, id, "preparePdfDraft",
                        {{"document", base64Encode(input)}, {"fields", fields}});
    };
    CHECK(errorField(draft("f1", json::array())) == "params.fields");
    CHECK(errorField(draft("f2", {{{"name", "A.B"}, {"rect", {1, 2, 3, 4}}}})) ==
          "params.fields[0].name");
    CHECK(errorField(draft("f3", {{{"name", "A"}}})) == "params.fields[0]");
    CHECK(
        errorField(draft("f4", {{{"name", "A"}, {"rect", {1, 2, 3, 4}}, {"align", "justify"}}})) ==
        "params.fields[0].align");
    const auto badPage = draft("f5", {{{"name", "A"}, {"page", 9}, {"rect", {1, 2, 3, 4}}}});
    CHECK(badPage.reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(env.dialogs().empty());
}

TEST_CASE("preparePdfDraft needs an allowed origin", "[integration][pdf][clerk]") {
    test::TestEnv env;
    env.config["deniedOrigins"] = json::array({"https://evil.kyso.test"});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const json params = {{"document", base64Encode(input)},
                         {"fields", {{{"name", "A"}, {"rect", {1, 2, 3, 4}}}}}};
    CHECK(host.call("preparePdfDraft", params, "https://evil.kyso.test")["error"]["code"] ==
          "ORIGIN_NOT_ALLOWED");
    CHECK(host.call("preparePdfDraft", params, "http://plain.kyso.test")["error"]["code"] ==
          "ORIGIN_NOT_ALLOWED");
    CHECK(exchange(host, "o3", "preparePdfDraft", params).reply["type"] == "result");
}

TEST_CASE("CLI: prepare-draft, then sign-pdf --fill and --copy-mark", "[integration][pdf][clerk]") {
    const auto& org = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    pdftest::TempDir dir;
    std::string prefix = "TZ=Asia/Ho_Chi_Minh ";
    for (const auto& [key, value] : env.env()) {
        prefix += key + "='" + value + "' ";
    }
    const std::string host = prefix + KYSO_HOST_BINARY;
    const auto in = dir / "to-trinh.pdf";
    fs::copy_file(pdftest::inputPdf("objstm.pdf"), in);
    const auto draft = dir / "draft.pdf";
    std::string output;
    REQUIRE(test::run(host + " prepare-draft --in " + in.string() + " --out " + draft.string() +
                          " --field SoKyHieu=1,60,760,180,22 --field "
                          "NgayBanHanh=1,290,760,270,22,12,right",
                      &output) == 0);
    INFO(output);
    CHECK(pdftest::qpdfCheck(draft));
    CHECK(pdftest::text(pdftest::readFile(draft)).find("/Q 2") != std::string::npos);

    const auto issued = dir / "issued.pdf";
    const std::string pin = test::tokenPin(org["token"]);
    REQUIRE(test::run("printf '%s\\n' " + pin + " | " + host + " --pin-stdin sign-pdf --in " +
                          draft.string() + " --out " + issued.string() + " --cert " +
                          org["sha256"].get<std::string>() + " --fill 'SoKyHieu=" + kNumber +
                          "' --fill 'NgayBanHanh=" + kDate +
                          "' --fill 'Ghi=Bản chính' --fill-at "
                          "Ghi=1,60,40,200,20 --copy-mark 'VĂN BẢN ĐIỆN TỬ'",
                      &output) == 0);
    const json result = json::parse(output.substr(output.find('{')));
    CHECK(result["fill"][2]["as"] == "stamp");
    requireAllVerifiersAccept(issued, result);
    const std::string text = pdftest::pageText(issued, 1);
    CHECK(text.find(kNumber) != std::string::npos);
    CHECK(text.find(kDate) != std::string::npos);
    CHECK(text.find("Bản chính") != std::string::npos);
    CHECK(text.find("VĂN BẢN ĐIỆN TỬ") != std::string::npos);

    // Bad command lines exit 2 before anything is read.
    CHECK(test::run(host + " prepare-draft --in " + in.string() + " --out " +
                        (dir / "x.pdf").string() + " --field SoKyHieu=1,2,3",
                    &output) == 2);
    CHECK(test::run(host + " sign-pdf --in " + in.string() + " --out " + (dir / "y.pdf").string() +
                        " --cert ab --fill-at A=1,2,3,4,5",
                    &output) == 2);
}

TEST_CASE("signPdfBatch with fill: a document without the fields gets its own error",
          "[integration][pdf][clerk]") {
    const auto& org = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(org)});
    auto host = env.start();
    const Bytes plain = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const auto drafted = exchange(host, "d1", "preparePdfDraft",
                                  {{"document", base64Encode(plain)}, {"fields", draftFields()}});
    REQUIRE(drafted.reply["type"] == "result");
    const Bytes draft = signedDocument(drafted, drafted.reply["result"], plain);

    const auto done = exchange(host, "b1", "signPdfBatch",
                               {{"items",
                                 {{{"document", {{"$blob", "d0"}}}, {"fileName", "qd-125.pdf"}},
                                  {{"document", {{"$blob", "d1"}}}, {"fileName", "khong-o.pdf"}}}},
                                {"thumbprint", org["sha256"]},
                                {"fill", clerkFill()}},
                               {{"d0", draft}, {"d1", plain}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    const auto& documents = done.reply["result"]["documents"];
    CHECK(done.reply["result"]["signed"] == 1);
    CHECK(documents[1]["error"]["code"] == "INVALID_REQUEST");
    CHECK(documents[1]["error"]["reason"] == "noSuchField");
    pdftest::TempDir dir;
    const auto file = dir / "qd-125.pdf";
    pdftest::writeFile(file, signedDocument(done, documents[0], draft));
    requireAllVerifiersAccept(file, documents[0]);
    CHECK(pdftest::pageText(file, 1).find(kNumber) != std::string::npos);
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    const auto desc = dialogs[0]["desc"].get<std::string>();
    CHECK(desc.find("qd-125.pdf") != std::string::npos);
    CHECK(desc.find("khong-o.pdf") == std::string::npos);
    CHECK(desc.find("SoKyHieu: 125/QĐ-UBND") != std::string::npos);
}
