#include "crypto_test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "crypto/der.hpp"
#include "test_support.hpp"

extern char** environ;

namespace kyso::test {

const std::string& pkiDir() {
    static const std::string dir = [] {
        const std::string path = KYSO_FIXTURES_DIR;
        // make-pki.sh does nothing when its outputs are up to date.
        std::string output;
        if (run(std::string(KYSO_SOURCE_DIR) + "/tests/fixtures/make-pki.sh '" + path + "'",
                &output) != 0) {
            throw std::runtime_error("make-pki.sh failed: " + output);
        }
        return path;
    }();
    return dir;
}

std::string pkiFile(const std::string& name) {
    return pkiDir() + "/" + name;
}

Bytes readBinary(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBinary(const std::string& path, const Bytes& data) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

Bytes pemCertificateDer(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "r");
    if (file == nullptr) {
        throw std::runtime_error("cannot open " + path);
    }
    X509Ptr cert(PEM_read_X509(file, nullptr, nullptr, nullptr));
    std::fclose(file);
    if (!cert) {
        throw std::runtime_error("no PEM certificate in " + path);
    }
    return derOf([&](unsigned char** out) { return i2d_X509(cert.get(), out); }, "certificate");
}

int run(const std::string& command, std::string* output) {
    auto result = testing::runCommand(command);
    if (output != nullptr) {
        *output = std::move(result.output);
    }
    return result.status;
}

TempDir::TempDir() {
    char pattern[] = "/tmp/kyso-crypto-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

SoftwareSigner::SoftwareSigner(const std::string& keyPemPath) {
    std::FILE* file = std::fopen(keyPemPath.c_str(), "r");
    if (file == nullptr) {
        throw std::runtime_error("cannot open " + keyPemPath);
    }
    key_.reset(PEM_read_PrivateKey(file, nullptr, nullptr, nullptr));
    std::fclose(file);
    if (!key_) {
        throw std::runtime_error("not a private key: " + keyPemPath);
    }
}

KeyType SoftwareSigner::keyType() const {
    return EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_EC ? KeyType::Ec : KeyType::Rsa;
}

Bytes SoftwareSigner::signDigest(HashAlgorithm hash, SignatureScheme scheme, const Bytes& digest) {
    ++calls;
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), evpDigest(hash)) != 1) {
        throw std::runtime_error("EVP_PKEY_sign_init failed");
    }
    if (scheme == SignatureScheme::RsaPss &&
        (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
         EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), evpDigest(hash)) != 1 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), static_cast<int>(digestSize(hash))) != 1)) {
        throw std::runtime_error("PSS setup failed");
    }
    if (scheme == SignatureScheme::RsaPkcs1v15 &&
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) {
        throw std::runtime_error("PKCS#1 setup failed");
    }
    std::size_t length = 0;
    if (EVP_PKEY_sign(ctx.get(), nullptr, &length, digest.data(), digest.size()) != 1) {
        throw std::runtime_error("EVP_PKEY_sign (size) failed");
    }
    Bytes signature(length);
    if (EVP_PKEY_sign(ctx.get(), signature.data(), &length, digest.data(), digest.size()) != 1) {
        throw std::runtime_error("EVP_PKEY_sign failed");
    }
    signature.resize(length);
    return signature;
}

LocalServer::LocalServer(const std::string& script, std::vector<std::string> args) {
    const std::string portFile = dir_.file("port");
    args.insert(args.begin(), std::string(KYSO_SOURCE_DIR) + "/tests/servers/" + script);
    args.insert(args.begin(), "python3");
    args.push_back("--port-file");
    args.push_back(portFile);
    // "@DIR@" in an argument stands for this server's own temporary directory.
    for (auto& arg : args) {
        if (arg.rfind("@DIR@", 0) == 0) {
            arg = dir_.path() + arg.substr(5);
        }
    }
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    // The server's "PORT n" line goes to /dev/null: the port file is what we read.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const int failed = posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) {
        throw std::runtime_error("cannot start python3 for " + script);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(portFile);
        if (in >> port_ && port_ > 0) {
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error(script + " exited at start");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::runtime_error(script + " did not start within 15 s");
}

LocalServer::~LocalServer() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        // It stops within its 0.1 s poll interval; a stuck one is killed after 5 s.
        for (int i = 0; i < 500; ++i) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

LocalTsa::LocalTsa(const std::vector<std::string>& extraArgs)
    : LocalServer("tsa-server.py", [&] {
          std::vector<std::string> args = {"--config", pkiFile("tsa.cnf")};
          args.insert(args.end(), extraArgs.begin(), extraArgs.end());
          return args;
      }()) {}

std::string LocalTsa::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
}

LocalProxy::LocalProxy() : LocalServer("http-proxy.py", {"--log", "@DIR@/proxy.log"}) {}

std::string LocalProxy::url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

ScopedEnv::ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = std::getenv(name);
    hadOld_ = old != nullptr;
    old_ = hadOld_ ? old : "";
    if (value != nullptr) {
        setenv(name, value, 1);
    } else {
        unsetenv(name);
    }
}

ScopedEnv::~ScopedEnv() {
    if (hadOld_) {
        setenv(name_.c_str(), old_.c_str(), 1);
    } else {
        unsetenv(name_.c_str());
    }
}

int closedPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("cannot find a free port");
    }
    close(fd);  // bound but never listened on: connections to it are refused
    return ntohs(address.sin_port);
}

}  // namespace kyso::test
