#include "prompt/assuan.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "prompt/utf8_text.hpp"

using namespace kyso;

TEST_CASE("escape protects %, CR, LF and other control characters only", "[prompt][assuan]") {
    CHECK(assuan::escape("100% ký\r\nx\t") == "100%25 ký%0D%0Ax%09");
    CHECK(assuan::escape("Nguyễn Thị Lấp Lánh Ánh") == "Nguyễn Thị Lấp Lánh Ánh");
}

TEST_CASE("commandLine keeps every line within Assuan's limit, cutting cleanly",
          "[prompt][assuan]") {
    CHECK(assuan::commandLine("SETDESC", "a\nb") == "SETDESC a%0Ab");
    CHECK(assuan::commandLine("GETPIN", "") == "GETPIN");
    for (std::string unit : {"ệ", "%", "\n", "a"}) {
        std::string text;
        while (text.size() < 3000) {
            text += unit;
        }
        CAPTURE(unit);
        std::string line = assuan::commandLine("SETDESC", text);
        CHECK(line.size() <= assuan::kMaxLineBytes);
        CHECK(line.size() > assuan::kMaxLineBytes - 8);
        CHECK(line.substr(line.size() - 3) == "…");
        // Nothing broken before the ellipsis: whole characters, whole escapes.
        std::string body = line.substr(8, line.size() - 8 - 3);
        std::string decoded;
        REQUIRE(assuan::appendDecoded(body, decoded, 10000));
        CHECK(decoded.size() % unit.size() == 0);
        CHECK(utf8::cleanUntrusted(decoded, 10000).find("\xEF\xBF\xBD") == std::string::npos);
    }
}

TEST_CASE("appendDecoded undoes escapes and refuses malformed or oversized data",
          "[prompt][assuan]") {
    std::string out;
    CHECK(assuan::appendDecoded("a%25b%0a%C3%BC", out, 100));
    CHECK(out == "a%b\nü");
    for (std::string bad : {"%", "%2", "%zz", "ab%g1"}) {
        std::string ignored;
        CAPTURE(bad);
        CHECK_FALSE(assuan::appendDecoded(bad, ignored, 100));
    }
    std::string limited;
    CHECK_FALSE(assuan::appendDecoded("12345", limited, 4));
    CHECK(limited.size() <= 4);
}

TEST_CASE("reply lines are told apart", "[prompt][assuan]") {
    CHECK(assuan::parseLine("OK").kind == assuan::LineKind::Ok);
    CHECK(assuan::parseLine("OK Pleased to meet you").rest == "Pleased to meet you");
    CHECK(assuan::parseLine("D abc").kind == assuan::LineKind::Data);
    CHECK(assuan::parseLine("D abc").rest == "abc");
    CHECK(assuan::parseLine("S PROGRESS 1").kind == assuan::LineKind::Status);
    CHECK(assuan::parseLine("# hello").kind == assuan::LineKind::Comment);
    CHECK(assuan::parseLine("INQUIRE QUALITY x").kind == assuan::LineKind::Inquire);
    CHECK(assuan::parseLine("OKAY").kind == assuan::LineKind::Unknown);
    CHECK(assuan::parseLine("Data").kind == assuan::LineKind::Unknown);
    CHECK(assuan::parseLine("").kind == assuan::LineKind::Unknown);

    auto cancel = assuan::parseErr("83886179 Operation cancelled <Pinentry>");
    REQUIRE(cancel);
    CHECK(cancel->code() == assuan::kErrCanceled);
    CHECK(cancel->text == "Operation cancelled <Pinentry>");
    CHECK(assuan::parseErr("83886194 Not confirmed")->code() == assuan::kErrNotConfirmed);
    CHECK(assuan::parseErr("83886142")->code() == assuan::kErrTimeout);
    CHECK_FALSE(assuan::parseErr("cancelled"));
    CHECK_FALSE(assuan::parseErr("99999999999 too big"));
    CHECK_FALSE(assuan::parseErr("12x"));
}

TEST_CASE("page text is cleaned before a trusted dialog shows it", "[prompt][utf8]") {
    CHECK(utf8::cleanUntrusted("Tờ khai\nTrang https://evil", 100) == "Tờ khai Trang https://evil");
    CHECK(utf8::cleanUntrusted("abc\xE2\x80\xAE"
                               "fdp.exe",
                               100) == "abcfdp.exe");  // U+202E
    CHECK(utf8::cleanUntrusted("a\xFF"
                               "b",
                               100) ==
          "a\xEF\xBF\xBD"
          "b");
    CHECK(utf8::cleanUntrusted("\xC0\xAF", 100) == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
    CHECK(utf8::cleanUntrusted("Lấp Lánh", 3) == "Lấp…");
    CHECK(utf8::length("Ánh") == 3);
}
