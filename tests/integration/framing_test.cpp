// The host over real pipes: framing, envelopes and malformed input. Every bad frame gets a
// clear error or a clean exit, and the host keeps answering afterwards.
#include <catch2/catch.hpp>

#include "test_env.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

std::string header(std::uint32_t length) {
    return std::string(reinterpret_cast<const char*>(&length), sizeof(length));
}

// The host still answers after whatever came before.
void expectAlive(HostProcess& host) {
    const auto reply = host.call("status", json::object(), "");
    REQUIRE(reply["type"] == "result");
    CHECK(reply["result"]["name"] == "kyso-host");
}

json expectError(HostProcess& host, const std::string& code) {
    auto reply = host.receive(10s);
    REQUIRE(reply);
    INFO(reply->dump());
    REQUIRE((*reply)["type"] == "error");
    CHECK((*reply)["error"]["code"] == code);
    CHECK(!(*reply)["error"]["message"].get<std::string>().empty());
    return *reply;
}

}  // namespace

TEST_CASE("status answers the handshake without touching tokens", "[integration][framing]") {
    TestEnv env;
    auto host = env.start();
    const auto reply = host.call("status");
    REQUIRE(reply["type"] == "result");
    const auto& result = reply["result"];
    CHECK(result["protocol"] == 1);
    CHECK(result["version"].get<std::string>().find('.') != std::string::npos);
    CHECK(result["origin"]["allowed"] == true);
    CHECK_FALSE(result.contains("modules"));
    const auto commands = result["commands"];
    for (const char* name : {"status", "listCertificates", "signHash", "authenticate"}) {
        CHECK(std::find(commands.begin(), commands.end(), name) != commands.end());
    }
    // A page learns whether a token is there, not which (policy_test.cpp has the details).
    const auto withModules = host.call("status", {{"modules", true}});
    CHECK(withModules["result"]["tokenPresent"] == true);
    CHECK_FALSE(withModules["result"].contains("modules"));
    host.closeStdin();
    CHECK(host.waitExit() == 0);
}

TEST_CASE("Firefox's way of starting the host is recognised", "[integration][framing]") {
    TestEnv env;
    auto host =
        env.start({"/usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json", "kyso@kyso.vn"});
    CHECK(host.call("status")["type"] == "result");
}

TEST_CASE("malformed frames get typed errors and the host goes on", "[integration][framing]") {
    TestEnv env;
    auto host = env.start();

    SECTION("a frame of length 0") {
        host.writeRaw(header(0));
        expectError(host, "INVALID_REQUEST");
    }
    SECTION("a frame over the 1 MiB limit is skipped in bounded memory") {
        const std::string big(2 * 1024 * 1024, 'x');
        host.writeRaw(header(static_cast<std::uint32_t>(big.size())) + big);
        const auto reply = expectError(host, "TOO_LARGE");
        CHECK(reply["id"].is_null());
    }
    SECTION("invalid JSON") {
        host.sendFrame("{\"type\": \"request\", ");
        expectError(host, "INVALID_REQUEST");
    }
    SECTION("invalid UTF-8 inside a string") {
        host.sendFrame("{\"type\":\"request\",\"id\":\"1\",\"command\":\"st\xff\xfe\"}");
        expectError(host, "INVALID_REQUEST");
    }
    SECTION("nesting deeper than 64 levels") {
        host.sendFrame(std::string(10000, '[') + std::string(10000, ']'));
        expectError(host, "INVALID_REQUEST");
    }
    SECTION("not an object") {
        host.sendFrame("[1,2,3]");
        expectError(host, "INVALID_REQUEST");
    }
    SECTION("no id") {
        host.send({{"type", "request"}, {"command", "status"}});
        CHECK(expectError(host, "INVALID_REQUEST")["id"].is_null());
    }
    SECTION("envelope fields of the wrong type") {
        host.send({{"type", 5}, {"id", "t"}});
        CHECK(expectError(host, "INVALID_REQUEST")["id"] == "t");
        host.send({{"type", "request"}, {"id", "p"}, {"command", "status"}, {"protocol", "x"}});
        CHECK(expectError(host, "INVALID_REQUEST")["error"]["field"] == "protocol");
        host.send({{"type", "blob"}, {"id", "s"}, {"blob", "x"}, {"seq", -1}, {"data", "AAAA"}});
        host.send({{"type", "request"}, {"id", "s"}, {"command", "status"}});
        CHECK(expectError(host, "INVALID_REQUEST")["id"] == "s");
        host.send({{"type", "request"}, {"id", "l"}, {"command", "status"}, {"lang", 7}});
        auto reply = host.receive(10s);
        REQUIRE(reply);
        CHECK((*reply)["type"] == "result");
    }
    SECTION("unknown message type") {
        host.send({{"type", "launch-missiles"}, {"id", "x"}});
        CHECK(expectError(host, "INVALID_REQUEST")["id"] == "x");
    }
    SECTION("unknown command") {
        const auto reply = host.call("formatDisk");
        CHECK(reply["error"]["code"] == "UNKNOWN_COMMAND");
        CHECK(reply["error"]["command"] == "formatDisk");
    }
    SECTION("a newer protocol than the host speaks") {
        host.send({{"type", "request"}, {"id", "v"}, {"command", "status"}, {"protocol", 99}});
        const auto reply = expectError(host, "VERSION_MISMATCH");
        CHECK(reply["error"]["supported"] == 1);
    }
    SECTION("mistyped fields") {
        CHECK(host.call("status", json::array())["error"]["code"] == "INVALID_REQUEST");
        const auto reply = host.call("signHash", {{"thumbprint", 42}});
        CHECK(reply["error"]["code"] == "INVALID_REQUEST");
        CHECK(reply["error"]["field"] == "params.thumbprint");
        const auto missing =
            host.call("signHash", {{"thumbprint", "00"}, {"hashAlgorithm", "SHA-256"}});
        CHECK(missing["error"]["field"] == "params.hash");
    }
    SECTION("a digest of the wrong length") {
        const auto reply =
            host.call("signHash", {{"thumbprint", identity("person-rsa2048")["sha256"]},
                                   {"hashAlgorithm", "SHA-256"},
                                   {"hash", "AAAA"}});
        CHECK(reply["error"]["code"] == "INVALID_REQUEST");
        CHECK(reply["error"]["field"] == "params.hash");
        CHECK(env.dialogs().empty());  // nothing was shown to the user
    }
    SECTION("an unsupported hash") {
        const auto reply = host.call(
            "signHash", {{"thumbprint", "00"}, {"hashAlgorithm", "MD5"}, {"hash", "AAAA"}});
        CHECK(reply["error"]["code"] == "UNSUPPORTED_ALGORITHM");
    }
    expectAlive(host);
}

TEST_CASE("a truncated frame ends the session cleanly", "[integration][framing]") {
    TestEnv env;
    auto host = env.start();
    host.writeRaw(header(100) + "{\"type\":");
    host.closeStdin();
    CHECK(host.waitExit() == 0);
    CHECK_FALSE(host.receive(200ms));
}

TEST_CASE("a huge declared length with no data behind it exits cleanly", "[integration][framing]") {
    TestEnv env;
    auto host = env.start();
    host.writeRaw(header(0xFFFFFFFFU) + "abc");
    host.closeStdin();
    CHECK(host.waitExit() == 0);
}

TEST_CASE("origins are checked before anything is shown", "[integration][policy]") {
    TestEnv env;
    SECTION("defaults: https only") {
        auto host = env.start();
        for (const char* origin : {"http://dichvucong.kyso.test", "https://kyso.test/path",
                                   "http://localhost:8080", "https://user@kyso.test", "file://",
                                   "chrome-extension://abc", "https://KYSO.test", ""}) {
            CAPTURE(origin);
            const auto reply = host.call("listCertificates", json::object(), origin);
            CHECK(reply["error"]["code"] == "ORIGIN_NOT_ALLOWED");
        }
        CHECK(host.call("status", json::object(),
                        "http://evil.test")["result"]["origin"]["allowed"] == false);
        CHECK(env.dialogs().empty());
    }
    SECTION("the developer setting allows http on localhost only") {
        env.config["allowInsecureLocalhost"] = true;
        env.script({"notok"});
        auto host = env.start();
        CHECK(host.call("listCertificates", json::object(), "http://evil.test")["error"]["code"] ==
              "ORIGIN_NOT_ALLOWED");
        CHECK(host.call("listCertificates", json::object(),
                        "http://127.0.0.1:8080")["error"]["code"] == "USER_CANCELLED");
    }
    SECTION("IT policy denies and allows") {
        env.policy = {{"allowedOrigins", {"https://*.gov.vn", "https://portal.kyso.test"}},
                      {"deniedOrigins", {"https://bad.gov.vn"}}};
        env.script({"notok", "notok"});
        auto host = env.start();
        CHECK(host.call("listCertificates", json::object(),
                        "https://bad.gov.vn")["error"]["code"] == "ORIGIN_NOT_ALLOWED");
        CHECK(host.call("listCertificates", json::object(), "https://gov.vn")["error"]["code"] ==
              "ORIGIN_NOT_ALLOWED");
        CHECK(host.call("listCertificates", json::object(),
                        "https://dichvucong.kyso.test")["error"]["code"] == "ORIGIN_NOT_ALLOWED");
        CHECK(host.call("listCertificates", json::object(),
                        "https://a.b.gov.vn")["error"]["code"] == "USER_CANCELLED");
        CHECK(host.call("listCertificates", json::object(),
                        "https://portal.kyso.test")["error"]["code"] == "USER_CANCELLED");
    }
}

TEST_CASE("binary params arrive in blob frames, bounded by maxRequestBytes",
          "[integration][framing]") {
    TestEnv env;
    env.config["maxRequestBytes"] = 1024 * 1024;
    auto host = env.start();
    SECTION("a blob that is too large fails its request with TOO_LARGE") {
        const std::string chunk(524288 / 3 * 4, 'A');  // ~512 KiB decoded per frame
        for (int seq = 0; seq < 3; ++seq) {
            host.send({{"type", "blob"},
                       {"id", "big"},
                       {"blob", "doc"},
                       {"seq", seq},
                       {"last", seq == 2},
                       {"data", chunk}});
        }
        host.send({{"type", "request"},
                   {"id", "big"},
                   {"command", "signHash"},
                   {"origin", "https://dichvucong.kyso.test"},
                   {"params", {{"hash", {{"$blob", "doc"}}}}}});
        const auto reply = expectError(host, "TOO_LARGE");
        CHECK(reply["id"] == "big");
    }
    SECTION("out-of-order blob frames fail the request") {
        host.send({{"type", "blob"}, {"id", "o"}, {"blob", "h"}, {"seq", 1}, {"data", "AAAA"}});
        host.send({{"type", "request"},
                   {"id", "o"},
                   {"command", "signHash"},
                   {"origin", "https://dichvucong.kyso.test"},
                   {"params", json::object()}});
        expectError(host, "INVALID_REQUEST");
    }
    SECTION("a reference to a blob never sent") {
        const auto reply =
            host.call("signHash", {{"thumbprint", identity("person-rsa2048")["sha256"]},
                                   {"hashAlgorithm", "SHA-256"},
                                   {"hash", {{"$blob", "nothing"}}}});
        CHECK(reply["error"]["code"] == "INVALID_REQUEST");
    }
    expectAlive(host);
}
