// kyso-host sign-pdf: the CLI writes atomically, never touches its input unless --in-place.
#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

// Runs kyso-host with the env's configuration; `pin` goes to stdin for --pin-stdin.
int signPdfCli(const test::TestEnv& env, const std::string& args, const std::string& pin,
               std::string* output) {
    std::string command = "printf '%s\\n' '" + pin + "' | TZ=Asia/Ho_Chi_Minh ";
    for (const auto& [key, value] : env.env()) {
        command += key + "='" + value + "' ";
    }
    return test::run(command + KYSO_HOST_BINARY + " --pin-stdin sign-pdf " + args, output);
}

json lastJson(const std::string& output) {
    return json::parse(output.substr(output.find('{')));
}

}  // namespace

TEST_CASE("CLI sign-pdf: a signed copy, written atomically, input unchanged",
          "[integration][pdf][cli]") {
    const auto& id = test::identity("person-rsa2048");
    const std::string pin = test::tokenPin(id["token"]);
    const std::string cert = id["sha256"];
    test::TestEnv env;
    setUpForVietnam(env);
    pdftest::TempDir dir;
    const auto in = dir / "hop dong.pdf";
    fs::copy_file(pdftest::inputPdf("simple.pdf"), in);
    const Bytes before = pdftest::readFile(in);
    const auto out = dir / "hop-dong.signed.pdf";  // verifier helpers do not quote paths
    const std::string quoted = "--in '" + in.string() + "' --out '" + out.string() + "'";

    std::string output;
    REQUIRE(signPdfCli(env,
                       quoted + " --cert " + cert +
                           " --visible 1,300,60,220,80 --reason 'Đồng ý' --location 'Huế'",
                       pin, &output) == 0);
    INFO(output);
    const auto result = lastJson(output);
    CHECK(result["output"] == out.string());
    CHECK(pdftest::readFile(in) == before);
    const Bytes signedBytes = pdftest::readFile(out);
    CHECK(result["size"] == signedBytes.size());
    CHECK(std::equal(before.begin(), before.end(), signedBytes.begin()));
    requireAllVerifiersAccept(out, result);
    CHECK(pdftest::pageText(out, 1).find("Người ký") != std::string::npos);
    // No temporary file left next to the output.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 2);

    SECTION("a failure leaves no output and the input as it was") {
        const auto failed = dir / "failed.pdf";
        CHECK(signPdfCli(
                  env, "--in '" + in.string() + "' --out '" + failed.string() + "' --cert " + cert,
                  "000000", &output) == 1);
        CHECK(output.find("PIN_INCORRECT") != std::string::npos);
        CHECK_FALSE(fs::exists(failed));
        CHECK(pdftest::readFile(in) == before);

        const auto encrypted = dir / "enc.pdf";
        fs::copy_file(pdftest::inputPdf("encrypted.pdf"), encrypted);
        CHECK(signPdfCli(env,
                         "--in '" + encrypted.string() + "' --out '" + failed.string() +
                             "' --cert " + cert,
                         pin, &output) == 1);
        CHECK(output.find("ENCRYPTED_PDF") != std::string::npos);
        CHECK_FALSE(fs::exists(failed));
    }
    SECTION("the output may not be the input unless --in-place") {
        CHECK(signPdfCli(env,
                         "--in '" + in.string() + "' --out '" + in.string() + "' --cert " + cert,
                         pin, &output) == 2);
        CHECK(output.find("--in-place") != std::string::npos);
        CHECK(pdftest::readFile(in) == before);
    }
    SECTION("--in-place appends the signature to the file itself") {
        REQUIRE(signPdfCli(env,
                           "--in '" + out.string() + "' --in-place --cert " +
                               test::identity("org-ec256")["sha256"].get<std::string>(),
                           test::tokenPin("kyso-to-chuc"), &output) == 0);
        INFO(output);
        const auto appended = lastJson(output);
        const Bytes after = pdftest::readFile(out);
        CHECK(std::equal(signedBytes.begin(), signedBytes.end(), after.begin()));
        requireAllVerifiersAccept(out, appended, 2);
    }
}
