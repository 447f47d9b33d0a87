//! PDFs typeset from report text, for the benchmarks and the tests: a run of lines holding
//! tabs is a table, each line a row of ruled cells (a row with fewer cells than the table's
//! widest: its last cell spans the rest); every other line is prose, wrapped to the page.
//! The font is a Type0 font whose codes are the characters' code points, with a ToUnicode
//! map and no font program, as `samples/make-pdf-samples.py` writes it: only the text layer
//! matters.

use std::collections::BTreeSet;
use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

const PAGE_W: f64 = 595.0;
const PAGE_H: f64 = 842.0;
const MARGIN: f64 = 50.0;
const PROSE_SIZE: f64 = 10.0;
const PROSE_LEAD: f64 = 16.0;
const CELL_SIZE: f64 = 8.0;
const CELL_LEAD: f64 = 10.0;
/// The first column of a table holds the row labels.
const LABEL_WIDTH: f64 = 150.0;

fn glyph_width(c: char, size: f64) -> f64 {
    if c.width() == Some(2) {
        size
    } else {
        size / 2.0
    }
}

/// `text` broken into lines no wider than `width`, character by character.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = glyph_width(c, size);
        if !line.is_empty() && used + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[derive(Default)]
struct Canvas {
    pages: Vec<String>,
    y: f64,
    used: BTreeSet<char>,
}

impl Canvas {
    fn room(&mut self, height: f64) {
        if self.pages.is_empty() || self.y + height > PAGE_H - MARGIN {
            self.pages.push(String::new());
            self.y = MARGIN;
        }
    }

    fn text(&mut self, x: f64, top: f64, size: f64, run: &str) {
        self.used.extend(run.chars());
        let hex: String = run.chars().map(|c| format!("{:04X}", c as u32)).collect();
        let baseline = PAGE_H - top - size * 0.88;
        let page = self.pages.last_mut().expect("a page");
        let _ = writeln!(
            page,
            "BT /F1 {size} Tf 1 0 0 1 {x:.2} {baseline:.2} Tm <{hex}> Tj ET"
        );
    }

    fn rule_box(&mut self, x0: f64, top: f64, x1: f64, bottom: f64) {
        let page = self.pages.last_mut().expect("a page");
        let _ = writeln!(
            page,
            "{x0:.2} {:.2} {:.2} {:.2} re S",
            PAGE_H - bottom,
            x1 - x0,
            bottom - top
        );
    }

    fn prose(&mut self, line: &str) {
        for part in wrap(line, PAGE_W - 2.0 * MARGIN, PROSE_SIZE) {
            self.room(PROSE_LEAD);
            self.text(MARGIN, self.y, PROSE_SIZE, &part);
            self.y += PROSE_LEAD;
        }
    }

    fn table(&mut self, rows: &[Vec<&str>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(2);
        let rest = (PAGE_W - 2.0 * MARGIN - LABEL_WIDTH) / (columns - 1) as f64;
        let mut xs = vec![MARGIN, MARGIN + LABEL_WIDTH];
        for _ in 1..columns {
            xs.push(xs[xs.len() - 1] + rest);
        }
        for row in rows {
            let spans: Vec<(f64, f64)> = (0..row.len())
                .map(|k| {
                    let end = if k + 1 == row.len() { columns } else { k + 1 };
                    (xs[k], xs[end])
                })
                .collect();
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(&spans)
                .map(|(cell, (x0, x1))| wrap(cell, x1 - x0 - 4.0, CELL_SIZE))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f64 * CELL_LEAD + 4.0;
            self.room(height);
            let top = self.y;
            for ((x0, x1), cell) in spans.iter().zip(&wrapped) {
                self.rule_box(*x0, top, *x1, top + height);
                for (i, line) in cell.iter().enumerate() {
                    self.text(x0 + 2.0, top + 2.0 + i as f64 * CELL_LEAD, CELL_SIZE, line);
                }
            }
            self.y += height;
        }
        self.y += 6.0;
    }
}

/// `text` typeset as a PDF: tables ruled, prose wrapped, as many pages as it takes.
pub fn ruled_pdf(text: &str) -> Vec<u8> {
    let mut canvas = Canvas::default();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        if line.contains('\t') {
            rows.push(line.split('\t').collect());
            continue;
        }
        if !rows.is_empty() {
            canvas.table(&std::mem::take(&mut rows));
        }
        canvas.prose(line);
    }
    if !rows.is_empty() {
        canvas.table(&rows);
    }
    if canvas.pages.is_empty() {
        canvas.room(0.0);
    }
    document(&canvas.pages, &canvas.used)
}

/// A PDF of the pages' content streams, in the font of the characters `used`.
fn document(pages: &[String], used: &BTreeSet<char>) -> Vec<u8> {
    let widths: String = used
        .iter()
        .map(|c| {
            format!(
                "{} [{}] ",
                *c as u32,
                if c.width() == Some(2) { 1000 } else { 500 }
            )
        })
        .collect();
    let bfchars: String = used
        .iter()
        .map(|c| format!("1 beginbfchar\n<{0:04X}> <{0:04X}>\nendbfchar\n", *c as u32))
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{bfchars}\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    );
    // 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then page and content pairs.
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 6 + 2 * i))
        .collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SampleSong /Encoding /Identity-H \
          /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
            .to_vec(),
        format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SampleSong \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor << /Type /FontDescriptor /FontName /SampleSong /Flags 4 \
             /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 \
             /CapHeight 700 /StemV 80 >> /DW 1000 /W [{widths}] >>"
        )
        .into_bytes(),
        stream(cmap.as_bytes()),
    ];
    for content in pages {
        let contents = objects.len() + 2;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        objects.push(stream(format!("0.5 w\n{content}").as_bytes()));
    }
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// An uncompressed stream: the crate reads it as it is, and the files stay inspectable.
fn stream(data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}
