// What the pinentry really receives (the scripted pinentry's log of SETDESC): long page text
// never pushes who asks, the certificate or the consent line out of the dialog; fills are
// shown whole or refused before any dialog.
#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "pdf_support.hpp"
#include "test_env.hpp"

using namespace kyso;
using namespace kyso::test;
using nlohmann::json;

namespace {

// A valid origin of 255 characters, the protocol's limit.
std::string longestOrigin() {
    std::string host =
        std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + ".";
    host += std::string(255 - 8 - host.size() - 3, 'd') + ".vn";
    return "https://" + host;
}

std::string times(const std::string& piece, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += piece;
    }
    return out;
}

}  // namespace

TEST_CASE(
    "dialog budget: a long origin and 200 four-byte characters still show who, which "
    "certificate and the consent line",
    "[integration][dialog]") {
    const auto& id = identity("person-rsa2048");
    const std::string origin = longestOrigin();
    REQUIRE(origin.size() == 255);
    TestEnv env;
    env.policy = {{"hashSigningOrigins", {origin}}};
    env.script({"cancel"});
    auto host = env.start();
    std::vector<std::uint8_t> digest(32, 1);
    const std::string description = times("\xF0\x9F\x98\x80", 200);  // U+1F600 x 200
    const auto reply = host.call("signHash",
                                 {{"thumbprint", id["sha256"]},
                                  {"hashAlgorithm", "SHA-256"},
                                  {"hash", base64Encode(digest)},
                                  {"description", description}},
                                 origin);
    INFO(reply.dump());
    CHECK(reply["error"]["code"] == "USER_CANCELLED");
    const auto dialogs = env.dialogs();
    REQUIRE(dialogs.size() == 1);
    const std::string desc = dialogs[0]["desc"];
    INFO(desc);
    CHECK(desc.find(origin) != std::string::npos);
    CHECK(desc.find(id["subjectCN"].get<std::string>()) != std::string::npos);
    CHECK(desc.find("Kyso Test CA phục vụ các cơ quan Nhà nước G2") != std::string::npos);
    CHECK(desc.find("hết hạn ngày") != std::string::npos);
    CHECK(desc.find("Nhập mã PIN nghĩa là bạn đồng ý.") != std::string::npos);
    // The site's text is what gave way, and the dialog says how much is not shown.
    CHECK(desc.find(description) == std::string::npos);
    CHECK(desc.find("lược bớt") != std::string::npos);
}

TEST_CASE("dialog budget: fills are shown whole, or refused before any dialog",
          "[integration][dialog][pdf]") {
    const auto& id = identity("person-rsa2048");
    const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
    // One value of 440 characters (within the 480-byte limit): more than the 200 the dialog
    // used to show of it.
    const std::string value = std::string(432, '1') + "/QĐ-UBND";
    const json fill = {
        {{"field", "SoKyHieu"}, {"value", value}, {"rect", {20, 50, 560, 20}}, {"fontSize", 4}}};
    const json params = {{"document", {{"$blob", "pdf"}}},
                         {"fileName", "qd.pdf"},
                         {"thumbprint", id["sha256"]},
                         {"fill", fill}};
    {
        TestEnv env;
        pdfit::setUpForVietnam(env);
        env.script({"cancel"});
        auto host = env.start();
        const auto done = pdfit::exchange(host, "f1", "signPdf", params, {{"pdf", input}});
        INFO(done.reply.dump());
        CHECK(done.reply["error"]["code"] == "USER_CANCELLED");
        const auto dialogs = env.dialogs();
        REQUIRE(dialogs.size() == 1);
        CHECK(dialogs[0]["desc"].get<std::string>().find("SoKyHieu: " + value) !=
              std::string::npos);
    }
    // The same fill from a site with the longest origin cannot be shown whole next to it.
    TestEnv env;
    pdfit::setUpForVietnam(env);
    env.policy = {{"hashSigningOrigins", {longestOrigin()}}};
    env.script({"cancel"});
    auto host = env.start();
    json inlineParams = params;
    inlineParams["document"] = base64Encode(input);
    const auto reply = host.call("signPdf", inlineParams, longestOrigin());
    INFO(reply.dump());
    CHECK(reply["error"]["code"] == "INVALID_REQUEST");
    CHECK(reply["error"]["field"] == "params.fill");
    CHECK(env.dialogs().empty());
}
