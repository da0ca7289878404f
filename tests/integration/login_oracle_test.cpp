// Issue 9 §1: signHash was a login oracle. Any site could compute another site's Web eID
// preimage, SHA-256(SHA-256(origin) || SHA-256(nonce)), and get it signed as "data": a valid
// login token for the victim. These tests replay the attack against the real host and check
// the rule that stops it (policy/operation_policy.hpp): a digest the page chose is signed only
// for origins IT lists in hashSigningOrigins, loopback origins with the developer setting, and
// the terminal; every other site sends the bytes (signPrepared), which the host reads.
#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "test_env.hpp"
#include "web_eid_check.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

const std::string kVictim = "https://dichvucong.kyso.test";
const std::string kEvil = "https://evil.kyso.test";
// The nonce the victim portal issued; the evil site fetched it from the victim's login page.
const std::string kNonce = "Zm9yLXRoZS12aWN0aW0tcG9ydGFsLW9ubHktMTIzNDU=";  // 44 characters

std::vector<std::uint8_t> sha256(const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> out(32);
    EVP_Digest(data.data(), data.size(), out.data(), nullptr, EVP_sha256(), nullptr);
    return out;
}

std::string pinFor(const json& id) {
    return "pin:" + tokenPin(id["token"]);
}

json signHashParams(const json& id, const std::vector<std::uint8_t>& digest) {
    return {{"thumbprint", id["sha256"]},
            {"hashAlgorithm", "SHA-256"},
            {"hash", kyso::base64Encode(digest)}};
}

void requireRefused(const json& reply, const std::string& code) {
    INFO(reply.dump());
    REQUIRE(reply["type"] == "error");
    CHECK(reply["error"]["code"] == code);
}

}  // namespace

TEST_CASE(
    "the login oracle replayed: another site's Web eID preimage is refused by signHash, "
    "signHashes and signPrepared before any dialog, and authenticate still logs in",
    "[integration][oracle]") {
    for (const char* name : {"person-rsa2048", "org-ec256"}) {
        DYNAMIC_SECTION(name) {
            const auto& id = identity(name);
            TestEnv env;
            // The PIN is there for the taking: had the host asked, the attack would have signed.
            env.script({pinFor(id), pinFor(id)});
            auto host = env.start();

            // What the evil site computes: the victim's preimage, and the digest an RS256 or
            // ES256 login signs.
            const auto preimage = webEidPreimage(EVP_sha256(), kVictim, kNonce);
            REQUIRE(preimage.size() == 64);
            const auto digest = sha256(preimage);

            const auto single = host.call("signHash", signHashParams(id, digest), kEvil);
            requireRefused(single, "OPERATION_NOT_ALLOWED");
            CHECK(single["error"]["origin"] == kEvil);
            CHECK(single["error"]["command"] == "signHash");

            json batch = signHashParams(id, digest);
            batch.erase("hash");
            batch["hashes"] = json::array({kyso::base64Encode(digest), kyso::base64Encode(digest)});
            const auto many = host.call("signHashes", batch, kEvil);
            requireRefused(many, "OPERATION_NOT_ALLOWED");
            CHECK(many["error"]["command"] == "signHashes");

            // The structured command reads what it signs: 64 bytes of hashes are no CMS signed
            // attributes, and neither is the 32-byte digest.
            for (const auto& data : {preimage, digest}) {
                const auto prepared = host.call("signPrepared",
                                                {{"thumbprint", id["sha256"]},
                                                 {"kind", "cms-signed-attributes"},
                                                 {"data", kyso::base64Encode(data)}},
                                                kEvil);
                requireRefused(prepared, "INVALID_REQUEST");
                CHECK(prepared["error"]["field"] == "params.data");
                CHECK_FALSE(prepared["error"]["reason"].get<std::string>().empty());
            }
            CHECK(env.dialogs().empty());

            // The victim's own login still works and a server accepts it, for the victim only.
            const auto login =
                host.call("authenticate",
                          {{"challengeNonce", kNonce}, {"thumbprint", id["sha256"]}}, kVictim);
            INFO(login.dump());
            REQUIRE(login["type"] == "result");
            CHECK(webEidTokenVerifies(login["result"], kVictim, kNonce));
            CHECK_FALSE(webEidTokenVerifies(login["result"], kEvil, kNonce));
            CHECK(env.dialogs().size() == 1);
        }
    }
}

TEST_CASE(
    "signHash from a page: only origins in the IT policy's hashSigningOrigins, or loopback "
    "with the developer setting",
    "[integration][oracle]") {
    const auto& id = identity("person-rsa2048");
    const auto digest = sha256({'d', 'o', 'c'});
    const auto params = signHashParams(id, digest);

    const auto signs = [&](TestEnv& env, const std::string& origin) {
        env.script({pinFor(id)});
        const auto dialogsBefore = env.dialogs().size();
        auto host = env.start();
        const auto reply = host.call("signHash", params, origin);
        INFO(origin << ": " << reply.dump());
        if (reply["type"] != "result") {
            CHECK(reply["error"]["code"] == "OPERATION_NOT_ALLOWED");
            CHECK(env.dialogs().size() == dialogsBefore);
            return false;
        }
        const auto signature =
            kyso::base64Decode(reply["result"]["signature"].get<std::string>(), "s");
        CHECK(opensslVerifyDigest(id, digest, "SHA-256", signature, "RSA-PKCS1-v1_5"));
        CHECK(env.dialogs().size() == dialogsBefore + 1);
        return true;
    };

    SECTION("an origin the policy lists, exactly or by a wildcard pattern") {
        TestEnv env;
        env.policy = {{"hashSigningOrigins", {kVictim, "https://*.cong.kyso.test"}}};
        CHECK(signs(env, kVictim));
        CHECK(signs(env, "https://mot.cong.kyso.test"));
        CHECK_FALSE(signs(env, "https://cong.kyso.test"));
        CHECK_FALSE(signs(env, kEvil));
    }
    SECTION("loopback origins with allowInsecureLocalhost, where developers run portals") {
        TestEnv env;
        env.policy = nullptr;
        env.config["allowInsecureLocalhost"] = true;
        CHECK(signs(env, "https://127.0.0.1:8443"));
        CHECK(signs(env, "http://localhost:3000"));
        CHECK(signs(env, "https://[::1]:8443"));
        CHECK_FALSE(signs(env, kVictim));  // the setting is about loopback only
    }
    SECTION("loopback without the developer setting is refused") {
        TestEnv env;
        CHECK_FALSE(signs(env, "https://127.0.0.1:8443"));
        CHECK_FALSE(signs(env, "https://localhost"));
    }
    SECTION("the user's own config cannot grant it, with or without a policy file") {
        TestEnv env;
        env.config["hashSigningOrigins"] = {kEvil, "https://127.0.0.1:8443"};
        CHECK_FALSE(signs(env, kEvil));
        CHECK_FALSE(signs(env, "https://127.0.0.1:8443"));
        env.policy = nullptr;
        CHECK_FALSE(signs(env, kEvil));
        CHECK_FALSE(signs(env, kVictim));  // no policy: nobody
    }
}

TEST_CASE("the terminal may still sign a digest it chose, whatever the policy",
          "[integration][oracle]") {
    TestEnv env;
    env.policy = nullptr;  // no hashSigningOrigins at all
    const auto& id = identity("org-ec256");
    const auto digest = sha256({'c', 'l', 'i'});
    std::string command = "printf '%s\\n' '" + tokenPin("kyso-to-chuc") + "' | ";
    for (const auto& [key, value] : env.env()) {
        command += key + "='" + value + "' ";
    }
    std::string output;
    const int status = run(command + KYSO_HOST_BINARY + " --pin-stdin sign-hash --cert " +
                               id["sha256"].get<std::string>() + " --hash-hex " +
                               kyso::hexEncode(digest) + " --ecdsa-format der",
                           &output);
    INFO(output);
    REQUIRE(status == 0);
    const auto signature =
        kyso::base64Decode(json::parse(output)["signature"].get<std::string>(), "s");
    CHECK(opensslVerifyDigest(id, digest, "SHA-256", signature, "ECDSA"));
}
