#include "pdf/appearance.hpp"

#include "core/error.hpp"

namespace kyso::pdf {

std::uint32_t writeEmptyAppearance(UpdateWriter& writer, ObjectNumbers& numbers) {
    const std::uint32_t number = numbers.allocate();
    writer.writeStreamObject(number, " /Type /XObject /Subtype /Form /BBox [0 0 0 0]", Bytes{});
    return number;
}

std::uint32_t writeAppearance(UpdateWriter&, ObjectNumbers&, const Rect&, int,
                              const AppearanceContent&) {
    throw Error(ErrorCode::Internal, "not yet");
}

}  // namespace kyso::pdf
