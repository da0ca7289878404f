// Interoperation with another signer in the same workflow: poppler's own signer
// (pdfsig -add-signature, NSS) signs before and after kyso; every signature stays valid.

#include <catch2/catch.hpp>

#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

// An NSS database holding person-rsa3072's key and certificate, trusting the test root.
void makeSigningDb(const TempDir& dir) {
    const std::string db = "sql:" + dir.path().string();
    const std::string pki = pkiDir().string();
    for (const std::string& command :
         {"certutil -N -d " + db + " --empty-password",
          "certutil -A -d " + db + " -n kyso-root -t CT,C,C -a -i " + pki + "/root.pem",
          "openssl pkcs12 -export -inkey " + pki + "/person-rsa3072.key.pem -in " + pki +
              "/person-rsa3072.cert.pem -certfile " + pki +
              "/intermediate.pem -name binh -passout pass:x -out " + (dir / "b.p12").string(),
          "pk12util -i " + (dir / "b.p12").string() + " -d " + db + " -W x"}) {
        const CommandResult r = run(command);
        INFO(command << "\n" << r.output);
        REQUIRE(r.status == 0);
    }
}

void peerSign(const TempDir& db, const fs::path& in, const fs::path& out) {
    const CommandResult r = run("pdfsig -nssdir sql:" + db.path().string() +
                                " -add-signature -nick binh -new-signature-field-name PeerSig " +
                                in.string() + " " + out.string());
    INFO(r.output);
    REQUIRE(fs::exists(out));
}

void checkTwoValid(const fs::path& file) {
    std::string raw;
    const auto sigs = pdfsig(file, &raw);
    INFO(raw);
    REQUIRE(sigs.size() == 2);
    CHECK(sigs[0].valid);
    CHECK_FALSE(sigs[0].totalDocument);
    CHECK(sigs[1].valid);
    CHECK(sigs[1].totalDocument);
    const auto mu = mutoolVerify(file, &raw);
    INFO(raw);
    REQUIRE(mu.size() == 2);
    CHECK(mu[0].laterEditsOnly);
    CHECK(mu[1].unchanged);
    CHECK(qpdfCheck(file));
}

pdf::PdfSignOptions kysoOptions() {
    pdf::PdfSignOptions options;
    options.signingTime = 1795436182;
    options.reserveBytes = 8192;
    pdf::VisibleSignature visible;
    visible.lines = {"Người ký: Nguyễn Thị Lấp Lánh Ánh"};
    options.visible = visible;
    return options;
}

}  // namespace

TEST_CASE("poppler's signer before and after kyso", "[pdf][interop]") {
    TempDir db;
    makeSigningDb(db);
    TempDir dir;
    const std::string name = GENERATE(as<std::string>{}, "simple.pdf", "objstm.pdf");
    SECTION("peer first, kyso second: " + name) {
        peerSign(db, inputPdf(name), dir / "peer.pdf");
        signFile(dir / "peer.pdf", dir / "both.pdf", kysoOptions());
        checkTwoValid(dir / "both.pdf");
    }
    SECTION("kyso first, peer second: " + name) {
        signFile(inputPdf(name), dir / "kyso.pdf", kysoOptions());
        peerSign(db, dir / "kyso.pdf", dir / "both.pdf");
        checkTwoValid(dir / "both.pdf");
    }
}
