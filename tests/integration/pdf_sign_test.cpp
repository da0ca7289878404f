// signPdf through the real host over pipes, on the SoftHSM tokens with the scripted pinentry;
// every signed document checked by pdfsig, mutool, qpdf and openssl cms.
#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

std::string pinFor(const json& id) {
    return "pin:" + test::tokenPin(id["token"]);
}

fs::path writeOut(const pdftest::TempDir& dir, const std::string& name, const Bytes& data) {
    pdftest::writeFile(dir / name, data);
    return dir / name;
}

}  // namespace

TEST_CASE("signPdf: an invisible RSA signature, document inline, path stripped from the name",
          "[integration][pdf]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));

    const auto done = exchange(host, "s1", "signPdf",
                               {{"document", base64Encode(input)},
                                {"fileName", "C:\\Users\\lan\\..\\Tờ khai\n01.pdf"},
                                {"thumbprint", id["sha256"]},
                                {"reason", "Phê duyệt"},
                                {"location", "Hà Nội"}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    const auto& result = done.reply["result"];
    CHECK(result["fileName"] == "Tờ khai 01.pdf");  // last component, newline made a space
    CHECK(result["level"] == "B-B");
    CHECK(result["fieldName"].get<std::string>().rfind("Signature", 0) == 0);
    CHECK(result["signingTime"].get<std::string>().find("+07:00") != std::string::npos);
    CHECK(result["certificate"].get<std::string>() ==
          base64Encode(test::readBinary(id["certDer"])));

    pdftest::TempDir dir;
    const auto file = writeOut(dir, "signed.pdf", signedDocument(done, result, input));
    requireAllVerifiersAccept(file, result);
    std::string raw;
    CHECK(pdftest::pdfsig(file, &raw).front().signer == "Nguyễn Thị Lấp Lánh Ánh");
    // /Reason "Phê duyệt", as the PDF text string kyso writes (UTF-16BE, hex).
    const auto update = pdftest::text(pdftest::readFile(file));
    CHECK(update.find("/Reason <FEFF0050006800EA0020006400750079") != std::string::npos);

    // Stages in order, and one dialog naming the site and the document.
    std::vector<std::string> stages;
    for (const auto& p : done.progress) {
        stages.push_back(p["stage"]);
    }
    CHECK(stages == std::vector<std::string>{"waiting-for-user", "signing"});
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    const auto desc = dialogs[0]["desc"].get<std::string>();
    CHECK(desc.find("https://dichvucong.kyso.test") != std::string::npos);
    CHECK(desc.find("Tờ khai 01.pdf") != std::string::npos);
    CHECK(desc.find("lan") == std::string::npos);
}

TEST_CASE("signPdf: a visible EC signature with the Vietnamese lines", "[integration][pdf]") {
    const auto& id = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));

    const auto done = exchange(host, "v1", "signPdf",
                               {{"document", {{"$blob", "pdf"}}},
                                {"fileName", "quyet-dinh.pdf"},
                                {"thumbprint", id["sha256"]},
                                {"reason", "Ban hành"},
                                {"location", "Đà Nẵng"},
                                {"visible",
                                 {{"page", 1},
                                  {"rect", {300, 60, 220, 80}},
                                  {"image", base64Encode(pdftest::makeSignaturePng(120, 60))}}}},
                               {{"pdf", input}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    const auto& result = done.reply["result"];
    pdftest::TempDir dir;
    const auto file = writeOut(dir, "signed.pdf", signedDocument(done, result, input));
    requireAllVerifiersAccept(file, result);

    const auto text = pdftest::pageText(file, 1);
    INFO(text);
    CHECK(text.find("Người ký") != std::string::npos);
    CHECK(text.find("Thời gian ký") != std::string::npos);
    CHECK(text.find("+07:00") != std::string::npos);
    CHECK(text.find("Ban hành") != std::string::npos);
    CHECK(text.find("Đà Nẵng") != std::string::npos);
    // Drawn where asked: rect [300, 60, 220, 80] from the lower left of an A4 page (842 high);
    // nonWhitePixels measures from the top left.
    CHECK(pdftest::nonWhitePixels(file, 1, 300, 842 - 140, 220, 80) > 200);
}

TEST_CASE("signPdf: a document over 1 MiB travels in blob frames both ways", "[integration][pdf]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes input = pdfWithPayload(1536 * 1024);

    const auto done = exchange(host, "big", "signPdf",
                               {{"document", {{"$blob", "document"}}},
                                {"fileName", "big.pdf"},
                                {"thumbprint", id["sha256"]}},
                               {{"document", input}});
    INFO(done.reply.dump().substr(0, 2000));
    REQUIRE(done.reply["type"] == "result");
    CHECK(done.blobFramesSent >= 3);
    CHECK(done.blobFramesReceived >= 3);
    pdftest::TempDir dir;
    const auto file =
        writeOut(dir, "signed.pdf", signedDocument(done, done.reply["result"], input));
    requireAllVerifiersAccept(file, done.reply["result"]);
}

TEST_CASE("signPdf: B-T with a time-stamp from the real local TSA", "[integration][pdf][tsa]") {
    const auto& id = test::identity("person-rsa2048");
    LocalTsa tsa;
    test::TestEnv env;
    setUpForVietnam(env);
    env.config["tsaUrl"] = tsa.url();
    env.config["tsaTimeoutSeconds"] = 10;
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));

    const auto done = exchange(
        host, "t1", "signPdf",
        {{"document", base64Encode(input)}, {"thumbprint", id["sha256"]}, {"timestamp", true}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    const auto& result = done.reply["result"];
    CHECK(result["level"] == "B-T");
    CHECK(std::any_of(done.progress.begin(), done.progress.end(),
                      [](const json& p) { return p["stage"] == "timestamping"; }));
    pdftest::TempDir dir;
    const auto file = writeOut(dir, "signed.pdf", signedDocument(done, result, input));
    requireAllVerifiersAccept(file, result);
    std::string raw;
    CHECK(timestampVerifies(file, result, &raw));
    INFO(raw);
}

TEST_CASE("signPdf: a time-stamp that cannot be had fails the signature clearly",
          "[integration][pdf][tsa]") {
    const auto& id = test::identity("person-rsa2048");
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const json params{
        {"document", base64Encode(input)}, {"thumbprint", id["sha256"]}, {"timestamp", true}};

    SECTION("no TSA configured: refused before any dialog") {
        test::TestEnv env;
        setUpForVietnam(env);
        auto host = env.start();
        const auto done = exchange(host, "n1", "signPdf", params);
        CHECK(done.reply["error"]["code"] == "TSA_UNAVAILABLE");
        CHECK(env.dialogs().empty());
    }
    SECTION("the TSA does not answer: no document comes back") {
        test::TestEnv env;
        setUpForVietnam(env);
        env.config["tsaUrl"] = "http://127.0.0.1:9/tsa";  // discard port: nobody listens
        env.config["tsaTimeoutSeconds"] = 2;
        env.script({pinFor(id)});
        auto host = env.start();
        const auto done = exchange(host, "n2", "signPdf", params);
        INFO(done.reply.dump());
        CHECK(done.reply["error"]["code"] == "TSA_UNAVAILABLE");
        CHECK(done.blobs.empty());
        CHECK(env.dialogs().size() == 1);
    }
}

TEST_CASE("signPdf: two signers one after the other, both signatures stay valid",
          "[integration][pdf]") {
    const auto& first = test::identity("person-rsa2048");
    const auto& second = test::identity("org-ec256");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(first), pinFor(second)});
    auto host = env.start();
    const Bytes input = pdftest::readFile(pdftest::inputPdf("objstm.pdf"));

    const auto one = exchange(host, "a", "signPdf",
                              {{"document", base64Encode(input)}, {"thumbprint", first["sha256"]}});
    REQUIRE(one.reply["type"] == "result");
    const Bytes once = signedDocument(one, one.reply["result"], input);
    const auto two = exchange(host, "b", "signPdf",
                              {{"document", base64Encode(once)},
                               {"thumbprint", second["sha256"]},
                               {"visible", {{"corner", "top-right"}, {"page", -1}}}});
    INFO(two.reply.dump());
    REQUIRE(two.reply["type"] == "result");
    CHECK(two.reply["result"]["fieldName"] != one.reply["result"]["fieldName"]);
    pdftest::TempDir dir;
    const auto file = writeOut(dir, "twice.pdf", signedDocument(two, two.reply["result"], once));
    requireAllVerifiersAccept(file, two.reply["result"], 2);
    const auto mutool = pdftest::mutoolVerify(file);
    REQUIRE(mutool.size() == 2);
    CHECK(mutool[0].laterEditsOnly);  // the first signer's revision, then a signature added
    pdftest::requireEarlierSignaturesIntact(file, 2);
}

TEST_CASE("signPdf: bad documents are refused before any dialog", "[integration][pdf]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    auto host = env.start();

    const auto encrypted =
        exchange(host, "e", "signPdf",
                 {{"document", base64Encode(pdftest::readFile(pdftest::inputPdf("encrypted.pdf")))},
                  {"thumbprint", id["sha256"]}});
    CHECK(encrypted.reply["error"]["code"] == "ENCRYPTED_PDF");

    const std::string junk = "%PDF-1.7\nthis is not a PDF at all";
    const auto broken = exchange(host, "j", "signPdf",
                                 {{"document", base64Encode(Bytes(junk.begin(), junk.end()))},
                                  {"thumbprint", id["sha256"]}});
    CHECK(broken.reply["error"]["code"] == "INVALID_PDF");

    // A failure inside the PDF module comes back with its details: it crosses the module's
    // boundary as data (pdf/engine_table.hpp), not as an exception.
    const Bytes certified = pdftest::buildPdf(
        {"<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 4 0 R >> >>",
         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
         "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Reference "
         "[<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams "
         "/P 1 /V /1.2 >> >>] >>"},
        "/Root 1 0 R");
    const auto locked =
        exchange(host, "l", "signPdf",
                 {{"document", base64Encode(certified)}, {"thumbprint", id["sha256"]}});
    INFO(locked.reply.dump());
    CHECK(locked.reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(locked.reply["error"]["reason"] == "certifiedNoChanges");
    CHECK(locked.reply["error"]["detail"].get<std::string>().find("DocMDP") != std::string::npos);

    const auto expired =
        exchange(host, "x", "signPdf",
                 {{"document", base64Encode(pdftest::readFile(pdftest::inputPdf("simple.pdf")))},
                  {"thumbprint", test::identity("expired-rsa2048")["sha256"]}});
    INFO(expired.reply.dump());
    CHECK(expired.reply["error"]["code"] == "CERTIFICATE_EXPIRED");
    CHECK(expired.reply["error"]["expired"] == true);
    CHECK(expired.reply["error"]["notAfter"].is_string());

    const auto badRect =
        exchange(host, "r", "signPdf",
                 {{"document", base64Encode(pdftest::readFile(pdftest::inputPdf("simple.pdf")))},
                  {"thumbprint", id["sha256"]},
                  {"visible", {{"rect", {10, 10, -5, 20}}}}});
    CHECK(badRect.reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(badRect.reply["error"]["field"] == "params.visible.rect[2]");

    CHECK(env.dialogs().empty());
}

TEST_CASE("signPdf: the user cancels, nothing is signed or sent", "[integration][pdf]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({"cancel"});
    auto host = env.start();
    const auto done =
        exchange(host, "c", "signPdf",
                 {{"document", base64Encode(pdftest::readFile(pdftest::inputPdf("simple.pdf")))},
                  {"thumbprint", id["sha256"]}});
    CHECK(done.reply["error"]["code"] == "USER_CANCELLED");
    CHECK(done.blobFramesReceived == 0);
    CHECK(env.dialogs().size() == 1);
}

// Not run by default (tag [.]): kyso-integration-tests "[timing]" reports how long a 20 MB
// document takes through the host, blobs both ways, dialog and token signature included.
TEST_CASE("signPdf: timing of a 20 MB document", "[.][timing][pdf]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({pinFor(id)});
    auto host = env.start();
    const Bytes input = pdfWithPayload(20 * 1024 * 1024);
    const auto start = std::chrono::steady_clock::now();
    const auto done = exchange(host, "t20", "signPdf",
                               {{"document", {{"$blob", "document"}}},
                                {"fileName", "20mb.pdf"},
                                {"thumbprint", id["sha256"]}},
                               {{"document", input}});
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    REQUIRE(done.reply["type"] == "result");
    WARN("20 MB signPdf round trip: " << took.count() << " ms (" << done.blobFramesSent
                                      << " blob frames in, " << done.blobFramesReceived << " out)");
    pdftest::TempDir dir;
    const auto file =
        writeOut(dir, "signed.pdf", signedDocument(done, done.reply["result"], input));
    requireAllVerifiersAccept(file, done.reply["result"]);
}
