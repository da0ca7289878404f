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

// One of tests/servers/*.py on 127.0.0.1, for the lifetime of this object: started with
// posix_spawn, its port read from the --port-file it writes, SIGTERMed (then SIGKILLed after
// 5 s) when this goes away.
class LocalServer {
  public:
    LocalServer(const std::string& script, std::vector<std::string> args);
    ~LocalServer();
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;
    int port() const { return port_; }
    const TempDir& dir() const { return dir_; }

  private:
    TempDir dir_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// tests/servers/tsa-server.py with the PKI's tsa.cnf.
class LocalTsa : public LocalServer {
  public:
    // extraArgs: more tsa-server.py options (--tls-cert/--tls-key for HTTPS).
    explicit LocalTsa(const std::vector<std::string>& extraArgs = {});
    std::string url(const std::string& path = "/tsa") const;  // http://127.0.0.1:port/...
};

// tests/servers/http-proxy.py; every request it relays is a line in logFile().
class LocalProxy : public LocalServer {
  public:
    LocalProxy();
    std::string url() const;  // http://127.0.0.1:port
    std::string logFile() const { return dir().file("proxy.log"); }
};

// Sets (or, with nullptr, unsets) an environment variable until this goes away.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    std::string name_, old_;
    bool hadOld_ = false;
};

// A port on 127.0.0.1 that nobody listens on (bound by the OS, then released).
int closedPort();

}  // namespace kyso::test
