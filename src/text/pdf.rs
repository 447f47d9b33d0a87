//! A PDF's text layer laid out as on the page. This is the only module that knows the PDF
//! crate (`pdfplumber`), so it can be swapped: everything else sees plain text the template
//! readers already read — ruled tables as tab-separated rows, the rest shaped like
//! `pdftotext -layout` output (columns kept by spaces, one line per visual line), a form
//! feed line between pages.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use pdfplumber::{
    cells_to_tables, edges_to_cells, edges_to_intersections, join_edge_group, snap_edges, Char,
    ExtractOptions, Orientation, Pdf, PdfErrorKind, TableSettings,
};
use unicode_normalization::UnicodeNormalization;

use crate::text::numbers::{classify_cell, CellValue};
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
        let glyphs = glyphs(&chars);
        let tables = if glyphs.is_empty() {
            Vec::new()
        } else {
            ruled_tables(&page.edges())
        };
        lay_out(glyphs, &tables, &mut text);
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

    fn centre(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    fn columns(&self) -> usize {
        self.text
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum::<usize>()
            .max(1)
    }
}

fn glyphs(chars: &[&Char]) -> Vec<Glyph> {
    chars
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
        .collect()
}

/// At most this many ruling segments on a page are looked at, at most this many rules
/// after joining them, and at most this many crossings of rules: the crate's cell finder
/// compares crossings with each other and with the rules, so a page drawn with more (a map,
/// a chart, a hostile file) is laid out from its characters' positions alone, keeping the
/// time a PDF takes linear in its pages. Real reports' ruled pages have up to about 600
/// segments, 60 rules and 200 crossings (a page of 表三 with every cell drawn as a box of
/// its own, about 900, 50 and 300).
const MAX_SEGMENTS: usize = 4000;
const MAX_RULES: usize = 200;
const MAX_CROSSINGS: usize = 1200;
/// More ruled tables than this on one page is a form or a drawing: none is read as a table.
const MAX_TABLES: usize = 24;

#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f64,
    top: f64,
    x1: f64,
    bottom: f64,
}

impl Rect {
    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.top && y <= self.bottom
    }
}

/// A table read from the page's ruling lines: its cells and its rows, top to bottom, each
/// the cells that start in it, left to right (a merged cell belongs to the row and the
/// column it starts at).
struct Ruled {
    bbox: Rect,
    cells: Vec<Rect>,
    rows: Vec<Vec<usize>>,
    /// The cells' boundaries across and down, and the cell covering each slot between
    /// them (row-major), so finding a glyph's cell is two binary searches.
    xs: Vec<f64>,
    ys: Vec<f64>,
    slots: Vec<Option<usize>>,
}

impl Ruled {
    /// A table of at least two columns; a ruled box of one column is a framed paragraph,
    /// laid out as text.
    fn new(table: &pdfplumber::Table) -> Option<Ruled> {
        let real = |c: &pdfplumber::Cell| c.bbox.x1 > c.bbox.x0 && c.bbox.bottom > c.bbox.top;
        let mut cells = Vec::new();
        let mut rows = Vec::new();
        for row in &table.rows {
            let mut indices = Vec::new();
            for cell in row.iter().filter(|c| real(c)) {
                indices.push(cells.len());
                cells.push(Rect {
                    x0: cell.bbox.x0,
                    top: cell.bbox.top,
                    x1: cell.bbox.x1,
                    bottom: cell.bbox.bottom,
                });
            }
            if !indices.is_empty() {
                rows.push(indices);
            }
        }
        let widest = rows.iter().map(Vec::len).max().unwrap_or(0);
        if widest < 2 {
            return None;
        }
        let bounds = |of: &dyn Fn(&Rect) -> [f64; 2]| {
            let mut v: Vec<f64> = cells.iter().flat_map(of).collect();
            v.sort_by(f64::total_cmp);
            v.dedup_by(|a, b| (*a - *b).abs() < 1e-6);
            v
        };
        let xs = bounds(&|c| [c.x0, c.x1]);
        let ys = bounds(&|c| [c.top, c.bottom]);
        let across = xs.len().saturating_sub(1);
        let mut slots = vec![None; across * ys.len().saturating_sub(1)];
        let index = |v: &[f64], at: f64| v.partition_point(|b| *b < at - 1e-6);
        for (i, c) in cells.iter().enumerate() {
            for y in index(&ys, c.top)..index(&ys, c.bottom) {
                for x in index(&xs, c.x0)..index(&xs, c.x1) {
                    slots[y * across + x] = Some(i);
                }
            }
        }
        let bbox = Rect {
            x0: *xs.first()?,
            top: *ys.first()?,
            x1: *xs.last()?,
            bottom: *ys.last()?,
        };
        Some(Ruled {
            bbox,
            cells,
            rows,
            xs,
            ys,
            slots,
        })
    }

    /// The column a cell starts in.
    fn column(&self, cell: usize) -> usize {
        let x0 = self.cells[cell].x0;
        self.xs.partition_point(|b| *b < x0 - 1e-6)
    }

    /// The cell holding a point of the table's box; `None` in a hole of the grid.
    fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let slot = |v: &[f64], at: f64| v.partition_point(|b| *b <= at).checked_sub(1);
        let across = self.xs.len().saturating_sub(1);
        let (col, row) = (
            slot(&self.xs, x)?.min(across.checked_sub(1)?),
            slot(&self.ys, y)?,
        );
        let row = row.min(self.ys.len().checked_sub(2)?);
        self.slots.get(row * across + col).copied().flatten()
    }

    /// Whether a glyph lies inside its cell: a rule through glyphs is not a cell border
    /// (underlines, strike-throughs, a grid drawn out of register with its text). Real
    /// tables' glyphs keep within their cells to a few hundredths of their size.
    fn holds(&self, cell: usize, g: &Glyph) -> bool {
        let c = &self.cells[cell];
        let (dx, dy) = ((g.x1 - g.x0).abs() * 0.15, (g.bottom - g.top).abs() * 0.15);
        g.x0 >= c.x0 - dx && g.x1 <= c.x1 + dx && g.top >= c.top - dy && g.bottom <= c.bottom + dy
    }
}

/// The page's tables found by the crate's table finder from its ruling lines (lines and
/// rectangles' sides, snapped and joined as the crate does), or none when the page has too
/// many to look at.
fn ruled_tables(edges: &[pdfplumber::Edge]) -> Vec<Ruled> {
    let settings = TableSettings::default();
    let usable = |e: &&pdfplumber::Edge| {
        // Far off any page, coordinates only add up to infinities (and NaNs) in the crate.
        [e.x0, e.x1, e.top, e.bottom].iter().all(|v| v.abs() < 1e6)
            && e.orientation != Orientation::Diagonal
            && ((e.x1 - e.x0).abs() + (e.bottom - e.top).abs())
                >= settings.edge_min_length_prefilter
    };
    let edges: Vec<pdfplumber::Edge> = edges.iter().filter(usable).cloned().collect();
    if edges.len() > MAX_SEGMENTS || edges.is_empty() {
        return Vec::new();
    }
    let edges = snap_edges(edges, settings.snap_x_tolerance, settings.snap_y_tolerance);
    let edges: Vec<pdfplumber::Edge> =
        join_edge_group(edges, settings.join_x_tolerance, settings.join_y_tolerance)
            .into_iter()
            .filter(|e| (e.x1 - e.x0).abs() + (e.bottom - e.top).abs() >= settings.edge_min_length)
            .collect();
    if edges.len() > MAX_RULES {
        return Vec::new();
    }
    let crossings = edges_to_intersections(
        &edges,
        settings.intersection_x_tolerance,
        settings.intersection_y_tolerance,
    );
    if crossings.len() > MAX_CROSSINGS {
        return Vec::new();
    }
    let cells = edges_to_cells(
        &crossings,
        &edges,
        settings.intersection_x_tolerance,
        settings.intersection_y_tolerance,
    );
    let tables: Vec<Ruled> = cells_to_tables(cells)
        .iter()
        .filter_map(Ruled::new)
        .collect();
    if tables.len() > MAX_TABLES {
        return Vec::new();
    }
    tables
}

/// Appends a page's glyphs as lines. A ruled table's rows are written one line each, cells
/// separated by tabs (a blank cell stays empty between its tabs, a merged cell is written
/// once, in the row and column it starts at), as the tab-separated reading expects. Every
/// other glyph is laid out by position: a line is the glyphs whose vertical middles lie
/// within half a glyph height of the line's first; within a line, a glyph starts at the
/// column its x position gives (the page's median width of one column), so cells of a table
/// without rules keep their columns as in `pdftotext -layout`. A ruled table whose rules cut
/// through its text, or that leaves text outside every cell, is laid out by position too.
fn lay_out(glyphs: Vec<Glyph>, tables: &[Ruled], out: &mut String) {
    if glyphs.is_empty() {
        return;
    }
    let unit = column_width(&glyphs);
    let left = glyphs.iter().map(|g| g.x0).fold(f64::INFINITY, f64::min);
    let mut trusted = vec![true; tables.len()];
    // Each glyph's table and cell, if it falls in a table.
    let mut place: Vec<Option<(usize, usize)>> = vec![None; glyphs.len()];
    for (g, at) in glyphs.iter().zip(place.iter_mut()) {
        let (x, y) = (g.centre(), g.middle());
        let Some(t) = tables.iter().position(|t| t.bbox.contains(x, y)) else {
            continue;
        };
        match tables[t].cell_at(x, y) {
            Some(c) if tables[t].holds(c, g) => *at = Some((t, c)),
            _ => trusted[t] = false,
        }
    }
    for (t, trust) in trusted.iter_mut().enumerate() {
        let mine = (0..glyphs.len())
            .filter(|i| place[*i].is_some_and(|(table, _)| table == t))
            .collect();
        // A rule between two touching digits cuts a number in two: it is no cell border
        // either. (Han glyphs of a header spread to fill its cell may touch the next cell's.)
        let digit = |g: &Glyph| {
            g.text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.')
        };
        *trust &= !visual_lines(&glyphs, mine).iter().any(|line| {
            line.windows(2).any(|pair| {
                let (a, b) = (&glyphs[pair[0]], &glyphs[pair[1]]);
                place[pair[0]] != place[pair[1]] && digit(a) && digit(b) && touch(a, b)
            })
        });
    }
    // Blocks of text with the height they start at: position lines and whole tables.
    let mut blocks: Vec<(f64, String)> = Vec::new();
    let mut in_cells: Vec<Vec<Vec<usize>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut free = Vec::new();
    for (i, at) in place.iter().enumerate() {
        match at {
            Some((t, c)) if trusted[*t] => in_cells[*t][*c].push(i),
            _ => free.push(i),
        }
    }
    for line in visual_lines(&glyphs, free) {
        let mut text = String::new();
        write_line(&glyphs, &line, left, unit, &mut text);
        blocks.push((glyphs[line[0]].middle(), text));
    }
    for (t, cells) in in_cells.into_iter().enumerate() {
        if trusted[t] {
            let table = &tables[t];
            let texts: Vec<String> = cells.into_iter().map(|c| cell_text(&glyphs, c)).collect();
            blocks.push((table.bbox.top, table_rows(table, &texts)));
        }
    }
    // Stable: a line and a table starting at the same height keep the order above.
    blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, text) in blocks {
        out.push_str(&text);
    }
}

/// A table's rows, one line each, cells separated by tabs.
fn table_rows(table: &Ruled, texts: &[String]) -> String {
    // A label column holds a row's label (text, with values right of it in its row) and
    // never a value. A blank there is the rest of a label merged across columns, or a label
    // continued from the page before, not a blank value: it is not written as a cell.
    // (表四's first columns hold headers and values, never labels: their blanks stay; a
    // column of placeholders and blanks is a column of values.)
    let column = |c: &usize| table.column(*c);
    let mut values = BTreeSet::new();
    let mut labels = BTreeSet::new();
    for row in &table.rows {
        let last_value = row
            .iter()
            .filter(|c| is_value(&texts[**c]))
            .map(column)
            .max();
        for c in row {
            if is_value(&texts[*c]) {
                values.insert(column(c));
            } else if !texts[*c].is_empty() && last_value.is_some_and(|v| v > column(c)) {
                labels.insert(column(c));
            }
        }
    }
    let label_column = |c: &usize| labels.contains(&column(c)) && !values.contains(&column(c));
    let mut text = String::new();
    for row in &table.rows {
        if row.iter().all(|c| texts[*c].is_empty()) {
            continue;
        }
        let cells: Vec<&str> = row
            .iter()
            .filter(|c| !(texts[**c].is_empty() && label_column(c)))
            .map(|c| texts[*c].as_str())
            .collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// Whether a cell's text is a value as the readers take it: a number (in either width) or a
/// placeholder (`/`, `—`, `无`: not reported), not a label.
fn is_value(text: &str) -> bool {
    matches!(
        classify_cell(text),
        CellValue::Number(_) | CellValue::Overflow(_) | CellValue::Placeholder
    )
}

/// Whether glyph `b`, right of `a` on a line, touches it: the two are one word (a number's
/// digits).
fn touch(a: &Glyph, b: &Glyph) -> bool {
    b.x0 - a.x1 <= b.size.abs() * 0.25
}

/// The glyphs `indices` grouped into visual lines, top to bottom, each line left to right:
/// a line is the glyphs whose vertical middles lie within half a glyph height of the
/// line's first.
fn visual_lines(glyphs: &[Glyph], mut indices: Vec<usize>) -> Vec<Vec<usize>> {
    indices.sort_by(|a, b| glyphs[*a].middle().total_cmp(&glyphs[*b].middle()));
    let mut lines = Vec::new();
    let mut rest = indices.as_slice();
    while let Some(first) = rest.first().map(|i| &glyphs[*i]) {
        let reach = (first.bottom - first.top).abs().max(1.0) / 2.0;
        let first_middle = first.middle();
        let end = rest
            .iter()
            .take_while(|i| glyphs[**i].middle() - first_middle <= reach)
            .count();
        let mut line = rest[..end].to_vec();
        line.sort_by(|a, b| glyphs[*a].x0.total_cmp(&glyphs[*b].x0));
        lines.push(line);
        rest = &rest[end..];
    }
    lines
}

/// A cell's text on one line: its visual lines joined as the cell's width wrapped them,
/// without a space between Han characters (a label wrapped in a narrow cell) and with one
/// between two ASCII letters or digits, so two numbers stacked in one cell stay two.
fn cell_text(glyphs: &[Glyph], indices: Vec<usize>) -> String {
    let mut text = String::new();
    for line in visual_lines(glyphs, indices) {
        let mut kept: Vec<&Glyph> = Vec::new();
        for glyph in line.iter().map(|i| &glyphs[*i]) {
            if drawn_twice(&kept, glyph) {
                continue;
            }
            let gap = kept.last().is_some_and(|k| !touch(k, glyph));
            let wrapped = kept.is_empty()
                && text.ends_with(|c: char| c.is_ascii_alphanumeric())
                && glyph.text.starts_with(|c: char| c.is_ascii_alphanumeric());
            if gap || wrapped {
                text.push(' ');
            }
            // The row is one line and its cells are split at tabs: no glyph may add either.
            text.extend(
                glyph
                    .text
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c }),
            );
            kept.push(glyph);
        }
    }
    text.trim().to_owned()
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

/// Whether a glyph was already written at the same place (bold faked by fill then stroke,
/// or by overprinting): it is written once.
fn drawn_twice(kept: &[&Glyph], glyph: &Glyph) -> bool {
    let tolerance = glyph.size.abs().max(1.0) * 0.2;
    kept.iter().rev().take(4).any(|k| {
        k.text == glyph.text
            && (k.x0 - glyph.x0).abs() < tolerance
            && (k.top - glyph.top).abs() < tolerance
    })
}

/// One visual line laid out by position: each glyph at the column its x gives.
fn write_line(glyphs: &[Glyph], line: &[usize], left: f64, unit: f64, out: &mut String) {
    let mut column = 0usize;
    let mut kept: Vec<&Glyph> = Vec::new();
    for glyph in line.iter().map(|i| &glyphs[*i]) {
        if drawn_twice(&kept, glyph) {
            continue;
        }
        // The page coordinates are unbounded: cap the column so a glyph placed far off the
        // page cannot make a line of millions of spaces.
        let target = (((glyph.x0 - left) / unit).round().max(0.0) as usize).min(column + 400);
        let pad = match kept.last() {
            // Glyphs that touch are one word (a number's digits): placing each by its own
            // rounded position would split `3985758` into `39 85 75 8`.
            Some(k) if touch(k, glyph) => 0,
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

    fn h(y: f64, x0: f64, x1: f64) -> pdfplumber::Edge {
        pdfplumber::Edge {
            x0,
            top: y,
            x1,
            bottom: y,
            orientation: Orientation::Horizontal,
            source: pdfplumber::EdgeSource::Line,
        }
    }

    fn v(x: f64, top: f64, bottom: f64) -> pdfplumber::Edge {
        pdfplumber::Edge {
            x0: x,
            top,
            x1: x,
            bottom,
            orientation: Orientation::Vertical,
            source: pdfplumber::EdgeSource::Line,
        }
    }

    /// Glyphs of `text` set from `x` at 10 pt: Han 10 pt wide, others 5 pt.
    fn set(text: &str, x: f64, top: f64) -> Vec<Glyph> {
        let mut x = x;
        text.chars()
            .map(|c| {
                let w = if c.is_ascii() { 5.0 } else { 10.0 };
                x += w;
                Glyph {
                    text: c.to_string(),
                    x0: x - w,
                    x1: x,
                    top,
                    bottom: top + 10.0,
                    size: 10.0,
                }
            })
            .collect()
    }

    /// Columns at 0, 60, 100, 140 and rows at 0, 20, 40, 60; the first column's two lower
    /// rows are one merged cell (no rule between them there).
    fn grid() -> Vec<pdfplumber::Edge> {
        vec![
            h(0.0, 0.0, 140.0),
            h(20.0, 0.0, 140.0),
            h(40.0, 60.0, 140.0),
            h(60.0, 0.0, 140.0),
            v(0.0, 0.0, 60.0),
            v(60.0, 0.0, 60.0),
            v(100.0, 0.0, 60.0),
            v(140.0, 0.0, 60.0),
        ]
    }

    fn page(glyphs: Vec<Vec<Glyph>>, edges: &[pdfplumber::Edge]) -> String {
        let mut out = String::new();
        lay_out(
            glyphs.into_iter().flatten().collect(),
            &ruled_tables(edges),
            &mut out,
        );
        out
    }

    #[test]
    fn a_ruled_table_is_one_tab_separated_line_per_row() {
        let text = page(
            vec![
                set("表前", 0.0, -30.0),
                set("项目", 5.0, 5.0),
                set("甲", 65.0, 5.0),
                set("乙", 105.0, 5.0),
                // A label written down its merged cell, one character a line.
                set("办", 5.0, 25.0),
                set("理", 5.0, 45.0),
                set("12", 65.0, 25.0),
                set("3", 65.0, 45.0),
                set("45", 105.0, 45.0),
                set("表后", 0.0, 70.0),
            ],
            &grid(),
        );
        // The merged label is written once, in the row it starts in; the blank cell stays
        // empty between its tab and the line's end.
        assert_eq!(text, "表前\n项目\t甲\t乙\n办理\t12\t\n3\t45\n表后\n");
    }

    #[test]
    fn blanks_in_label_columns_are_not_cells_and_blanks_among_values_are() {
        let mut edges: Vec<pdfplumber::Edge> =
            [0.0, 20.0, 40.0, 60.0].map(|y| h(y, 0.0, 180.0)).to_vec();
        edges.extend([0.0, 60.0, 100.0, 140.0, 180.0].map(|x| v(x, 0.0, 60.0)));
        let text = page(
            vec![
                set("一", 5.0, 5.0),
                set("3", 105.0, 5.0),
                set("—", 145.0, 5.0),
                set("二", 5.0, 25.0),
                set("子", 65.0, 25.0),
                set("4", 105.0, 25.0),
                set("三", 5.0, 45.0),
                set("—", 145.0, 45.0),
            ],
            &edges,
        );
        // The second column holds a label and never a value: its blanks are no cells. The
        // last holds placeholders: a value column, whose blank is a cell.
        assert_eq!(text, "一\t3\t—\n二\t子\t4\t\n三\t\t—\n");
    }

    #[test]
    fn a_table_whose_rules_cut_through_its_text_is_laid_out_by_position() {
        // `45` set across the rule at 100: the rule is not a cell border.
        let text = page(
            vec![
                set("项目", 5.0, 5.0),
                set("45", 96.0, 25.0),
                set("6", 65.0, 45.0),
            ],
            &grid(),
        );
        assert!(!text.contains('\t'), "{text}");
        assert!(text.contains("45"), "{text}");
        // Two digits touching on either side of a rule are one number cut in two.
        let text = page(
            vec![
                set("项目", 5.0, 5.0),
                set("12", 95.0, 25.0),
                set("6", 65.0, 45.0),
            ],
            &grid(),
        );
        assert!(!text.contains('\t') && text.contains("12"), "{text}");
    }

    #[test]
    fn a_framed_paragraph_and_a_page_of_rules_are_not_tables() {
        // One column: a ruled box around text.
        let frame = [
            h(0.0, 0.0, 140.0),
            h(20.0, 0.0, 140.0),
            h(40.0, 0.0, 140.0),
            v(0.0, 0.0, 40.0),
            v(140.0, 0.0, 40.0),
        ];
        assert!(ruled_tables(&frame).is_empty());
        assert_eq!(ruled_tables(&grid()).len(), 1);
        // More rules than a report's table page has: laid out by position, in bounded time.
        let mut many = grid();
        many.extend((0..MAX_RULES).map(|i| h(100.0 + i as f64 * 5.0, 0.0, 140.0)));
        assert!(ruled_tables(&many).is_empty());
        // Rules at NaN or astronomically far are dropped before the crate sorts them.
        let mut wild = grid();
        wild.extend([
            h(f64::NAN, 0.0, 140.0),
            v(1e300, -1e300, 1e300),
            h(1e299, 0.0, 1.0),
        ]);
        assert_eq!(ruled_tables(&wild).len(), 1);
    }

    #[test]
    fn a_file_named_pdf_or_starting_like_one_is_a_pdf() {
        assert!(is_pdf(Path::new("a.PDF"), b""));
        assert!(is_pdf(Path::new("a.txt"), b"%PDF-1.4"));
        assert!(!is_pdf(Path::new("a.txt"), b"PDF"));
    }
}
