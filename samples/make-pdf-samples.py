#!/usr/bin/env python3
"""Writes the PDF samples from our own text: run `python3 samples/make-pdf-samples.py` in the
repository root. tests/pdf.rs reads what it writes.

- pdf-layout.pdf: samples/layout-pdftotext.txt typeset glyph by glyph at the columns the text
  gives it (Han and full-width glyphs 10 pt wide, others 5 pt), 60 lines a page. The title is
  drawn twice at the same place (bold faked by fill then stroke), and the 一 of 一、总体情况 is
  written as the Kangxi radical ⼀ (U+2F00), as some producers do.
- pdf-scan.pdf: one page holding only an image, as a scanner writes: no text layer.
- pdf-broken.pdf: the first half of pdf-layout.pdf, as an interrupted download leaves it.
- pdf-ruled.pdf: samples/layout-tab-separated.txt typeset as a report with ruled tables, as
  most agencies publish them: every cell a ruled box, 表三's row labels in three columns
  (三、本年度办理结果 written down one cell spanning the result rows, （三）不予公开 and its
  kin spanning their items' rows, 一、 and 四、 rows' labels spanning all three), its header
  cells merged across and down, blank cells left blank. 表二's column rules are drawn out of
  register, through each row's first digit, so gouji must read that table from its
  characters' positions instead.
- pdf-encrypted.pdf: a page of text behind the standard security handler with a user
  password (an /Encrypt dictionary in the trailer).

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


def pdf(objects, trailer=b""):
    """A PDF file from its objects (1-based, bytes without `obj`/`endobj`); 1 is the catalog;
    `trailer`: more entries for the trailer dictionary."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
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


def font_objects(used):
    """Objects 3, 4 and 5: the Type0 font, its CID font and its ToUnicode map, for the
    characters `used` (Han and full-width ones 1000 units wide, others 500)."""
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
    return [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SampleSong /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SampleSong "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /SampleSong /Flags 4 "
        b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >> /DW 1000 /W [" + widths + b"] >>",
        stream(cmap),
    ]


def layout_pdf(text):
    lines = text.split("\n")
    lines = [l.replace("一、总体情况", "\u2f00、总体情况") for l in lines]
    used = sorted({c for l in lines for c in l if c != " "})
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    # Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then page/content pairs.
    first_page = 6
    page_numbers = [first_page + 2 * i for i in range(len(pages))]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", pages_tree(page_numbers)] + font_objects(
        used
    )
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


TABLE_SIZE = 8
TABLE_LEAD = 10
PROSE_LEAD = 16
MARGIN = 50


def text_width(text, size):
    return sum(size if wide(c) else size / 2 for c in text)


def wrap(text, width, size):
    """`text` broken into lines no wider than `width`, character by character, as a word
    processor breaks Han text."""
    lines, line = [], ""
    for c in text:
        if line and text_width(line + c, size) > width:
            lines.append(line)
            line = c
        else:
            line += c
    return lines + [line] if line else lines


class Canvas:
    """Pages of text runs and ruled boxes, in points from the page's top left."""

    def __init__(self):
        self.pages = [[]]
        self.y = MARGIN

    def room(self, height):
        if self.y + height > PAGE_H - MARGIN:
            self.pages.append([])
            self.y = MARGIN

    def text(self, x, top, size, text):
        self.pages[-1].append(("text", x, top, size, text))

    def box(self, x0, top, x1, bottom):
        self.pages[-1].append(("box", x0, top, x1, bottom))

    def prose(self, line):
        for part in wrap(line, PAGE_W - 2 * MARGIN, SIZE) or [""]:
            self.room(PROSE_LEAD)
            self.text(MARGIN, self.y, SIZE, part)
            self.y += PROSE_LEAD

    def table(self, widths, cells, out_of_register=False):
        """Cells as (row, column, rows spanned, columns spanned, text): each a ruled box,
        its text wrapped to the box and set in its middle. `out_of_register`: the inner
        column rules are drawn 5 pt right of the cells' edges, through their first glyph."""
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        lines = {
            id(cell): wrap(cell[4], xs[cell[1] + cell[3]] - xs[cell[1]] - 6, TABLE_SIZE)
            for cell in cells
        }
        rows = max(r + rs for r, _, rs, _, _ in cells)
        heights = [14] * rows
        for cell in cells:
            if cell[2] == 1:
                heights[cell[0]] = max(heights[cell[0]], len(lines[id(cell)]) * TABLE_LEAD + 4)
        self.room(sum(heights) + 10)
        ys = [self.y]
        for h in heights:
            ys.append(ys[-1] + h)
        shift = lambda x: x + 5 if out_of_register and xs[0] < x < xs[-1] else x
        for cell in cells:
            r, c, rs, cs, _ = cell
            x0, x1, top, bottom = xs[c], xs[c + cs], ys[r], ys[r + rs]
            assert len(lines[id(cell)]) * TABLE_LEAD <= bottom - top, cell
            self.box(shift(x0), top, shift(x1), bottom)
            first = top + (bottom - top - len(lines[id(cell)]) * TABLE_LEAD) / 2 + 1
            for k, line in enumerate(lines[id(cell)]):
                self.text(x0 + 3, first + k * TABLE_LEAD, TABLE_SIZE, line)
        self.y = ys[-1] + 10


def t2_cells(lines):
    cells = []
    for r, line in enumerate(lines):
        parts = line.split("\t")
        if len(parts) == 2:
            cells += [(r, 0, 1, 1, parts[0]), (r, 1, 1, 3, parts[1])]
        else:
            cells += [(r, k, 1, 1, p) for k, p in enumerate(parts)]
    return cells


def t3_cells(lines):
    """表三 as the form rules it: three label columns, then seven value columns under a
    header merged across and down."""
    cells = [
        (0, 0, 2, 3, "申请人情况"),
        (0, 3, 2, 1, "自然人"),
        (0, 4, 1, 5, "法人或其他组织"),
        (0, 9, 2, 1, "总计"),
    ]
    cells += [
        (1, 4 + k, 1, 1, name)
        for k, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
    ]
    row = 2
    results = None  # (first row, label): 三、本年度办理结果, written down column 0
    group = None  # (first row, label): （三）不予公开 and its kin, down column 1

    def close_group():
        nonlocal group
        if group:
            cells.append((group[0], 1, row - group[0], 1, group[1]))
        group = None

    for line in lines:
        parts = line.split("\t")
        label = parts[0]
        if label == "申请人情况":
            continue
        if label.startswith("三、"):
            results = (row, label)
            continue
        if len(parts) == 1:
            close_group()
            group = (row, label)
            continue
        if label.startswith("（") and len(parts) == 9:
            close_group()
            group = (row, label)
            cells.append((row, 2, 1, 1, parts[1]))
            values = parts[2:]
        elif label.startswith("（"):
            close_group()
            cells.append((row, 1, 1, 2, label))
            values = parts[1:]
        elif label[0].isdigit():
            cells.append((row, 2, 1, 1, label))
            values = parts[1:]
        else:
            close_group()
            if results:
                cells.append((results[0], 0, row - results[0], 1, results[1]))
                results = None
            cells.append((row, 0, 1, 3, label))
            values = parts[1:]
        cells += [(row, 3 + k, 1, 1, v) for k, v in enumerate(values)]
        row += 1
    return cells


def t4_cells(lines):
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cells = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼")]
    cells += [(1, k, 2, 1, n) for k, n in enumerate(names)]
    cells += [(1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    cells += [(2, 5 + k, 1, 1, n) for k, n in enumerate(names + names)]
    values = [l.split("\t") for l in lines if len(l.split("\t")) == 15][0]
    return cells + [(3, k, 1, 1, v) for k, v in enumerate(values)]


def ruled_pdf(text):
    lines = text.rstrip("\n").split("\n")
    at = lambda prefix: next(i for i, l in enumerate(lines) if l.startswith(prefix))
    t2, t3, t4, after = at("二、主动公开"), at("三、收到"), at("四、政府信息公开"), at("五、")
    canvas = Canvas()
    for line in lines[: t2 + 1]:
        canvas.prose(line)
    canvas.table([150, 110, 110, 110], t2_cells(lines[t2 + 1 : t3]), out_of_register=True)
    canvas.prose(lines[t3])
    canvas.table([18, 62, 150] + [37] * 7, t3_cells(lines[t3 + 1 : t4]))
    canvas.prose(lines[t4])
    canvas.table([33] * 15, t4_cells(lines[t4 + 1 : after]))
    for line in lines[after:]:
        canvas.prose(line)
    used = sorted({c for page in canvas.pages for op in page if op[0] == "text" for c in op[4]})
    first_page = 6
    page_numbers = [first_page + 2 * i for i in range(len(canvas.pages))]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", pages_tree(page_numbers)] + font_objects(
        used
    )
    for page in canvas.pages:
        content = bytearray(b"0.5 w\n")
        for op in page:
            if op[0] == "box":
                _, x0, top, x1, bottom = op
                content += b"%.2f %.2f %.2f %.2f re S\n" % (
                    x0,
                    PAGE_H - bottom,
                    x1 - x0,
                    bottom - top,
                )
        content += b"BT\n"
        for op in page:
            if op[0] == "text" and op[4]:
                _, x, top, size, run = op
                hexed = "".join("%04X" % ord(c) for c in run).encode()
                baseline = PAGE_H - top - size * 0.88
                content += b"/F1 %d Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj\n" % (
                    size,
                    x,
                    baseline,
                    hexed,
                )
        content += b"ET\n"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_W, PAGE_H, len(objects) + 2)
        )
        objects.append(stream(bytes(content)))
    return pdf(objects)


def encrypted_pdf():
    """One page of text behind the standard security handler (RC4, 40-bit) with a user
    password: its /O and /U strings fit no empty password, so a reader must ask for one."""
    content = stream(b"BT /F1 10 Tf 50 780 Td <0041> Tj ET\n")
    key = bytes(range(32))
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            pages_tree([6]),
        ]
        + font_objects(["A"])
        + [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>" % (PAGE_W, PAGE_H),
            content,
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>"
            % (key.hex().encode(), key[::-1].hex().encode()),
        ],
        trailer=b"/Encrypt 8 0 R /ID [<%s> <%s>] " % (key[:16].hex().encode(), key[:16].hex().encode()),
    )


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
    tabbed = (SAMPLES / "layout-tab-separated.txt").read_text(encoding="utf-8")
    (SAMPLES / "pdf-ruled.pdf").write_bytes(ruled_pdf(tabbed))
    (SAMPLES / "pdf-encrypted.pdf").write_bytes(encrypted_pdf())


if __name__ == "__main__":
    main()
