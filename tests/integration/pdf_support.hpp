#pragma once

// What the PDF integration tests share: the pdf room's test helpers (inputs, verifiers),
// a request/reply exchange that sends and receives blob frames, the real local TSA, and
// checks on what the host returned.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "pdf_test_support.hpp"
#include "test_env.hpp"

namespace kyso::pdfit {

namespace fs = std::filesystem;

// One request's whole exchange: the final message, the blobs the host sent with it (decoded,
// by name), the number of blob frames each way, the progress events.
struct Exchange {
    nlohmann::json reply;
    std::map<std::string, Bytes> blobs;
    std::size_t blobFramesSent = 0;
    std::size_t blobFramesReceived = 0;
    std::vector<nlohmann::json> progress;
};

// Sends `inputs` as blob frames (at most 512 KiB of data each) with the request's id, then the
// request, and reads until its result or error.
Exchange exchange(test::HostProcess& host, const std::string& id, const std::string& command,
                  const nlohmann::json& params, const std::map<std::string, Bytes>& inputs = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Makes `env` run the host in Vietnam's time zone (signing times end in +07:00), with the
// test PKI's intermediate CA configured as chainCertificates.
void setUpForVietnam(test::TestEnv& env);

// A one-page PDF whose catalog also references an incompressible stream of `payloadBytes`
// (so the file is that large), with the text "Hop dong so 42" on the page.
Bytes pdfWithPayload(std::size_t payloadBytes);

// The document blob a result names, checked: it starts with the input unchanged.
Bytes signedDocument(const Exchange& exchange, const nlohmann::json& documentResult,
                     const Bytes& input);

// The byteRange of a result, for pdftest::opensslVerify.
pdf::PdfSignResult rangeOf(const nlohmann::json& documentResult);

// Every verifier agrees the last signature of `file` is valid and covers the whole file, and
// all `expected` signatures are valid for pdfsig (INFO with their output on failure).
void requireAllVerifiersAccept(const fs::path& file, const nlohmann::json& documentResult,
                               std::size_t expected = 1);

// tests/servers/tsa-server.py on a free port, stopped in the destructor.
class LocalTsa {
  public:
    LocalTsa();
    ~LocalTsa();
    LocalTsa(const LocalTsa&) = delete;
    LocalTsa& operator=(const LocalTsa&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/tsa"; }

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    pdftest::TempDir dir_;
};

// The signature time-stamp token inside the CMS of the signature that ends the file, checked
// with `openssl ts -verify` against the test root: true when it verifies and its imprint is
// the hash of the signature value. `raw` gets openssl's output.
bool timestampVerifies(const fs::path& file, const nlohmann::json& documentResult,
                       std::string* raw);

}  // namespace kyso::pdfit
