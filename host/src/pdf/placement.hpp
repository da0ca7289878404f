#pragma once

// Where a visible signature goes. Callers think in the page as it is displayed (after /Rotate,
// inside the CropBox); PDF annotations live in the page's default user space. This converts.

namespace kyso::pdf {

struct Rect {
    double llx = 0, lly = 0, urx = 0, ury = 0;
    double width() const { return urx - llx; }
    double height() const { return ury - lly; }
};

enum class PageCorner { BottomLeft, BottomRight, TopLeft, TopRight };

// How a line sits in its box; for a text field, its /Q (0, 1, 2).
enum class TextAlign { Left, Center, Right };

// A box of width x height points whose corner `corner` is offsetX/offsetY points away from the
// same corner of the displayed page (offsets point inwards). E.g. the Nghị định 30 copy mark:
// {TopRight, 20, 20, 170, 30}.
struct SignatureBox {
    PageCorner corner = PageCorner::BottomRight;
    double offsetX = 36;
    double offsetY = 36;
    double width = 170;
    double height = 50;
};

// The page's visible area and orientation: CropBox (or MediaBox) and /Rotate (0, 90, 180, 270).
struct PageGeometry {
    Rect visible;
    int rotate = 0;
    // /Rotate is a real or not a multiple of 90 (ISO 32000-1 7.7.3.3 wants one): viewers
    // disagree on how to show the page (measured: poppler 22.12 shows /Rotate 90.0 and 45
    // unrotated, MuPDF 1.21 rotates both by 90 and 135 by 180), so nothing is placed or drawn
    // on it. Signing without anything to show stays possible.
    bool rotationAmbiguous = false;
};

// `page.rotate`, for drawing on the page; INVALID_PDF when the rotation is ambiguous.
int drawnRotation(const PageGeometry& page);

// The annotation rectangle in default user space.
Rect placeBox(const SignatureBox& box, const PageGeometry& page);

// The appearance stream's /Matrix for a page rotated by `rotate` degrees (clockwise when
// displayed): it turns the form so its text reads upright on screen. Six numbers a b c d e f.
struct Matrix {
    double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
};
Matrix uprightMatrix(int rotate);

}  // namespace kyso::pdf
