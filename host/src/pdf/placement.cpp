#include "pdf/placement.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace kyso::pdf {

namespace {

struct Point {
    double x, y;
};

// A point of the displayed page (origin at its bottom-left, x right, y up) in user space.
// /Rotate turns the page clockwise for display, so e.g. at 90 degrees "right" on screen is
// user +y and "up" on screen is user -x.
Point toUserSpace(Point shown, const PageGeometry& page) {
    const Rect& v = page.visible;
    switch (page.rotate) {
        case 90:
            return {v.urx - shown.y, v.lly + shown.x};
        case 180:
            return {v.urx - shown.x, v.ury - shown.y};
        case 270:
            return {v.llx + shown.y, v.ury - shown.x};
        default:
            return {v.llx + shown.x, v.lly + shown.y};
    }
}

}  // namespace

int drawnRotation(const PageGeometry& page) {
    if (page.rotationAmbiguous) {
        throw Error(ErrorCode::InvalidPdf,
                    "the page's /Rotate is not a whole multiple of 90: viewers disagree on how to "
                    "show such a page, so kyso does not place a signature, stamp or field on it");
    }
    return page.rotate;
}

Rect placeBox(const SignatureBox& box, const PageGeometry& page) {
    drawnRotation(page);
    const bool sideways = page.rotate == 90 || page.rotate == 270;
    const double shownWidth = sideways ? page.visible.height() : page.visible.width();
    const double shownHeight = sideways ? page.visible.width() : page.visible.height();
    const bool right = box.corner == PageCorner::BottomRight || box.corner == PageCorner::TopRight;
    const bool top = box.corner == PageCorner::TopLeft || box.corner == PageCorner::TopRight;
    const double left = right ? shownWidth - box.offsetX - box.width : box.offsetX;
    const double bottom = top ? shownHeight - box.offsetY - box.height : box.offsetY;
    const Point a = toUserSpace({left, bottom}, page);
    const Point b = toUserSpace({left + box.width, bottom + box.height}, page);
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

Matrix uprightMatrix(int rotate) {
    switch (rotate) {
        case 90:
            return {0, 1, -1, 0, 0, 0};
        case 180:
            return {-1, 0, 0, -1, 0, 0};
        case 270:
            return {0, -1, 1, 0, 0, 0};
        default:
            return {};
    }
}

}  // namespace kyso::pdf
