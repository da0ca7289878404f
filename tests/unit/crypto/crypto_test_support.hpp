#pragma once

// Real parts for the crypto room's tests: the test PKI from tests/fixtures/make-pki.sh,
// software keys behind the DigestSigner interface, a real TSA (tests/servers/tsa-server.py
// running `openssl ts -reply`) and the OpenSSL command line as an independent verifier.

#include <sys/types.h>

#include <string>
#include <vector>

#include "core/openssl_handles.hpp"
#include "core/signer.hpp"

namespace kyso::test {

// The directory holding the test PKI (KYSO_FIXTURES_DIR); make-pki.sh is run once if it is
// not there yet.
const std::string& pkiDir();
std::string pkiFile(const std::string& name);  // pkiDir() + "/" + name

Bytes readBinary(const std::string& path);
void writeBinary(const std::string& path, const Bytes& data);
// The DER of the first certificate in a PEM file.
Bytes pemCertificateDer(const std::string& path);

// Runs a shell command, stdout and stderr together in *output; returns the exit status.
int run(const std::string& command, std::string* output = nullptr);

// A fresh directory under /tmp, removed with its files when this goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

// A DigestSigner over a private key file (PEM), as a token would sign: the digest is given.
class SoftwareSigner : public DigestSigner {
  public:
    explicit SoftwareSigner(const std::string& keyPemPath);
    KeyType keyType() const override;
    Bytes signDigest(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) override;
    int calls = 0;

  private:
    EvpPkeyPtr key_;
};

// tests/servers/tsa-server.py on 127.0.0.1 with the PKI's tsa.cnf, for the lifetime of this.
class LocalTsa {
  public:
    // extraArgs: more tsa-server.py options (--tls-cert/--tls-key for HTTPS).
    explicit LocalTsa(const std::vector<std::string>& extraArgs = {});
    ~LocalTsa();
    LocalTsa(const LocalTsa&) = delete;
    LocalTsa& operator=(const LocalTsa&) = delete;
    int port() const { return port_; }
    std::string url(const std::string& path = "/tsa") const;  // http://127.0.0.1:port/...

  private:
    TempDir dir_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// A port on 127.0.0.1 that nobody listens on (bound by the OS, then released).
int closedPort();

}  // namespace kyso::test
