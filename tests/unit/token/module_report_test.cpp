#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "token_test_support.hpp"

using namespace kyso;
using namespace kyso::test;

TEST_CASE(
    "a good module, a missing file, a non-module and a failing C_Initialize are each "
    "reported, never thrown",
    "[token][modules]") {
    FaultControl control("fail_init=1");
    auto tokens = makeTokenManager({{faultModule(), "config"},
                                    {"/nonexistent/libvnptca_p11_v6.so", "vendor"},
                                    {brokenModule(), "p11-kit"},
                                    {softhsmModule(), "config"}});
    const auto reports = tokens->modules();
    REQUIRE(reports.size() == 4);

    CHECK(reports[0].spec.path == faultModule());
    CHECK_FALSE(reports[0].loaded);
    CHECK(reports[0].error == "C_Initialize failed: CKR_GENERAL_ERROR");

    CHECK(reports[1].spec.source == "vendor");
    CHECK_FALSE(reports[1].loaded);
    CHECK(reports[1].error == "module file not found: /nonexistent/libvnptca_p11_v6.so");

    CHECK_FALSE(reports[2].loaded);
    CHECK(reports[2].error == "not a PKCS#11 module: it has no C_GetFunctionList");

    CHECK(reports[3].loaded);
    CHECK(reports[3].error.empty());
    CHECK(reports[3].tokens.size() == fixtures()["tokens"].size());

    // The modules that failed never hide the certificates of the one that works.
    const auto records = tokens->certificates();
    CHECK(findRecord(records, identity("person-rsa2048")["sha256"]) != nullptr);
    CHECK(findRecord(records, identity("org-ec256")["sha256"]) != nullptr);
}

TEST_CASE("a file that is not a shared library at all is reported with the loader's reason",
          "[token][modules]") {
    const auto path = std::filesystem::temp_directory_path() / "kyso-token-not-a-library.so";
    { std::ofstream(path) << "not an ELF file\n"; }
    auto tokens = makeTokenManager({{path.string(), "config"}});
    const auto reports = tokens->modules();
    REQUIRE(reports.size() == 1);
    CHECK_FALSE(reports[0].loaded);
    CHECK(reports[0].error.rfind("cannot load the module: ", 0) == 0);
    CHECK(tokens->certificates().empty());
    std::filesystem::remove(path);
}

TEST_CASE("the same module under two names is loaded once", "[token][modules]") {
    const auto link = std::filesystem::temp_directory_path() / "kyso-token-softhsm-link.so";
    std::filesystem::remove(link);
    std::filesystem::create_symlink(softhsmModule(), link);
    auto tokens = makeTokenManager({{softhsmModule(), "config"}, {link.string(), "p11-kit"}});
    const auto reports = tokens->modules();
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].spec.source == "config");
    // Each certificate once, not once per name of the module (the CA certificates too).
    CHECK(tokens->certificates().size() == fixtures()["identities"].size() +
                                               fixtures()["caCertificates"].size() +
                                               fixtures()["orphanCertificates"].size());
    std::filesystem::remove(link);
}

TEST_CASE("no modules: no certificates, and openKey is CERTIFICATE_NOT_FOUND", "[token][modules]") {
    auto tokens = makeTokenManager({});
    CHECK(tokens->modules().empty());
    CHECK(tokens->certificates().empty());
    ScriptedPins pins({});
    CHECK_THROWS_AS(tokens->openKey(identity("person-rsa2048")["sha256"], pins), Error);
}
