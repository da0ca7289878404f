#!/usr/bin/env bash
# make-vietnamese-doc.sh OUTDIR [--pdfa|--annexes] — a Vietnamese official letter (công văn) as
# LibreOffice writes it: OUTDIR/cong-van.pdf (PDF 1.6/1.7, embedded subset fonts, tagged
# structure), made from a flat ODF text document with LibreOffice Writer
# (libreoffice-writer-nogui). With --pdfa: OUTDIR/cong-van-pdfa.pdf instead, exported as
# PDF/A-2b (writer_pdf_Export's SelectPdfVersion 2), as archives (Nghị định 30) ask for.
# With --annexes: OUTDIR/cong-van-3-trang.pdf, the letter and two annex pages (signers on
# different pages).
# Each export starts LibreOffice once (about 4 s). Exits 3 if soffice is not installed.
set -euo pipefail
out=${1:?usage: make-vietnamese-doc.sh OUTDIR [--pdfa]}
name=cong-van
filter=pdf
if [ "${2:-}" = --pdfa ]; then
  name=cong-van-pdfa
  filter='pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
elif [ "${2:-}" = --annexes ]; then
  name=cong-van-3-trang
fi
command -v soffice >/dev/null || exit 3
mkdir -p "$out"
[ -s "$out/$name.pdf" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/cong-van.fodt" <<'DOC'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
    xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:text-properties style:font-name="Liberation Serif" fo:font-size="13pt"/>
  </style:style>
  <style:style style:name="Center" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
 </office:styles>
 <office:body>
  <office:text>
   <text:p text:style-name="Center">ỦY BAN NHÂN DÂN TỈNH KYSO</text:p>
   <text:p text:style-name="Center">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</text:p>
   <text:p text:style-name="Center">Độc lập - Tự do - Hạnh phúc</text:p>
   <text:p text:style-name="Standard">Số: 123/UBND-VP</text:p>
   <text:p text:style-name="Standard">V/v triển khai chữ ký số chuyên dùng Chính phủ</text:p>
   <text:p text:style-name="Standard">Kính gửi: Các sở, ban, ngành thuộc tỉnh.</text:p>
   <text:p text:style-name="Standard">Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị sử dụng chữ ký số trong gửi, nhận văn bản điện tử.</text:p>
   <text:p text:style-name="Standard">Nơi nhận: Như trên; Lưu: VT.</text:p>
   <text:p text:style-name="Center">TM. ỦY BAN NHÂN DÂN — CHỦ TỊCH</text:p>
  </office:text>
 </office:body>
</office:document>
DOC
if [ "$name" = cong-van-3-trang ]; then
  # Two annexes, each starting a new page.
  sed -i -e 's|</office:styles>|<style:style style:name="Annex" style:family="paragraph" style:parent-style-name="Center"><style:paragraph-properties fo:break-before="page"/></style:style></office:styles>|' \
    -e 's|</office:text>|<text:p text:style-name="Annex">PHỤ LỤC I: Danh sách cơ quan</text:p><text:p text:style-name="Standard">Sở Thông tin và Truyền thông.</text:p><text:p text:style-name="Annex">PHỤ LỤC II: Lịch triển khai</text:p><text:p text:style-name="Standard">Quý I năm 2027.</text:p></office:text>|' \
    "$work/cong-van.fodt"
fi
# A private profile: never touch the user's LibreOffice settings.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to "$filter" \
  --outdir "$work" "$work/cong-van.fodt" >/dev/null 2>&1
mv "$work/cong-van.pdf" "$out/$name.pdf"
