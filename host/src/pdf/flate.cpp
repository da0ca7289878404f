#include "pdf/flate.hpp"

#include <memory>

#include "pdf/podofo.hpp"
#include "pdf/source_document.hpp"

namespace kyso::pdf {

Bytes flateEncode(const Bytes& data) {
    return withPodofo("compression failed", [&] {
        // PdfFilterFactory::Create returns an owning raw pointer (std::auto_ptr in PoDoFo's
        // own code); Encode allocates its output with podofo_malloc.
        std::unique_ptr<PoDoFo::PdfFilter> filter(
            PoDoFo::PdfFilterFactory::Create(PoDoFo::ePdfFilter_FlateDecode));
        char* encoded = nullptr;
        PoDoFo::pdf_long length = 0;
        filter->Encode(reinterpret_cast<const char*>(data.data()),
                       static_cast<PoDoFo::pdf_long>(data.size()), &encoded, &length);
        std::unique_ptr<char, void (*)(void*)> owned(encoded, PoDoFo::podofo_free);
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(owned.get());
        return Bytes(bytes, bytes + length);
    });
}

}  // namespace kyso::pdf
