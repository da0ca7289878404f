// Large blob frames are read by a fast path (native_session.cpp: the base64 value is cut out
// before the JSON parser sees the frame). Whatever way a client writes valid JSON, the bytes
// must arrive the same: with spaces (Python's json.dumps), with escaped slashes ("\/", which
// some encoders write), with a nested "data" key before the real one.
#include <catch2/catch.hpp>

#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

std::string escapeSlashes(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '/') {
            out += "\\/";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

TEST_CASE("blob frames written in other valid JSON forms arrive intact", "[integration][framing]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    setUpForVietnam(env);
    const std::string pin = "pin:" + test::tokenPin(id["token"]);
    env.script({pin, pin, pin});
    auto host = env.start();
    const Bytes input = pdfWithPayload(300 * 1024);  // one frame, far above the fast path's 64 KiB
    const std::string data = base64Encode(input);
    REQUIRE(data.find('/') != std::string::npos);  // so that escaping them changes the frame

    const std::vector<std::pair<std::string, std::string>> forms = {
        {"spaced",
         "{\"type\": \"blob\", \"id\": \"f1\", \"blob\": \"document\", \"seq\": 0, "
         "\"last\": true, \"data\": \"" +
             data + "\"}"},
        {"escaped slashes",
         "{\"type\":\"blob\",\"id\":\"f2\",\"blob\":\"document\",\"seq\":0,"
         "\"last\":true,\"data\":\"" +
             escapeSlashes(data) + "\"}"},
        {"nested data key",
         "{\"meta\":{\"data\":\"\"},\"type\":\"blob\",\"id\":\"f3\",\"blob\":"
         "\"document\",\"seq\":0,\"last\":true,\"data\":\"" +
             data + "\"}"},
    };
    int n = 0;
    for (const auto& [form, frame] : forms) {
        INFO(form);
        const std::string rid = "f" + std::to_string(++n);
        host.sendFrame(frame);
        const auto done =
            exchange(host, rid, "signPdf",
                     {{"document", {{"$blob", "document"}}}, {"thumbprint", id["sha256"]}});
        INFO(done.reply.dump().substr(0, 500));
        REQUIRE(done.reply["type"] == "result");
        const Bytes signedPdf = signedDocument(done, done.reply["result"], input);
        CHECK(signedPdf.size() > input.size());
    }
}
