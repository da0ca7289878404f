// kyso-host on hostile files, as a user (sign-pdf) and a page (signPdfBatch) would send them.
// The CLI process must end with a typed error, exit status 1, its input unchanged and no
// output file, within an address-space limit (RLIMIT_AS 1 GiB, outside sanitizer builds) and
// with its peak RSS (wait4) under kPeakBoundKb. In a batch, the hostile documents get their
// own errors and the others are signed. The unit tests (tests/unit/pdf/hostile_input_test.cpp)
// cover the library; these cover the real process.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
// The fork copies this test binary's resident pages into the count before exec.
constexpr long kPeakBoundKb = kSanitized ? 512 * 1024 : 192 * 1024;

struct CliRun {
    int status = -1;
    std::string output;
    long peakKb = 0;
};

CliRun runCli(const test::TestEnv& env, const std::vector<std::string>& args) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    std::vector<std::string> environment;
    for (const auto& [key, value] : env.env()) {
        environment.push_back(key + "=" + value);
    }
    std::vector<std::string> argv = {KYSO_HOST_BINARY, "--lang", "en", "--pin-stdin", "sign-pdf"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> argvp, envp;
    for (auto& a : argv) {
        argvp.push_back(a.data());
    }
    argvp.push_back(nullptr);
    for (auto& e : environment) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        ::close(out[0]);
        if (!kSanitized) {
            const rlimit limit{1ull << 30, 1ull << 30};
            ::setrlimit(RLIMIT_AS, &limit);
        }
        ::alarm(60);
        ::execve(argvp[0], argvp.data(), envp.data());
        ::_exit(127);
    }
    ::close(out[1]);
    CliRun run;
    char buffer[4096];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) {
        run.output.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.peakKb = usage.ru_maxrss;
    return run;
}

// 2 GiB of zeros as about 2 MB of zlib: one compressed MiB, fully flushed, repeated.
std::string zlibBomb() {
    z_stream z{};
    REQUIRE(deflateInit(&z, 9) == Z_OK);
    const std::string zeros(1 << 20, '\0');
    std::string head, segment;
    const auto run = [&](std::string& into) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
        z.avail_in = static_cast<uInt>(zeros.size());
        char chunk[65536];
        do {
            z.next_out = reinterpret_cast<Bytef*>(chunk);
            z.avail_out = sizeof chunk;
            deflate(&z, Z_FULL_FLUSH);
            into.append(chunk, sizeof chunk - z.avail_out);
        } while (z.avail_out == 0);
    };
    run(head);
    run(segment);
    deflateEnd(&z);
    std::string out = head;
    for (int i = 1; i < 2048; ++i) {
        out += segment;
    }
    return out;
}

// Catalog and pages plain, the page in an object stream of `objstmData` (declared /N 1
// /First 4), then a cross-reference stream (/W [1 4 2], no compression).
Bytes objectStreamFile(const std::string& objstmData) {
    std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (const std::string body :
         {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}) {
        offsets.push_back(out.size());
        out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    }
    const std::size_t objstmAt = out.size();
    out += "4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length " +
           std::to_string(objstmData.size()) + " >>\nstream\n" + objstmData +
           "\nendstream\nendobj\n";
    const std::size_t xrefAt = out.size();
    std::string rows;
    const auto row = [&](int type, std::size_t a, int b) {
        rows += static_cast<char>(type);
        for (int s = 24; s >= 0; s -= 8) {
            rows += static_cast<char>((a >> s) & 0xff);
        }
        rows += static_cast<char>(b >> 8);
        rows += static_cast<char>(b & 0xff);
    };
    row(0, 0, 65535);
    row(1, offsets[0], 0);
    row(1, offsets[1], 0);
    row(2, 4, 0);
    row(1, objstmAt, 0);
    row(1, xrefAt, 0);
    out += "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length " +
           std::to_string(rows.size()) + " >>\nstream\n" + rows +
           "\nendstream\nendobj\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    return Bytes(out.begin(), out.end());
}

std::string nestedDictionaries() {
    std::string deep;
    for (int i = 0; i < 100000; ++i) {
        deep += "<< /A ";
    }
    deep += "1";
    for (int i = 0; i < 100000; ++i) {
        deep += " >>";
    }
    return deep;
}

Bytes deeplyNestedPage() {
    return pdftest::buildPdf(
        {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /A " + nestedDictionaries() + " >>"},
        "/Root 1 0 R");
}

}  // namespace

TEST_CASE("CLI sign-pdf on hostile files: typed errors, bounded memory, nothing written",
          "[integration][pdf][cli]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    pdftest::TempDir dir;

    const std::vector<std::tuple<std::string, Bytes, std::string>> cases = {
        {"object stream bomb", objectStreamFile(zlibBomb()), "TOO_LARGE"},
        {"100,000 nested dictionaries", deeplyNestedPage(), "INVALID_PDF"},
    };
    for (const auto& [name, content, code] : cases) {
        INFO(name);
        const auto in = dir / "input.pdf";
        const auto out = dir / "signed.pdf";
        pdftest::writeFile(in, content);
        const CliRun run = runCli(env, {"--in", in.string(), "--out", out.string(), "--cert",
                                        id["sha256"].get<std::string>()});
        INFO(run.output << " (peak RSS " << run.peakKb << " KB)");
        CHECK(run.status == 1);
        CHECK(run.output.find(code) != std::string::npos);
        CHECK(run.peakKb < kPeakBoundKb);
        CHECK(pdftest::readFile(in) == content);
        CHECK_FALSE(fs::exists(out));
    }
}

TEST_CASE("signPdfBatch with hostile documents among good ones: each gets its own outcome",
          "[integration][pdf][batch]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    env.script({"pin:" + test::tokenPin(id["token"])});
    auto host = env.start();
    const Bytes good = pdftest::readFile(pdftest::inputPdf("objstm.pdf"));
    const auto done = exchange(
        host, "hostile", "signPdfBatch",
        {{"items",
          {{{"document", {{"$blob", "bomb"}}}, {"fileName", "bomb.pdf"}},
           {{"document", {{"$blob", "good"}}}, {"fileName", "good.pdf"}},
           {{"document", {{"$blob", "deep"}}}, {"fileName", "deep.pdf"}}}},
         {"thumbprint", id["sha256"]}},
        {{"bomb", objectStreamFile(zlibBomb())}, {"good", good}, {"deep", deeplyNestedPage()}});
    INFO(done.reply.dump().substr(0, 2000));
    REQUIRE(done.reply["type"] == "result");
    const auto& documents = done.reply["result"]["documents"];
    REQUIRE(documents.size() == 3);
    CHECK(documents[0]["error"]["code"] == "TOO_LARGE");
    CHECK(documents[2]["error"]["code"] == "INVALID_PDF");
    CHECK(done.reply["result"]["signed"] == 1);
    pdftest::TempDir dir;
    const auto file = dir / "good-signed.pdf";
    pdftest::writeFile(file, signedDocument(done, documents[1], good));
    requireAllVerifiersAccept(file, documents[1]);
    // The host is still there for the next request.
    CHECK(host.call("status", json::object(), "")["type"] == "result");
}
