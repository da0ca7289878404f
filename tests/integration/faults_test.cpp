// What real tokens do and SoftHSM cannot: locked and low PINs, PIN pads, unplugging, slow
// tokens, broken modules. The fault-injecting module (tests/fixtures/faultp11) wraps SoftHSM.
#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "test_env.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

json signParams(const json& id) {
    std::vector<std::uint8_t> digest(32);
    EVP_Digest("fault", 5, digest.data(), nullptr, EVP_sha256(), nullptr);
    return {{"thumbprint", id["sha256"]},
            {"hashAlgorithm", "SHA-256"},
            {"hash", kyso::base64Encode(digest)}};
}

std::size_t countDialogs(const std::vector<json>& dialogs, const std::string& command) {
    return static_cast<std::size_t>(std::count_if(
        dialogs.begin(), dialogs.end(),
        [&](const json& d) { return d["command"].get<std::string>().rfind(command, 0) == 0; }));
}

bool listed(HostProcess& host, const json& id) {
    const auto reply = host.call("listCertificates");
    INFO(reply.dump());
    REQUIRE(reply["type"] == "result");
    for (const auto& entry : reply["result"]["certificates"]) {
        if (entry["thumbprint"] == id["sha256"]) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("a locked PIN is reported before any attempt", "[integration][faults]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.useFaultModule("pin=locked\n");
    env.script({"pin:" + tokenPin("kyso-ca-nhan")});
    auto host = env.start();
    const auto reply = host.call("signHash", signParams(id));
    CHECK(reply["error"]["code"] == "PIN_LOCKED");
    CHECK(countDialogs(env.dialogs(), "GETPIN") == 0);
}

TEST_CASE("wrong PINs count down to a lock; tries left are shown; never retried for the user",
          "[integration][faults]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.useFaultModule("pin_tries=3\n");
    env.script({"pin:000001", "pin:000002", "pin:000003", "pin:" + tokenPin("kyso-ca-nhan")});
    auto host = env.start();
    const auto reply = host.call("signHash", signParams(id));
    CHECK(reply["error"]["code"] == "PIN_LOCKED");
    const auto dialogs = env.dialogs();
    // Exactly the three PINs the user typed were tried; the fourth line was never asked for.
    REQUIRE(countDialogs(dialogs, "GETPIN") == 3);
    CHECK_FALSE(dialogs[1]["error"].get<std::string>().empty());
    // Before the last try the token said "final try": the dialog must say so differently.
    CHECK(dialogs[2]["error"] != dialogs[1]["error"]);
    // And the next request is refused up front.
    CHECK(host.call("signHash", signParams(id))["error"]["code"] == "PIN_LOCKED");
}

TEST_CASE("the final-try flag reaches the PIN dialog on the first ask", "[integration][faults]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.useFaultModule("pin=final\n");
    env.script({"cancel"});
    auto host = env.start();
    CHECK(host.call("signHash", signParams(id))["error"]["code"] == "USER_CANCELLED");
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    CHECK_FALSE(dialogs[0]["error"].is_null());
}

TEST_CASE("a PIN pad logs in without a typed PIN while a message says so",
          "[integration][faults]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    // The pad takes 1.5 s, as a person does: long enough for the notice to be on screen.
    env.useFaultModule("protected_auth=1\npad_pin=" + tokenPin("kyso-ca-nhan") +
                       "\npad_delay_ms=1500\n");
    auto host = env.start();
    const auto reply = host.call("signHash", signParams(id));
    INFO(reply.dump());
    CHECK(reply["type"] == "result");
    const auto dialogs = env.dialogs();
    CHECK(countDialogs(dialogs, "GETPIN") == 0);
    CHECK(countDialogs(dialogs, "MESSAGE") == 1);
}

TEST_CASE("a token removed and inserted while the host runs", "[integration][faults]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.useFaultModule("");
    env.script({"ok", "ok", "ok", "ok"});
    auto host = env.start();
    CHECK(listed(host, id));
    env.setFaults("removed=1\nslot_label=kyso-ca-nhan\n");
    CHECK_FALSE(listed(host, id));
    CHECK(listed(host, identity("org-ec256")));  // the other token is still there
    CHECK(host.call("signHash", signParams(id))["error"]["code"] == "CERTIFICATE_NOT_FOUND");
    env.setFaults("");
    CHECK(listed(host, id));
}

TEST_CASE("a token removed in the middle of a signature", "[integration][faults]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.useFaultModule("remove_on=C_Sign\n");
    env.script({"pin:" + tokenPin("kyso-ca-nhan")});
    auto host = env.start();
    CHECK(host.call("signHash", signParams(id))["error"]["code"] == "TOKEN_REMOVED");
    env.setFaults("");
    env.script({"pin:" + tokenPin("kyso-ca-nhan")});
    CHECK(host.call("signHash", signParams(id))["type"] == "result");
}

TEST_CASE("a slow token still signs", "[integration][faults]") {
    const auto& id = identity("org-ec256");
    TestEnv env;
    env.useFaultModule("delay_ms=400\n");
    env.script({"pin:" + tokenPin("kyso-to-chuc")});
    auto host = env.start();
    CHECK(host.call("signHash", signParams(id))["type"] == "result");
}

TEST_CASE("a module that fails to load is reported, never fatal", "[integration][faults]") {
    TestEnv env;
    env.useFaultModule("fail_init=1\n");
    env.config["pkcs11Modules"] = {KYSO_FAULTP11, "/nonexistent/libvnptca.so",
                                   fixtures()["module"]};
    env.script({"ok", "ok"});
    auto host = env.start();
    // Modules are reported to a page only after the user's consent (listCertificates); a page's
    // status says no more than whether a token is there.
    CHECK(host.call("status", {{"modules", true}})["result"]["tokenPresent"] == true);
    const auto reply = host.call("listCertificates");
    REQUIRE(reply["type"] == "result");
    const auto& modules = reply["result"]["modules"];
    REQUIRE(modules.size() == 3);
    CHECK(modules[0]["loaded"] == false);
    CHECK_FALSE(modules[0]["error"].get<std::string>().empty());
    CHECK(modules[1]["loaded"] == false);
    CHECK(modules[2]["loaded"] == true);
    CHECK(listed(host, identity("person-rsa2048")));
}

TEST_CASE("a key that needs the PIN for every signature asks for it again",
          "[integration][faults]") {
    const json* always = nullptr;
    for (const auto& entry : fixtures()["identities"]) {
        if (entry["alwaysAuthenticate"] == true) {
            always = &entry;
        }
    }
    REQUIRE(always != nullptr);
    TestEnv env;
    const auto pin = "pin:" + tokenPin((*always)["token"]);
    env.script({pin, pin});
    auto host = env.start();
    const auto params = signParams(*always);
    const auto reply = host.call("signHash", params);
    INFO(reply.dump());
    REQUIRE(reply["type"] == "result");
    CHECK(countDialogs(env.dialogs(), "GETPIN") == 2);
    const auto signature = kyso::base64Decode(reply["result"]["signature"].get<std::string>(), "s");
    CHECK(opensslVerifyDigest(*always, kyso::base64Decode(params["hash"].get<std::string>(), "h"),
                              "SHA-256", signature, "RSA-PKCS1-v1_5"));
}

TEST_CASE("RSA-PSS signs on a token that forbids raw RSA (CKM_RSA_PKCS_PSS on the token)",
          "[integration][faults][sign]") {
    const auto& id = identity("person-rsa2048");
    TestEnv env;
    env.useFaultModule("deny_mechanism=CKM_RSA_X_509\n");
    env.script({"pin:" + tokenPin("kyso-ca-nhan")});
    auto host = env.start();
    std::vector<std::uint8_t> digest(48);
    EVP_Digest("pss", 3, digest.data(), nullptr, EVP_sha384(), nullptr);
    const auto reply = host.call("signHash", {{"thumbprint", id["sha256"]},
                                              {"hashAlgorithm", "SHA-384"},
                                              {"hash", kyso::base64Encode(digest)},
                                              {"signatureScheme", "RSA-PSS"}});
    INFO(reply.dump());
    REQUIRE(reply["type"] == "result");
    const auto signature =
        kyso::base64Decode(reply["result"]["signature"].get<std::string>(), "signature");
    CHECK(opensslVerifyDigest(id, digest, "SHA-384", signature, "RSA-PSS"));
    auto other = digest;
    other[0] ^= 1;
    CHECK_FALSE(opensslVerifyDigest(id, other, "SHA-384", signature, "RSA-PSS"));
}
