#!/usr/bin/env python3
"""Writes the PDF samples from our own text: run `python3 samples/make-pdf-samples.py` in the
repository root. tests/pdf.rs reads what it writes.

- pdf-layout.pdf: samples/layout-pdftotext.txt typeset glyph by glyph at the columns the text
  gives it (Han and full-width glyphs 10 pt wide, others 5 pt), 60 lines a page. The title is
  drawn twice at the same place (bold faked by fill then stroke), and the 一 of 一、总体情况 is
  written as the Kangxi radical ⼀ (U+2F00), as some producers do.
- pdf-scan.pdf: one page holding only an image, as a scanner writes: no text layer.
- pdf-broken.pdf: the first half of pdf-layout.pdf, as an interrupted download leaves it.

The font is a Type0 font with Identity-H codes equal to the characters' code points and a
ToUnicode map, without an embedded font program: gouji reads only the text layer, and a
font program of our own is more than these samples need (a viewer draws its fallback glyphs).
"""

import unicodedata
import zlib
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
LINES_PER_PAGE = 60
PAGE_W, PAGE_H = 595, 842
SIZE = 10


def wide(c):
    return unicodedata.east_asian_width(c) in ("W", "F")


def pdf(objects):
    """A PDF file from its objects (1-based, bytes without `obj`/`endobj`); 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data, extra=b""):
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (
        len(packed),
        extra,
    ) + packed + b"\nendstream"


def pages_tree(page_numbers):
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    return b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers))


def layout_pdf(text):
    lines = text.split("\n")
    lines = [l.replace("一、总体情况", "\u2f00、总体情况") for l in lines]
    used = sorted({c for l in lines for c in l if c != " "})
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    # Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then page/content pairs.
    first_page = 6
    page_numbers = [first_page + 2 * i for i in range(len(pages))]
    widths = b" ".join(
        b"%d [%d]" % (ord(c), 1000 if wide(c) else 500) for c in used
    )
    tounicode = b"\n".join(
        b"1 beginbfchar\n<%04X> <%04X>\nendbfchar" % (ord(c), ord(c)) for c in used
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + tounicode
        + b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        pages_tree(page_numbers),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SampleSong /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SampleSong "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /SampleSong /Flags 4 "
        b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >> /DW 1000 /W [" + widths + b"] >>",
        stream(cmap),
    ]
    for page_index, page in enumerate(pages):
        content = bytearray(b"BT\n/F1 %d Tf\n" % SIZE)
        for row, line in enumerate(page):
            y = PAGE_H - 50 - row * 13
            column = 0
            runs = []  # (start column, text)
            for c in line:
                if c == " ":
                    column += 1
                    continue
                if runs and runs[-1][0] + runs[-1][2] == column:
                    start, run, width = runs[-1]
                    runs[-1] = (start, run + c, width + (2 if wide(c) else 1))
                else:
                    runs.append((column, c, 2 if wide(c) else 1))
                column += 2 if wide(c) else 1
            for start, run, _ in runs:
                hexed = "".join("%04X" % ord(c) for c in run).encode()
                at = b"1 0 0 1 %d %d Tm " % (40 + start * SIZE // 2, y)
                draw = at + b"<" + hexed + b"> Tj\n"
                if page_index == 0 and row == 0:
                    # The title, filled then stroked at the same place.
                    content += b"0 Tr " + draw + b"1 Tr " + draw + b"0 Tr\n"
                else:
                    content += draw
        content += b"ET\n"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_W, PAGE_H, len(objects) + 2)
        )
        objects.append(stream(bytes(content)))
    return pdf(objects)


def scan_pdf():
    # An 8×8 grey image stands in for a scanned page.
    pixels = bytes((x * 8 + y) * 3 % 256 for y in range(8) for x in range(8))
    image = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 ",
    )
    content = stream(b"q 515 0 0 762 40 40 cm /Im0 Do Q\n")
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            pages_tree([3]),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
            % (PAGE_W, PAGE_H),
            image,
            content,
        ]
    )


def main():
    text = (SAMPLES / "layout-pdftotext.txt").read_text(encoding="utf-8")
    layout = layout_pdf(text)
    (SAMPLES / "pdf-layout.pdf").write_bytes(layout)
    (SAMPLES / "pdf-scan.pdf").write_bytes(scan_pdf())
    (SAMPLES / "pdf-broken.pdf").write_bytes(layout[: len(layout) // 2])


if __name__ == "__main__":
    main()
