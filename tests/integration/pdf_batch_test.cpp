// signPdfBatch through the real host: one dialog, one PIN, per-document results.
#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

TEST_CASE("signPdfBatch: 3 documents, the broken middle one fails alone, one PIN",
          "[integration][pdf][batch]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({"pin:" + test::tokenPin(id["token"])});
    auto host = env.start();
    const Bytes first = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    const std::string junk = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n%%EOF\n";
    const Bytes third = pdftest::readFile(pdftest::inputPdf("linearized.pdf"));

    const auto done = exchange(
        host, "batch", "signPdfBatch",
        {{"items",
          {{{"document", {{"$blob", "a"}}}, {"fileName", "to-trinh.pdf"}},
           {{"document", base64Encode(Bytes(junk.begin(), junk.end()))}, {"fileName", "hong.pdf"}},
           {{"document", {{"$blob", "c"}}}, {"fileName", "bien-ban.pdf"}}}},
         {"thumbprint", id["sha256"]},
         {"reason", "Ký duyệt"},
         {"visible", {{"corner", "bottom-right"}}}},
        {{"a", first}, {"c", third}});
    INFO(done.reply.dump());
    REQUIRE(done.reply["type"] == "result");
    const auto& result = done.reply["result"];
    CHECK(result["signed"] == 2);
    CHECK(result["failed"] == 1);
    const auto& documents = result["documents"];
    REQUIRE(documents.size() == 3);
    CHECK(documents[1]["error"]["code"] == "INVALID_PDF");
    CHECK(documents[1]["fileName"] == "hong.pdf");
    CHECK_FALSE(documents[1].contains("document"));
    CHECK(done.blobs.count("document-1") == 0);

    pdftest::TempDir dir;
    const Bytes* inputs[] = {&first, nullptr, &third};
    for (std::size_t i : {0U, 2U}) {
        INFO("document " << i);
        CHECK(documents[i]["index"] == i);
        CHECK(documents[i]["document"]["$blob"] == "document-" + std::to_string(i));
        const auto file = dir / ("signed-" + std::to_string(i) + ".pdf");
        pdftest::writeFile(file, signedDocument(done, documents[i], *inputs[i]));
        requireAllVerifiersAccept(file, documents[i]);
        CHECK(pdftest::pageText(file, 1).find("Ký duyệt") != std::string::npos);
    }

    // One dialog for the batch, listing the two documents that can be signed.
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    const auto desc = dialogs[0]["desc"].get<std::string>();
    CHECK(desc.find("to-trinh.pdf") != std::string::npos);
    CHECK(desc.find("bien-ban.pdf") != std::string::npos);
    CHECK(desc.find("hong.pdf") == std::string::npos);

    std::vector<int> counted;
    for (const auto& p : done.progress) {
        if (p["stage"] == "document") {
            CHECK(p["total"] == 3);
            counted.push_back(p["done"]);
        }
    }
    CHECK(counted == std::vector<int>{1, 2, 3});
}

TEST_CASE("signPdfBatch: nothing signable means no dialog; a malformed item fails the request",
          "[integration][pdf][batch]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    auto host = env.start();
    const auto encrypted = base64Encode(pdftest::readFile(pdftest::inputPdf("encrypted.pdf")));

    const auto none = exchange(host, "n", "signPdfBatch",
                               {{"items", {{{"document", encrypted}, {"fileName", "a.pdf"}}}},
                                {"thumbprint", id["sha256"]}});
    INFO(none.reply.dump());
    REQUIRE(none.reply["type"] == "result");
    CHECK(none.reply["result"]["signed"] == 0);
    CHECK(none.reply["result"]["documents"][0]["error"]["code"] == "ENCRYPTED_PDF");

    const auto malformed = exchange(host, "m", "signPdfBatch",
                                    {{"items", {{{"document", encrypted}}, {{"fileName", "b"}}}},
                                     {"thumbprint", id["sha256"]}});
    CHECK(malformed.reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(malformed.reply["error"]["field"] == "params.items[1]");
    CHECK(env.dialogs().empty());
}
