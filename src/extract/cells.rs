//! Tables split into cells with their spans. Flattened text (HTML converted to text) leaves
//! one cell per line ending in ` |`, several cells on a line separated by `|`, runs like `|||`
//! where merged cells were, and numbers separated by spaces or tabs. A web page's tables come
//! with their cells from the markup.

use crate::text::html::{Slot, TableRow};
use crate::text::numbers::{classify_cell, CellValue};
use crate::value::Span;

/// One cell: its trimmed text, where it is, and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCell<'a> {
    pub text: &'a str,
    pub span: Span,
    pub value: CellValue,
    /// A blank standing for a place a value cell of an earlier row covers (`rowspan`): the
    /// span of that cell.
    pub covered_by: Option<Span>,
}

impl TableCell<'_> {
    /// A number, a placeholder or a blank: something a value column can hold.
    pub fn is_value(&self) -> bool {
        !matches!(self.value, CellValue::Text)
    }
}

/// Lines longer than this are prose, not table rows, and are not split into cells.
const MAX_ROW_LINE: usize = 600;

/// The cells of `text` from byte `from` to `to`, in reading order. Text lines without a `|`
/// are one cell each; blank cells are only those between two `|` on a line that has other
/// cells (a lone `|` line is merge debris, not a blank cell).
pub fn cells(text: &str, from: usize, to: usize) -> Vec<TableCell<'_>> {
    let mut out = Vec::new();
    let mut offset = from;
    let region = text.get(from..to).unwrap_or("");
    for line in region.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() || body.len() > MAX_ROW_LINE {
            if body.len() > MAX_ROW_LINE {
                out.push(cell(text, start, start + body.len()));
            }
            continue;
        }
        if !body.contains('|') {
            split_spaced(text, start, body, &mut out);
            continue;
        }
        let mut pieces: Vec<(usize, &str)> = Vec::new();
        let mut at = start;
        for piece in body.split('|') {
            pieces.push((at, piece));
            at += piece.len() + 1;
        }
        let first = pieces.iter().position(|(_, p)| !p.trim().is_empty());
        let last = pieces.iter().rposition(|(_, p)| !p.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        for &(at, piece) in &pieces[first..=last] {
            if piece.trim().is_empty() {
                out.push(blank(at, None));
            } else {
                split_spaced(text, at, piece, &mut out);
            }
        }
    }
    out
}

/// A piece that is only numbers and placeholders separated by whitespace is several cells;
/// anything else (a label, which may contain spaces: `商业 企业`) is one.
fn split_spaced<'a>(text: &'a str, at: usize, piece: &str, out: &mut Vec<TableCell<'a>>) {
    let is_sep = |c: char| matches!(c, ' ' | '\t' | '\u{3000}');
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in piece.char_indices() {
        match (is_sep(c), word_start) {
            (true, Some(ws)) => {
                words.push((at + ws, &piece[ws..i]));
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(ws) = word_start {
        words.push((at + ws, &piece[ws..]));
    }
    let is_value = |w: &str| !matches!(classify_cell(w), CellValue::Text | CellValue::Blank);
    // Values at the end of the piece, after a label (`行政许可 5`, `label\t0 0 0`).
    let values_from = words
        .iter()
        .rposition(|(_, w)| !is_value(w))
        .map_or(0, |i| i + 1);
    let split = words.len() > 1 && values_from < words.len();
    if !split {
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(cell(text, at + lead, at + lead + trimmed.len()));
        }
        return;
    }
    if values_from > 0 {
        let (label_start, _) = words[0];
        let (last_start, last) = words[values_from - 1];
        out.push(cell(text, label_start, last_start + last.len()));
    }
    for &(pos, w) in &words[values_from..] {
        out.push(cell(text, pos, pos + w.len()));
    }
}

fn cell(text: &str, start: usize, end: usize) -> TableCell<'_> {
    let t = text.get(start..end).unwrap_or("");
    TableCell {
        text: t,
        span: Span::new(start, end),
        value: classify_cell(t),
        covered_by: None,
    }
}

fn blank<'a>(at: usize, covered_by: Option<Span>) -> TableCell<'a> {
    TableCell {
        text: "",
        span: Span::new(at, at),
        value: CellValue::Blank,
        covered_by,
    }
}

/// The cells of a web page's text in reading order: each table row's cells as its markup
/// defines them, the text between tables as [`cells`] reads it.
pub fn markup_cells<'a>(text: &'a str, rows: &[TableRow]) -> Vec<TableCell<'a>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for row in rows {
        if row.line.start < offset || row.line.end > text.len() {
            continue;
        }
        out.extend(cells(text, offset, row.line.start));
        row_cells(text, row, &mut out);
        offset = row.line.end;
    }
    out.extend(cells(text, offset, text.len()));
    out
}

/// A row's cells. Empty cells are blanks ("not reported") in a row that holds a value or is a
/// lone label followed by empty cells; elsewhere (headers) they are layout. Empty cells
/// before a row's first filled cell are dropped, as in flattened text, so a row never hands
/// a blank to the row above. A place covered by a label above gives nothing (the label is not
/// repeated); one covered by a value above is a blank that names it, so the value is not
/// counted twice.
fn row_cells<'a>(text: &'a str, row: &TableRow, out: &mut Vec<TableCell<'a>>) {
    let slot_cells: Vec<TableCell> = row
        .slots
        .iter()
        .filter_map(|slot| match slot {
            Slot::Cell { text: range, .. } => Some(cell(text, range.start, range.end)),
            Slot::Covered { at, origin } => {
                let covering = cell(text, origin.start, origin.end);
                covering.is_value().then(|| blank(*at, Some(covering.span)))
            }
        })
        .collect();
    let is_filled = |c: &TableCell| c.value != CellValue::Blank;
    let Some(first_filled) = slot_cells.iter().position(is_filled) else {
        return;
    };
    let filled: Vec<&TableCell> = slot_cells.iter().filter(|c| is_filled(c)).collect();
    let lone_label = filled.len() == 1 && !filled[0].is_value();
    let keep_blanks = lone_label || filled.iter().any(|c| c.is_value());
    out.extend(
        slot_cells
            .into_iter()
            .skip(first_filled)
            .filter(|c| keep_blanks || is_filled(c)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Number;

    fn texts(s: &str) -> Vec<&str> {
        cells(s, 0, s.len()).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn one_cell_per_line_with_debris() {
        let s = "规章 |\n0 |\n|||\n12 |\n";
        assert_eq!(texts(s), ["规章", "0", "12"]);
        let c = cells(s, 0, s.len());
        assert_eq!(&s[c[2].span.range()], "12");
        assert_eq!(c[2].value, CellValue::Number(Number::Int(12)));
    }

    #[test]
    fn several_cells_per_line_and_interior_blanks() {
        let s = "（一）予以公开 | 3 | | 0 | ／ |\n";
        let c = cells(s, 0, s.len());
        assert_eq!(c.len(), 5);
        assert_eq!(c[2].value, CellValue::Blank);
        assert_eq!(c[4].value, CellValue::Placeholder);
    }

    #[test]
    fn spaced_numbers_split_but_spaced_labels_do_not() {
        assert_eq!(
            texts("商业 企业\n6 0 0\t1\n"),
            ["商业 企业", "6", "0", "0", "1"]
        );
        assert_eq!(
            texts("三、本 年 度 办 理 结 果 |"),
            ["三、本 年 度 办 理 结 果"]
        );
        assert_eq!(
            texts("行政许可 5\n二、上年结转\t0 0 1\n"),
            ["行政许可", "5", "二、上年结转", "0", "0", "1"]
        );
        assert_eq!(texts("共收到 3 件"), ["共收到 3 件"]);
    }
}
