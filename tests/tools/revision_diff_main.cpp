// kyso-revision-diff FILE.pdf...: for each signature, what the later revisions change and how a
// revision-comparing validator would class it (pdf/revision_diff.hpp). For developers: exits 1
// when an earlier signature is beyond form filling or not permitted, 2 when a file is unreadable.

#include <iostream>

#include "core/error.hpp"
#include "pdf/input_view.hpp"
#include "pdf/revision_diff.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: kyso-revision-diff FILE.pdf...\n";
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        try {
            const kyso::pdf::MappedFile file(argv[i]);
            std::cout << argv[i] << ":\n";
            for (const auto& report : kyso::pdf::diffSignedRevisions(file.view())) {
                std::cout << kyso::pdf::describe(report);
                if (report.changeClass > kyso::pdf::ChangeClass::FormFilling || !report.permitted) {
                    status = std::max(status, 1);
                }
            }
        } catch (const kyso::Error& e) {
            std::cerr << argv[i] << ": " << e.what() << "\n";
            status = 2;
        }
    }
    return status;
}
