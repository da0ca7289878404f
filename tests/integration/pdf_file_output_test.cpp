// The CLI's file writing (commands/pdf_file_output.hpp), on real files: what a crash or a
// concurrent writer could otherwise break.
#include "commands/pdf_file_output.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "core/error.hpp"
#include "pdf_support.hpp"

using namespace kyso;

namespace {

Bytes bytesOf(const std::string& text) {
    return Bytes(text.begin(), text.end());
}

}  // namespace

TEST_CASE("writeSignedCopy writes input + update atomically, and nothing on failure",
          "[integration][pdf][files]") {
    pdftest::TempDir dir;
    const Bytes input = bytesOf("%PDF-1.7 input");
    const Bytes update = bytesOf("\nupdate");
    const auto out = dir / "out.pdf";
    pdftest::writeFile(out, bytesOf("an older output"));

    writeSignedCopy(out.string(), pdf::InputView::of(input), update);
    CHECK(pdftest::text(pdftest::readFile(out)) == "%PDF-1.7 input\nupdate");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 1);  // no temporary file left behind

    const auto nowhere = dir / "missing-directory" / "out.pdf";
    CHECK_THROWS_AS(writeSignedCopy(nowhere.string(), pdf::InputView::of(input), update), Error);
    CHECK_FALSE(std::filesystem::exists(nowhere.parent_path()));
}

TEST_CASE("appendSignedUpdate refuses a file that changed since it was read",
          "[integration][pdf][files]") {
    pdftest::TempDir dir;
    const auto file = dir / "doc.pdf";
    pdftest::writeFile(file, bytesOf("%PDF-1.7 original"));
    const auto whenRead = identifyFile(file.string());

    SECTION("unchanged: the update is appended") {
        appendSignedUpdate(file.string(), whenRead, bytesOf(" +update"));
        CHECK(pdftest::text(pdftest::readFile(file)) == "%PDF-1.7 original +update");
    }
    SECTION("changed by someone else: nothing is written") {
        std::ofstream(file, std::ios::app) << " edited";
        CHECK_THROWS_AS(appendSignedUpdate(file.string(), whenRead, bytesOf(" +update")), Error);
        CHECK(pdftest::text(pdftest::readFile(file)) == "%PDF-1.7 original edited");
    }
    SECTION("replaced by another file of the same size: nothing is written") {
        const auto other = dir / "other.pdf";
        pdftest::writeFile(other, bytesOf("%PDF-1.7 replaced"));
        std::filesystem::rename(other, file);
        CHECK_THROWS_AS(appendSignedUpdate(file.string(), whenRead, bytesOf(" +update")), Error);
        CHECK(pdftest::text(pdftest::readFile(file)) == "%PDF-1.7 replaced");
    }
}

TEST_CASE("samePath sees through links and relative names", "[integration][pdf][files]") {
    pdftest::TempDir dir;
    const auto file = dir / "a.pdf";
    pdftest::writeFile(file, bytesOf("x"));
    REQUIRE(::symlink(file.c_str(), (dir / "link.pdf").c_str()) == 0);
    CHECK(samePath(file.string(), (dir / "link.pdf").string()));
    CHECK(samePath(file.string(), (dir / "." / "a.pdf").string()));
    CHECK_FALSE(samePath(file.string(), (dir / "b.pdf").string()));
}
