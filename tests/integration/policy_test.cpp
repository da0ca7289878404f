// What pages learn from status, and the IT policy failing closed: the built kyso-host over real
// pipes and as a command-line tool, with the SoftHSM fixture tokens.
#include <catch2/catch.hpp>

#include "test_env.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

const char* const kAllowed = "https://dichvucong.kyso.test";

// Every string that would tell one user's tokens from another's.
std::vector<std::string> tokenIdentifiers() {
    std::vector<std::string> out{fixtures()["module"].get<std::string>()};
    for (const auto& token : fixtures()["tokens"]) {
        out.push_back(token["serial"].get<std::string>());
        out.push_back(token["label"].get<std::string>());
    }
    return out;
}

void requireNoTokenDetails(const json& reply) {
    const auto text = reply.dump();
    INFO(text);
    REQUIRE(reply["type"] == "result");
    CHECK_FALSE(reply["result"].contains("modules"));
    for (const auto& identifier : tokenIdentifiers()) {
        CAPTURE(identifier);
        CHECK(text.find(identifier) == std::string::npos);
    }
}

std::string cli(const TestEnv& env, const std::string& args, int* status) {
    std::string command;
    for (const auto& [key, value] : env.env()) {
        command += key + "='" + value + "' ";
    }
    std::string output;
    *status = run(command + KYSO_HOST_BINARY + " --lang en " + args + " </dev/null", &output);
    return output;
}

}  // namespace

TEST_CASE("a page's status says whether a token is there, never which one",
          "[integration][policy][status]") {
    TestEnv env;
    env.policy = {{"deniedOrigins", {"https://denied.kyso.test"}}};
    auto host = env.start();

    const auto allowed = host.call("status", {{"modules", true}}, kAllowed);
    requireNoTokenDetails(allowed);
    CHECK(allowed["result"]["tokenPresent"] == true);
    CHECK(allowed["result"]["origin"] == json({{"value", kAllowed}, {"allowed", true}}));

    for (const char* origin : {"https://denied.kyso.test", "http://evil.test", ""}) {
        CAPTURE(origin);
        const auto reply = host.call("status", {{"modules", true}}, origin);
        requireNoTokenDetails(reply);
        CHECK_FALSE(reply["result"].contains("tokenPresent"));
    }
    const auto denied = host.call("status", {{"modules", true}}, "https://denied.kyso.test");
    CHECK(denied["result"]["origin"]["allowed"] == false);
    CHECK(denied["result"]["origin"]["reason"] == "ORIGIN_NOT_ALLOWED");
    CHECK(env.dialogs().empty());

    // At the terminal the user sees everything, as before.
    int status = -1;
    const auto local = cli(env, "status", &status);
    INFO(local);
    REQUIRE(status == 0);
    for (const auto& identifier : tokenIdentifiers()) {
        CHECK(local.find(identifier) != std::string::npos);
    }
}

TEST_CASE("an allowed page's status says when no token is inserted",
          "[integration][policy][status]") {
    TestEnv env;
    env.config["pkcs11Modules"] = json::array();  // no module: no token anywhere
    auto host = env.start();
    const auto reply = host.call("status", {{"modules", true}}, kAllowed);
    requireNoTokenDetails(reply);
    CHECK(reply["result"]["tokenPresent"] == false);
}

TEST_CASE("a deny pattern covers its host on every port", "[integration][policy]") {
    TestEnv env;
    env.policy = {{"deniedOrigins", {"https://*.evil.kyso.test", "https://bad.kyso.test"}},
                  {"allowedOrigins", {"https://*.kyso.test", "https://portal.gov.vn:8443"}}};
    env.script({"notok", "notok"});
    auto host = env.start();
    for (const char* origin : {"https://x.evil.kyso.test:444", "https://x.evil.kyso.test",
                               "https://bad.kyso.test:8443", "https://portal.gov.vn"}) {
        CAPTURE(origin);
        CHECK(host.call("listCertificates", json::object(), origin)["error"]["code"] ==
              "ORIGIN_NOT_ALLOWED");
    }
    // Allowed hosts on other ports, and the one port IT named, get as far as the dialog.
    CHECK(host.call("listCertificates", json::object(),
                    "https://dichvucong.kyso.test:8443")["error"]["code"] == "USER_CANCELLED");
    CHECK(host.call("listCertificates", json::object(),
                    "https://portal.gov.vn:8443")["error"]["code"] == "USER_CANCELLED");
    CHECK(env.dialogs().size() == 2);
}

TEST_CASE("a policy that cannot be parsed refuses every origin with POLICY_ERROR",
          "[integration][policy]") {
    TestEnv env;
    SECTION("a syntax error") {
        env.policyText = R"({"deniedOrigins": ["https://evil.kyso.test"],)";
    }
    SECTION("a key of the wrong type") {
        env.policyText = R"({"deniedOrigins": "https://evil.kyso.test"})";
    }
    SECTION("a deny entry that is no origin pattern") {
        env.policyText = R"({"deniedOrigins": ["evil.kyso.test"]})";
    }
    env.script({"ok", "ok"});
    auto host = env.start();
    for (const char* origin : {kAllowed, "https://evil.kyso.test", "https://portal.gov.vn:8443"}) {
        CAPTURE(origin);
        for (const char* command : {"listCertificates", "signHash", "authenticate"}) {
            CAPTURE(command);
            const auto reply = host.call(command, json::object(), origin);
            CHECK(reply["error"]["code"] == "POLICY_ERROR");
            CHECK(reply["error"]["path"] == env.policyPath());
        }
    }
    // Both languages name IT as the one to fix it.
    host.send({{"type", "request"},
               {"id", "en"},
               {"command", "listCertificates"},
               {"origin", kAllowed},
               {"lang", "en"}});
    const auto english = host.receive(10s);
    REQUIRE(english);
    CHECK((*english)["error"]["message"].get<std::string>().find("IT") != std::string::npos);
    // status still answers, so the extension detects kyso and the page can say why.
    const auto status = host.call("status", {{"modules", true}}, kAllowed);
    requireNoTokenDetails(status);
    CHECK(status["result"]["origin"] ==
          json({{"value", kAllowed}, {"allowed", false}, {"reason", "POLICY_ERROR"}}));
    CHECK_FALSE(status["result"].contains("tokenPresent"));
    CHECK(env.dialogs().empty());
}

TEST_CASE("under a broken policy the CLI signs nothing, and status, doctor and help say why",
          "[integration][policy][cli]") {
    TestEnv env;
    env.policyText = "{\"deniedOrigins\": [\n  \"https://evil.kyso.test\",\n]}";
    const auto& id = identity("org-ec256");
    int status = -1;

    const auto list = cli(env, "list", &status);
    CHECK(status == 1);
    CHECK(list.find("POLICY_ERROR") != std::string::npos);
    const auto sign = cli(env,
                          "--pin-stdin sign-hash --cert " + id["sha256"].get<std::string>() +
                              " --hash-hex " + std::string(64, 'a'),
                          &status);
    CHECK(status == 1);
    CHECK(sign.find("POLICY_ERROR") != std::string::npos);
    const auto pdf = env.writeFile("in.pdf", "%PDF-1.7\n");
    const auto signPdf = cli(env,
                             "--pin-stdin sign-pdf --in " + pdf + " --out " + env.dir +
                                 "/out.pdf --cert " + id["sha256"].get<std::string>(),
                             &status);
    CHECK(status == 1);
    CHECK(signPdf.find("POLICY_ERROR") != std::string::npos);
    CHECK(readFile(env.dir + "/out.pdf").empty());

    const auto local = cli(env, "status", &status);
    CHECK(status == 0);
    CHECK(json::parse(local)["policyError"]["path"] == env.policyPath());

    const auto doctor = cli(env, "doctor", &status);
    INFO(doctor);
    CHECK(status == 1);
    CHECK(doctor.find("FAIL  the IT policy " + env.policyPath() + " cannot be used") !=
          std::string::npos);
    CHECK(doctor.find("line 3") != std::string::npos);  // where in the file
    CHECK(doctor.find("refuses every web site") != std::string::npos);

    cli(env, "--help", &status);
    CHECK(status == 0);
}
