//! Saved web pages: the charset a page declares, and the page's text as a reader sees it,
//! with the table cells its markup defines.
//!
//! The page text is what the report pane shows and what every span points into: blocks on
//! their own lines, whitespace collapsed as a browser collapses it, and each row of a data
//! table on one line with its cells separated by ` | `. Tables that hold other tables are
//! page layout and are read as blocks.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

mod bound;

/// A page turned into text, with the rows of its data tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebText {
    pub text: String,
    pub rows: Vec<TableRow>,
}

/// One `<tr>` of a data table, shown as one line of the page text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// The row's line in the page text, without its newline.
    pub line: Range<usize>,
    pub slots: Vec<Slot>,
}

/// A place in a row, left to right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A `<td>` or `<th>`; `text` is its trimmed text in the page text (empty for an empty
    /// cell, placed where it is shown).
    Cell {
        text: Range<usize>,
        colspan: usize,
        rowspan: usize,
    },
    /// Columns taken by a cell of an earlier row (`rowspan`); `origin` is that cell's text and
    /// `at` the empty place this row shows for it.
    Covered { at: usize, origin: Range<usize> },
}

/// The HTML limits: larger spans are clamped, as browsers clamp them.
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65534;
/// Places a table's rowspans may cover: this many per cell of the table, and a few more.
const COVERED_PER_CELL: usize = 4;
const COVERED_EXTRA: usize = 64;
/// How far into the file a `<meta charset>` counts (the HTML standard's prescan reads 1024
/// bytes; saved pages often put scripts first, so we look further).
const CHARSET_PRESCAN: usize = 4096;

const CELL_SEPARATOR: &str = " | ";

/// Whether a file is a web page: an `.html`/`.htm` name, or text that opens like one.
pub fn is_html(path: &std::path::Path, bytes: &[u8]) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    by_name || opens_like_html(bytes)
}

fn opens_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..]
        .iter()
        .take(14)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// The encoding a page declares in a `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` near its start, if it names one `encoding_rs` knows.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: Vec<u8> = bytes
        .iter()
        .take(CHARSET_PRESCAN)
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut from = 0;
    while let Some(found) = find(&head[from..], b"<meta") {
        let tag_start = from + found;
        let tag_end = find(&head[tag_start..], b">").map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(label) = charset_in(tag) {
            if let Some(encoding) = encoding_rs::Encoding::for_label(label) {
                // The standard reads a declared UTF-16 in a meta tag as UTF-8: the bytes that
                // carried the tag were ASCII-compatible.
                return Some(
                    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        encoding
                    },
                );
            }
        }
        from = tag_end;
    }
    None
}

fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")? + b"charset".len();
    let rest = &tag[at..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The page's text and table rows. Any markup parses (the HTML standard's error recovery):
/// unclosed cells, stray end tags and unknown elements read as a browser reads them.
pub fn page(html: &str) -> WebText {
    let document = parse(html);
    let layout_tables = tables_holding_tables(document.tree.root());
    let mut out = Writer::default();
    // A data table is written whole when it opens; its subtree is then skipped.
    let mut skipping: Option<NodeId> = None;
    let mut preformatted = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) if preformatted > 0 => out.preformatted(text),
                    Node::Text(text) => out.inline(text),
                    Node::Element(el) => {
                        let name = el.name();
                        if is_hidden(name) {
                            skipping = Some(node.id());
                        } else if name == "table" && !layout_tables.contains(&node.id()) {
                            out.table(node);
                            skipping = Some(node.id());
                        } else if name == "br" {
                            out.newline();
                        } else if is_block(name) {
                            out.newline();
                            preformatted += usize::from(name == "pre");
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    out.newline();
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if is_block(el.name()) {
                        out.newline();
                        preformatted -= usize::from(el.name() == "pre" && preformatted > 0);
                    }
                }
            }
        }
    }
    out.finish()
}

/// The page's tree, with nesting and attributes bounded first so that no page costs the
/// parser more than linear time (see [`bound`]).
fn parse(html: &str) -> Html {
    Html::parse_document(&bound::bound(html))
}

/// Tables with a table inside: page layout, not data.
fn tables_holding_tables(root: NodeRef<Node>) -> HashSet<NodeId> {
    let mut open: Vec<NodeId> = Vec::new();
    let mut layout = HashSet::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if is_element(node, "table") => {
                if let Some(&outer) = open.last() {
                    layout.insert(outer);
                }
                open.push(node.id());
            }
            Edge::Close(node) if is_element(node, "table") => {
                open.pop();
            }
            _ => {}
        }
    }
    layout
}

fn is_element(node: NodeRef<Node>, name: &str) -> bool {
    matches!(node.value(), Node::Element(el) if el.name() == name)
}

/// Elements whose content a reader does not see as text. `head` is hidden but its `title`
/// is not: it often names the agency and year.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "svg"
            | "select"
            | "button"
            | "meta"
            | "link"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "legend"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
    )
}

/// Whitespace a browser collapses: ASCII spaces and the no-break space of `&nbsp;`. The
/// ideographic space is a printed character and stays.
fn collapses(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\u{a0}'
}

#[derive(Default)]
struct Writer {
    text: String,
    rows: Vec<TableRow>,
    pending_space: bool,
}

impl Writer {
    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    fn inline(&mut self, s: &str) {
        for c in s.chars() {
            if collapses(c) {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.at_line_start() {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push(c);
        }
    }

    fn preformatted(&mut self, s: &str) {
        for line in s.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            self.text.push_str(body);
            if line.ends_with('\n') {
                self.text.push('\n');
            }
        }
        self.pending_space = false;
    }

    fn newline(&mut self) {
        self.pending_space = false;
        if !self.at_line_start() {
            self.text.push('\n');
        }
    }

    fn finish(mut self) -> WebText {
        self.newline();
        WebText {
            text: self.text,
            rows: self.rows,
        }
    }

    /// Writes a data table, one line per row, keeping track of the columns that cells of
    /// earlier rows still cover.
    fn table(&mut self, table: NodeRef<Node>) {
        self.newline();
        let rows: Vec<NodeRef<Node>> = table
            .descendants()
            .filter(|n| is_element(*n, "tr"))
            .collect();
        // Columns still covered by a cell above: first column → (width, rows left, origin).
        let mut covering: BTreeMap<usize, (usize, usize, Range<usize>)> = BTreeMap::new();
        // Each covered place is written out, so tall cells in a long table could make the
        // text quadratic in the markup (20,000 rows of `rowspan=65534`). No real table
        // covers more places than a few per cell; past that, rowspans are not followed.
        let cells: usize = rows
            .iter()
            .map(|tr| tr.children().filter(|n| is_cell(*n)).count())
            .sum();
        let mut covered_budget = COVERED_PER_CELL * cells + COVERED_EXTRA;
        for (index, tr) in rows.iter().enumerate() {
            let rows_after = rows.len() - index;
            let line_start = self.text.len();
            let mut slots = Vec::new();
            let mut column = 0;
            for cell in tr.children().filter(|n| is_cell(*n)) {
                while let Some((start, width, origin)) = covered_at(&covering, column) {
                    self.covered(&mut slots, origin);
                    column = start + width;
                }
                let (colspan, rowspan) = spans(cell, rows_after);
                let rowspan = if covered_budget >= rowspan - 1 {
                    covered_budget -= rowspan - 1;
                    rowspan
                } else {
                    1
                };
                let text = self.cell_text(&mut slots, cell);
                if rowspan > 1 {
                    covering.insert(column, (colspan, rowspan, text.clone()));
                }
                slots.push(Slot::Cell {
                    text,
                    colspan,
                    rowspan,
                });
                column += colspan;
            }
            let trailing: Vec<Range<usize>> = covering
                .range(column..)
                .map(|(_, (_, _, origin))| origin.clone())
                .collect();
            for origin in trailing {
                self.covered(&mut slots, origin);
            }
            covering.retain(|_, (_, rows_left, _)| {
                *rows_left -= 1;
                *rows_left > 0
            });
            if slots.is_empty() {
                continue;
            }
            let line_end = self.text.len();
            self.text.push('\n');
            self.rows.push(TableRow {
                line: line_start..line_end,
                slots,
            });
        }
    }

    fn separator(&mut self, slots: &[Slot]) {
        if !slots.is_empty() {
            self.text.push_str(CELL_SEPARATOR);
        }
    }

    fn covered(&mut self, slots: &mut Vec<Slot>, origin: Range<usize>) {
        self.separator(slots);
        slots.push(Slot::Covered {
            at: self.text.len(),
            origin,
        });
    }

    /// Writes a cell's text on the row's line (its line breaks become spaces) and returns
    /// where it is.
    fn cell_text(&mut self, slots: &mut [Slot], cell: NodeRef<Node>) -> Range<usize> {
        self.separator(slots);
        let mut collapsed = String::new();
        let mut space = false;
        let mut hidden: Option<NodeId> = None;
        for edge in cell.traverse() {
            match edge {
                Edge::Open(node) if hidden.is_none() => match node.value() {
                    Node::Element(el) if is_hidden(el.name()) => hidden = Some(node.id()),
                    Node::Element(el) if el.name() == "br" || is_block(el.name()) => space = true,
                    Node::Text(t) => {
                        for c in t.chars() {
                            if collapses(c) {
                                space = true;
                            } else {
                                if space && !collapsed.is_empty() {
                                    collapsed.push(' ');
                                }
                                space = false;
                                collapsed.push(c);
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) if hidden == Some(node.id()) => hidden = None,
                _ => {}
            }
        }
        let start = self.text.len();
        self.text.push_str(&collapsed);
        start..self.text.len()
    }
}

fn is_cell(node: NodeRef<Node>) -> bool {
    matches!(node.value(), Node::Element(el) if matches!(el.name(), "td" | "th"))
}

/// The cell of an earlier row covering `column`, if any: its first column, width and text.
fn covered_at(
    covering: &BTreeMap<usize, (usize, usize, Range<usize>)>,
    column: usize,
) -> Option<(usize, usize, Range<usize>)> {
    let (&start, (width, _, origin)) = covering.range(..=column).next_back()?;
    (start + width > column).then(|| (start, *width, origin.clone()))
}

/// A cell's colspan and rowspan, clamped as browsers clamp them; `rowspan="0"` reaches the
/// end of the table.
fn spans(cell: NodeRef<Node>, rows_left: usize) -> (usize, usize) {
    let Node::Element(el) = cell.value() else {
        return (1, 1);
    };
    let number = |name: &str| el.attr(name).and_then(|v| v.trim().parse::<usize>().ok());
    let colspan = number("colspan").unwrap_or(1).clamp(1, MAX_COLSPAN);
    let rowspan = match number("rowspan") {
        Some(0) => rows_left,
        Some(n) => n.min(MAX_ROWSPAN),
        None => 1,
    };
    (colspan, rowspan.clamp(1, rows_left.max(1)))
}

#[cfg(test)]
mod tests;
