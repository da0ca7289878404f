// PAdES B-T: the crypto room's buildCades() adds a signature time-stamp from a real RFC 3161
// TSA (tests/servers/tsa-server.py, OpenSSL's `ts -reply` on 127.0.0.1); the reserve comes
// from cadesSizeBound(). pdfsig then shows the time-stamp and the signature validates.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <fstream>
#include <thread>

#include "crypto/cades.hpp"
#include "pdf_test_support.hpp"

using namespace kyso;
using namespace kyso::pdftest;

namespace {

// tsa-server.py for the lifetime of this object; stopped by its own pid.
class LocalTsa {
  public:
    LocalTsa() {
        const std::string script = std::string(KYSO_SOURCE_DIR) + "/tests/servers/tsa-server.py";
        const std::string config = (pkiDir() / "tsa.cnf").string();
        const std::string portFile = (dir_ / "port").string();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::execlp("python3", "python3", script.c_str(), "--config", config.c_str(),
                     "--port-file", portFile.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        REQUIRE(pid_ > 0);
        for (int i = 0; i < 200 && port_ == 0; ++i) {
            std::ifstream in(portFile);
            in >> port_;
            if (port_ == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        REQUIRE(port_ != 0);
    }
    ~LocalTsa() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    LocalTsa(const LocalTsa&) = delete;
    LocalTsa& operator=(const LocalTsa&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/tsa"; }

  private:
    TempDir dir_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace

TEST_CASE("a PAdES B-T signature with a time-stamp from a local TSA", "[pdf][timestamp]") {
    LocalTsa tsa;
    const std::string signer = "person-rsa3072";
    CadesRequest request;
    request.signerCertificate = readFile(pkiDir() / (signer + ".cert.der"));
    request.chain.push_back(pemCertificateDer(pkiDir() / "intermediate.pem"));
    TsaOptions timestamp;
    timestamp.url = tsa.url();
    timestamp.timeoutSeconds = 10;
    request.timestamp = timestamp;

    pdf::PdfSignOptions options;
    options.signingTime = 1795436182;
    options.reserveBytes = cadesSizeBound(request);
    const Bytes in = readFile(inputPdf("objstm.pdf"));
    const pdf::PdfSignResult result =
        pdf::signPdf(pdf::InputView::of(in), options, [&](const Bytes& digest) {
            request.contentDigest = digest;
            return cadesCms(request, signer);
        });
    TempDir dir;
    writeFile(dir / "bt.pdf", in, result.update);
    std::string raw;
    const auto sigs = pdfsig(dir / "bt.pdf", &raw);
    INFO(raw);
    REQUIRE(sigs.size() == 1);
    CHECK(sigs[0].valid);
    CHECK(sigs[0].trusted);
    CHECK(sigs[0].totalDocument);
    // pdfsig 22.12 does not print time-stamps: look for the unsigned attribute
    // id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14) in the embedded CMS.
    const std::size_t from = static_cast<std::size_t>(result.byteRange[1] - in.size()) + 1;
    const std::size_t to = static_cast<std::size_t>(result.byteRange[2] - in.size()) - 1;
    std::string hex(result.update.begin() + static_cast<std::ptrdiff_t>(from),
                    result.update.begin() + static_cast<std::ptrdiff_t>(to));
    for (char& c : hex) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    CHECK(hex.find("060b2a864886f70d010910020e") != std::string::npos);
    CHECK(opensslVerify(dir / "bt.pdf", result));
    CHECK(mutoolVerify(dir / "bt.pdf").at(0).unchanged);
}
