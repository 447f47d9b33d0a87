//! A PDF's text layer laid out as on the page. This is the only module that knows the PDF
//! crate (`pdfplumber`), so it can be swapped: everything else sees plain text shaped like
//! `pdftotext -layout` output, which the template readers already read (columns kept by
//! spaces, one line per visual line, a form feed line between pages).

use std::fmt;
use std::path::Path;

use pdfplumber::{Char, ExtractOptions, Pdf, PdfErrorKind};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// The line written between two pages: a form feed, as `pdftotext` writes, so page breaks
/// stay visible and the readers treat it as whitespace.
pub const PAGE_BREAK: &str = "\x0c";

/// The page text of a PDF.
#[derive(Clone, Debug)]
pub struct PdfText {
    pub text: String,
    pub pages: usize,
}

/// Why a PDF gives no text. The messages are meant to follow the file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// No page has a character: a scan, whose images need OCR first.
    NoTextLayer { pages: usize },
    /// The file needs a password.
    Encrypted,
    /// Not a PDF the crate can read (truncated, damaged, unsupported): what failed.
    Broken(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::NoTextLayer { pages } => write!(
                f,
                "PDF without a text layer (a scan? no characters on its {pages} page(s)): needs OCR first, not read"
            ),
            PdfError::Encrypted => f.write_str("encrypted PDF (needs a password), not read"),
            PdfError::Broken(why) => write!(f, "broken or unsupported PDF ({why}), not read"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Whether a file is a PDF: its name ends in `.pdf`, or its bytes start with the PDF header.
pub fn is_pdf(path: &Path, bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The text of every page, laid out as on the page, pages separated by a [`PAGE_BREAK`] line.
/// Never panics: the crate parses hostile bytes, so a panic inside it is caught and reported
/// as a broken PDF rather than taking down a batch or the TUI.
pub fn page_text(bytes: &[u8]) -> Result<PdfText, PdfError> {
    silence_caught_panics();
    READING.with(|r| r.set(true));
    let result = std::panic::catch_unwind(|| read(bytes));
    READING.with(|r| r.set(false));
    result.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(PdfError::Broken(one_line(&format!(
            "the PDF reader failed: {why}"
        ))))
    })
}

thread_local! {
    /// Whether this thread is inside the PDF crate, where a panic is caught and reported.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic now would be one of the PDF crate's, caught by [`page_text`]: the TUI's
/// panic hook must then leave the terminal as it is.
pub fn panic_is_caught() -> bool {
    READING.with(|r| r.get())
}

/// Installs, once, a panic hook that says nothing about the panics [`page_text`] catches
/// (the default hook would print a multi-line report for a file that gets its one-line
/// error anyway) and hands every other panic to the hook installed before it.
fn silence_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panic_is_caught() {
                previous(info);
            }
        }));
    });
}

fn read(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let options = ExtractOptions {
        // Warnings are not shown anywhere; collecting them costs time on every page.
        collect_warnings: false,
        ..ExtractOptions::default()
    };
    let pdf = Pdf::open_bytes(bytes, Some(options)).map_err(crate_error)?;
    let mut text = String::new();
    let mut pages = 0;
    let mut any_char = false;
    for page in pdf.pages_iter() {
        let page = page.map_err(crate_error)?;
        if pages > 0 {
            text.push_str(PAGE_BREAK);
            text.push('\n');
        }
        pages += 1;
        let chars: Vec<&Char> = page
            .chars()
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .collect();
        any_char |= !chars.is_empty();
        lay_out(&chars, &mut text);
    }
    if !any_char {
        return Err(PdfError::NoTextLayer { pages });
    }
    Ok(PdfText { text, pages })
}

fn crate_error(e: pdfplumber::PdfError) -> PdfError {
    match e.kind() {
        PdfErrorKind::PasswordRequired | PdfErrorKind::InvalidPassword => PdfError::Encrypted,
        // The crate's own messages are long advice to a programmer; its error category
        // says what an analyst needs to know.
        kind => PdfError::Broken(format!("{} error", kind.code().to_lowercase())),
    }
}

/// A message on one line, so every refused file stays one line of output.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One placed glyph: its text with radicals mapped back, and its box.
struct Glyph {
    text: String,
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
    size: f64,
}

impl Glyph {
    fn middle(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }

    fn columns(&self) -> usize {
        self.text
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum::<usize>()
            .max(1)
    }
}

/// Appends a page's glyphs as lines. A line is the glyphs whose vertical middles lie within
/// half a glyph height of the line's first; within a line, a glyph starts at the column its
/// x position gives (the page's median width of one column), so table cells keep their
/// columns as in `pdftotext -layout`.
fn lay_out(chars: &[&Char], out: &mut String) {
    let mut glyphs: Vec<Glyph> = chars
        .iter()
        .map(|c| Glyph {
            text: c.text.chars().map(ordinary).collect(),
            x0: c.bbox.x0,
            x1: c.bbox.x1,
            top: c.bbox.top,
            bottom: c.bbox.bottom,
            size: c.size,
        })
        .filter(|g| {
            g.x0.is_finite() && g.x1.is_finite() && g.top.is_finite() && g.bottom.is_finite()
        })
        .collect();
    if glyphs.is_empty() {
        return;
    }
    let unit = column_width(&glyphs);
    let left = glyphs.iter().map(|g| g.x0).fold(f64::INFINITY, f64::min);
    glyphs.sort_by(|a, b| a.middle().total_cmp(&b.middle()));
    let mut start = 0;
    while start < glyphs.len() {
        let first = &glyphs[start];
        let reach = (first.bottom - first.top).abs().max(1.0) / 2.0;
        let first_middle = first.middle();
        let end = start
            + glyphs[start..]
                .iter()
                .take_while(|g| g.middle() - first_middle <= reach)
                .count();
        let line = &mut glyphs[start..end];
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        write_line(line, left, unit, out);
        start = end;
    }
}

/// Width of one text column in points: the median over glyphs of their width per display
/// column (a Han glyph spans two columns, a digit one), so columns match what the text shows.
fn column_width(glyphs: &[Glyph]) -> f64 {
    let mut widths: Vec<f64> = glyphs
        .iter()
        .map(|g| (g.x1 - g.x0) / g.columns() as f64)
        .filter(|w| *w > 0.1)
        .collect();
    if widths.is_empty() {
        return 5.0;
    }
    widths.sort_by(f64::total_cmp);
    widths[widths.len() / 2]
}

fn write_line(line: &[Glyph], left: f64, unit: f64, out: &mut String) {
    let mut column = 0usize;
    // Glyphs already written: a glyph drawn again at the same place (bold faked by fill then
    // stroke, or by overprinting) is written once.
    let mut kept: Vec<&Glyph> = Vec::new();
    for glyph in line {
        let tolerance = glyph.size.abs().max(1.0) * 0.2;
        let drawn_twice = kept.iter().rev().take(4).any(|k| {
            k.text == glyph.text
                && (k.x0 - glyph.x0).abs() < tolerance
                && (k.top - glyph.top).abs() < tolerance
        });
        if drawn_twice {
            continue;
        }
        // The page coordinates are unbounded: cap the column so a glyph placed far off the
        // page cannot make a line of millions of spaces.
        let target = (((glyph.x0 - left) / unit).round().max(0.0) as usize).min(column + 400);
        let pad = match kept.last() {
            // Glyphs that touch are one word (a number's digits): placing each by its own
            // rounded position would split `3985758` into `39 85 75 8`.
            Some(k) if glyph.x0 - k.x1 <= glyph.size.abs() * 0.25 => 0,
            // A visible gap is a word or cell break even where rounding puts the glyphs in
            // adjacent columns.
            Some(_) => target.saturating_sub(column).max(1),
            None => target,
        };
        out.extend(std::iter::repeat_n(' ', pad));
        column += pad;
        out.push_str(&glyph.text);
        column += glyph.columns();
        kept.push(glyph);
    }
    out.push('\n');
}

/// Kangxi radicals (U+2F00–U+2FDF) and CJK radicals supplement (U+2E80–U+2EFF) that some
/// producers emit for ordinary characters (⼀ for 一) are mapped to the characters they look
/// like; nothing else is normalized (full NFKC would turn （ into ( and break the labels).
fn ordinary(c: char) -> char {
    if !('\u{2E80}'..='\u{2FDF}').contains(&c) {
        return c;
    }
    if let Some(&(_, to)) = SUPPLEMENT.iter().find(|(from, _)| *from == c) {
        return to;
    }
    let mut mapped = std::iter::once(c).nfkc();
    match (mapped.next(), mapped.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// Simplified-form radicals of the supplement that Unicode gives no decomposition but that
/// are drawn exactly as these ordinary characters.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2EA0}', '民'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC8}', '讠'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEC}', '齐'),
    ('\u{2EEE}', '齿'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_map_back_and_nothing_else_is_normalized() {
        assert_eq!(ordinary('\u{2F00}'), '一');
        assert_eq!(ordinary('\u{2F2F}'), '工');
        assert_eq!(ordinary('\u{2ED3}'), '长');
        assert_eq!(ordinary('\u{2E9F}'), '母');
        // A supplement radical without an ordinary look-alike stays as it is.
        assert_eq!(ordinary('\u{2E80}'), '\u{2E80}');
        for c in ['（', '１', 'Ａ', '一'] {
            assert_eq!(ordinary(c), c);
        }
    }

    #[test]
    fn a_file_named_pdf_or_starting_like_one_is_a_pdf() {
        assert!(is_pdf(Path::new("a.PDF"), b""));
        assert!(is_pdf(Path::new("a.txt"), b"%PDF-1.4"));
        assert!(!is_pdf(Path::new("a.txt"), b"PDF"));
    }
}
