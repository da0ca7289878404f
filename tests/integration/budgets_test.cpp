// One site cannot starve the others (issue 9, §6), against the real host over pipes: blobs
// are accounted per origin with their names and bookkeeping, blobs whose request never comes
// expire, and a site whose dialogs the user keeps cancelling must wait before asking again.
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "core/bytes.hpp"
#include "test_env.hpp"

using namespace kyso::test;
using nlohmann::json;

namespace {

const std::string kParker = "https://parker.kyso.test";
const std::string kSigner = "https://dichvucong.kyso.test";  // TestEnv's policy lets it sign

json blobFrame(const std::string& id, const std::string& name, const std::string& origin,
               const std::string& data, int seq = 0, bool last = true) {
    return {{"type", "blob"}, {"id", id},     {"blob", name},    {"seq", seq},
            {"last", last},   {"data", data}, {"origin", origin}};
}

json request(const std::string& id, const std::string& command, const std::string& origin,
             json params = json::object()) {
    return {{"type", "request"},
            {"id", id},
            {"command", command},
            {"origin", origin},
            {"params", std::move(params)}};
}

// The final message for request `id` (progress events skipped).
json replyTo(HostProcess& host, const std::string& id) {
    for (;;) {
        auto frame = host.receive(60s);
        REQUIRE(frame);
        if ((*frame)["id"] == id && (*frame)["type"] != "progress") {
            return *frame;
        }
    }
}

// signHash of a SHA-256 digest sent as a blob, from `origin`.
json signHashWithBlob(HostProcess& host, const std::string& id, const std::string& origin) {
    const std::vector<std::uint8_t> digest(32, 0x42);
    host.send(blobFrame(id, "h", origin, kyso::base64Encode(digest)));
    host.send(request(id, "signHash", origin,
                      {{"thumbprint", identity("person-rsa2048")["sha256"]},
                       {"hashAlgorithm", "SHA-256"},
                       {"hash", {{"$blob", "h"}}}}));
    return replyTo(host, id);
}

// A line of /proc/<pid>/status in kB (VmHWM: the peak resident set, VmRSS: now).
long procStatusKb(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key + ":", 0) == 0) {
            return std::stol(line.substr(key.size() + 1));
        }
    }
    return -1;
}

std::string pinFor(const char* name) {
    return "pin:" + tokenPin(identity(name)["token"]);
}

}  // namespace

TEST_CASE("blobs one origin parks without requests do not starve another origin",
          "[integration][budgets]") {
    TestEnv env;
    env.config["maxRequestBytes"] = 1024 * 1024;
    env.script({pinFor("person-rsa2048")});
    auto host = env.start();
    // The parker fills its own budget with blobs whose requests never come...
    const std::string half(524286 / 3 * 4, 'A');
    host.send(blobFrame("p1", "doc", kParker, half));
    host.send(blobFrame("p2", "doc", kParker, half));
    // ...so its next blob fails that request alone, with TOO_LARGE
    host.send(blobFrame("p3", "doc", kParker, std::string(4000, 'A')));
    host.send(request("p3", "signHash", kParker, {{"hash", {{"$blob", "doc"}}}}));
    const auto refused = replyTo(host, "p3");
    INFO(refused.dump());
    CHECK(refused["error"]["code"] == "TOO_LARGE");
    CHECK(refused["error"]["limit"] == 1024 * 1024);
    // Another origin's request with a blob still goes through (on one shared budget it failed)
    const auto signedHash = signHashWithBlob(host, "s1", kSigner);
    INFO(signedHash.dump());
    CHECK(signedHash["type"] == "result");
    CHECK(env.dialogs().size() == 1);
    // A request's blobs are its origin's: another origin cannot use them
    host.send(request("p1", "signHash", kSigner, {{"hash", {{"$blob", "doc"}}}}));
    const auto stolen = replyTo(host, "p1");
    INFO(stolen.dump());
    CHECK(stolen["error"]["code"] == "INVALID_REQUEST");
    CHECK(stolen["error"]["field"] == "origin");
}

TEST_CASE("300 thousand empty blobs with distinct names from one origin are bounded",
          "[integration][budgets]") {
    TestEnv env;
    env.script({pinFor("person-rsa2048")});
    auto host = env.start();
    REQUIRE(host.call("status", json::object(), "")["type"] == "result");
    const long before = procStatusKb(host.pid(), "VmHWM");
    REQUIRE(before > 0);
    constexpr int kFrames = 300000;
    for (int i = 0; i < kFrames; ++i) {
        // 300 requests of 1,000 names, as a page would send them
        host.send(blobFrame("e" + std::to_string(i / 1000), "n" + std::to_string(i), kParker, ""));
    }
    host.send(request("e299", "signHash", kParker, {{"hash", {{"$blob", "n299999"}}}}));
    const auto reply = replyTo(host, "e299");
    const long after = procStatusKb(host.pid(), "VmHWM");
    WARN("kyso-host VmHWM before " << before << " kB, after " << kFrames << " empty blob frames "
                                   << after << " kB");
    INFO(reply.dump());
    CHECK(reply["error"]["code"] == "TOO_LARGE");
    // About 4,000 blobs of bookkeeping (1 MiB accounted) are held, not 300,000 (75 MB before).
    // Under AddressSanitizer freed memory waits in its quarantine (256 MB) and every block
    // carries redzones, so peak RSS says nothing about what the host holds: the bound is
    // checked by the normal build's run of this test, the typed refusal by both.
#ifndef __SANITIZE_ADDRESS__
    CHECK(after - before < 16 * 1024);
#endif
    // and another origin is not affected
    CHECK(signHashWithBlob(host, "s1", kSigner)["type"] == "result");
}

TEST_CASE("blobs whose request never comes expire", "[integration][budgets]") {
    TestEnv env;
    env.config["blobExpirySeconds"] = 1;
    env.config["dialogTimeoutSeconds"] = 5;
    auto host = env.start();
    SECTION("a request after the expiry gets INVALID_REQUEST, without a dialog") {
        env.script({pinFor("person-rsa2048")});
        const std::vector<std::uint8_t> digest(32, 1);
        host.send(blobFrame("late", "h", kSigner, kyso::base64Encode(digest)));
        std::this_thread::sleep_for(1500ms);
        host.send(request("late", "signHash", kSigner,
                          {{"thumbprint", identity("person-rsa2048")["sha256"]},
                           {"hashAlgorithm", "SHA-256"},
                           {"hash", {{"$blob", "h"}}}}));
        const auto reply = replyTo(host, "late");
        INFO(reply.dump());
        CHECK(reply["error"]["code"] == "INVALID_REQUEST");
        CHECK(reply["error"]["detail"].get<std::string>().find("expired") != std::string::npos);
        CHECK(env.dialogs().empty());
        // the same thing in time works
        CHECK(signHashWithBlob(host, "soon", kSigner)["type"] == "result");
    }
    SECTION("blobs do not age while another request's dialog is open") {
        // Another tab's dialog takes 2.5 s; the blobs read before it still count as fresh.
        env.script({"sleep:2500", "cancel", pinFor("person-rsa2048")});
        const std::vector<std::uint8_t> digest(32, 2);
        host.send(blobFrame("behind", "h", kSigner, kyso::base64Encode(digest)));
        host.send(request("dialog", "listCertificates", kParker));
        host.send(request("behind", "signHash", kSigner,
                          {{"thumbprint", identity("person-rsa2048")["sha256"]},
                           {"hashAlgorithm", "SHA-256"},
                           {"hash", {{"$blob", "h"}}}}));
        CHECK(replyTo(host, "dialog")["error"]["code"] == "USER_CANCELLED");
        const auto reply = replyTo(host, "behind");
        INFO(reply.dump());
        CHECK(reply["type"] == "result");
    }
}

TEST_CASE("after three cancels in a row a site waits before it may ask again",
          "[integration][budgets]") {
    TestEnv env;
    env.config["cancelBackoffSeconds"] = 2;
    env.script({"cancel", "timeout", "notok", "ok", "cancel", "cancel"});
    auto host = env.start();
    const auto codeOf = [](const json& reply) -> std::string {
        return reply.contains("error") ? reply["error"].value("code", "") : "result";
    };
    CHECK(codeOf(host.call("listCertificates", json::object(), kParker)) == "USER_CANCELLED");
    CHECK(codeOf(host.call("listCertificates", json::object(), kParker)) == "TIMEOUT");
    CHECK(codeOf(host.call("listCertificates", json::object(), kParker)) == "USER_CANCELLED");
    REQUIRE(env.dialogs().size() == 3);

    // The fourth and what was queued behind it: refused without a dialog
    for (int i = 0; i < 3; ++i) {
        const auto limited = host.call("listCertificates", json::object(), kParker);
        INFO(limited.dump());
        REQUIRE(codeOf(limited) == "RATE_LIMITED");
        CHECK(limited["error"]["retryAfterSeconds"].get<int>() >= 1);
        CHECK(limited["error"]["retryAfterSeconds"].get<int>() <= 2);
    }
    CHECK(
        codeOf(host.call("signHash", {{"hash", kyso::base64Encode(std::vector<std::uint8_t>(32))}},
                         kParker)) == "RATE_LIMITED");
    CHECK(env.dialogs().size() == 3);
    // status is never limited, nor a command that shows no dialog
    CHECK(host.call("status", json::object(), kParker)["type"] == "result");
    CHECK(codeOf(host.call("preparePdfDraft", json::object(), kParker)) != "RATE_LIMITED");
    // Another origin is not affected
    CHECK(host.call("listCertificates", json::object(), kSigner)["type"] == "result");
    CHECK(env.dialogs().size() == 4);

    // After the window the site may ask again; one more cancel doubles the wait
    std::this_thread::sleep_for(2100ms);
    CHECK(codeOf(host.call("listCertificates", json::object(), kParker)) == "USER_CANCELLED");
    CHECK(env.dialogs().size() == 5);
    const auto doubled = host.call("listCertificates", json::object(), kParker);
    REQUIRE(codeOf(doubled) == "RATE_LIMITED");
    CHECK(doubled["error"]["retryAfterSeconds"].get<int>() >= 3);
    CHECK(doubled["error"]["retryAfterSeconds"].get<int>() <= 4);
    CHECK(env.dialogs().size() == 5);
}
