//! The value cells between one row label and the next, as printed: numbers (a digit run may
//! hold several cells glued together), placeholders, and the blanks that separators keep
//! (`9\t\t\t\t\t\t9`, `| 3 |  |`). Text between them (the rest of a wrapped label, a column
//! heading, a page number) is not a cell.

use crate::text::numbers::{classify_cell, normalize_char, CellValue};
use crate::value::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Digits as printed, folded to ASCII (`-` and one `.` allowed), with the byte offset of
    /// each character so a glued run's parts keep their own spans.
    Number { ascii: String, offsets: Vec<usize> },
    /// An empty cell between separators: printed empty.
    Blank,
    /// `-`, `/`, `无` and the like: not reported.
    Placeholder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    pub fn is_number(&self) -> bool {
        matches!(self.kind, TokenKind::Number { .. })
    }
}

/// A page number on a line of its own (`-3-`, `— 3 —`, `第 3 页`): a converter's debris
/// inside a table, never a cell.
pub fn is_page_number(line: &str) -> bool {
    // `第 123 页` with spaces and full-width digits is the longest form.
    if line.trim().len() > 24 {
        return false;
    }
    let t: String = line
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(normalize_char)
        .collect();
    let dashed = ['-', '—', '–', '－'];
    let inner = t.trim_matches(|c| dashed.contains(&c));
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    (inner.len() < t.len() && digits(inner))
        || t.strip_prefix('第')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(digits)
}

/// The cells of `text[from..to]`. `markup_rows`: the text is a web page's table rows
/// joined by ` | `, where a row's last cell follows its last separator (in markdown the text
/// after the closing `|` is outside the table).
pub fn tokens(text: &str, from: usize, to: usize, markup_rows: bool) -> Vec<Token> {
    let mut out = Vec::new();
    let Some(region) = text.get(from..to) else {
        return out;
    };
    let mut at = from;
    for line in region.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty()
            || is_page_number(body)
            || is_markdown_delimiter(body)
            || is_numbered_header(body)
        {
            continue;
        }
        if body.contains(['|', '\t']) {
            // On the label's own line empty cells are the row's blanks; on a line of their
            // own they are a heading's or a merge's debris.
            let labelled = start == from;
            separated_line(start, body, markup_rows, labelled, &mut out);
        } else {
            words(start, body, &mut out);
        }
    }
    out
}

/// OCR names columns by number (`数据1 数据2 数据3`): a header, not cells.
fn is_numbered_header(line: &str) -> bool {
    let mut names = line
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let name = w.trim_end_matches(|c: char| c.is_ascii_digit());
            let numbered = name.len() < w.len() && !name.is_empty();
            (numbered && !name.bytes().any(|b| b.is_ascii_digit())).then_some(name)
        });
    let Some(first) = names.next() else {
        return false;
    };
    let mut count = 1;
    for name in names {
        if name != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// `|---|:---:|`: a markdown table's delimiter row.
fn is_markdown_delimiter(line: &str) -> bool {
    line.contains("---")
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn separated_line(
    start: usize,
    body: &str,
    markup_rows: bool,
    labelled: bool,
    out: &mut Vec<Token>,
) {
    let mut pieces: Vec<(usize, &str)> = Vec::new();
    let mut piece_start = 0;
    for (i, c) in body.char_indices() {
        if c == '|' || c == '\t' {
            pieces.push((start + piece_start, &body[piece_start..i]));
            piece_start = i + 1;
        }
    }
    pieces.push((start + piece_start, &body[piece_start..]));
    let separators: Vec<char> = body.chars().filter(|c| matches!(c, '|' | '\t')).collect();
    // A tab stands between two cells, so an empty piece at either end is an empty cell. A
    // `|` opens and closes a row (markdown's `| a | b |`, a flattened `9 |`): outside it is
    // nothing, except that a web page's row ends in the cell after its last separator.
    let is_blank = |piece: Option<&(usize, &str)>| piece.is_some_and(|(_, p)| p.trim().is_empty());
    if !markup_rows && separators.last() == Some(&'|') && is_blank(pieces.last()) {
        pieces.pop();
    }
    if separators.first() == Some(&'|') && is_blank(pieces.first()) {
        pieces.remove(0);
    }
    let mut line_tokens = Vec::new();
    for (at, piece) in pieces {
        if piece.trim().is_empty() {
            line_tokens.push(Token {
                kind: TokenKind::Blank,
                span: Span::new(at, at),
            });
        } else {
            words(at, piece, &mut line_tokens);
        }
    }
    if labelled || line_tokens.iter().any(|t| t.kind != TokenKind::Blank) {
        out.extend(line_tokens);
    }
}

fn words(start: usize, body: &str, out: &mut Vec<Token>) {
    let mut word_start = None;
    let is_sep = |c: char| c.is_whitespace() || c == '\u{3000}';
    for (i, c) in body.char_indices().chain([(body.len(), ' ')]) {
        match (is_sep(c), word_start) {
            (true, Some(ws)) => {
                word(start + ws, &body[ws..i], out);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
}

/// The numbers in one word (`9116.36`, `1204-96387`, `13575394432.52元`), or the word as a
/// placeholder. A run followed by `、` or `.` and text is an item number (`2.其他`), and a
/// run followed by 年, 月, 日 or % is a date or a rate, not a cell.
fn word(start: usize, w: &str, out: &mut Vec<Token>) {
    // Most words are text: no digit, and too long or too wordy to be a placeholder.
    let has_digit = w.chars().any(crate::text::numbers::is_digit);
    if !has_digit && w.len() > 9 {
        return;
    }
    if !has_digit && classify_cell(w) == CellValue::Placeholder {
        out.push(Token {
            kind: TokenKind::Placeholder,
            span: Span::new(start, start + w.len()),
        });
        return;
    }
    if !has_digit {
        return;
    }
    let chars: Vec<(usize, char)> = w
        .char_indices()
        .map(|(i, c)| (start + i, normalize_char(c)))
        .collect();
    let end_of = |k: usize| chars.get(k).map_or(start + w.len(), |&(o, _)| o);
    let mut k = 0;
    while k < chars.len() {
        let (_, c) = chars[k];
        let signed = c == '-' && chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit());
        if !c.is_ascii_digit() && !signed {
            k += 1;
            continue;
        }
        let mut ascii = String::new();
        let mut offsets = Vec::new();
        let mut taken = Vec::new();
        if signed {
            ascii.push('-');
            offsets.push(chars[k].0);
            taken.push(k);
            k += 1;
        }
        let mut seen_point = false;
        while k < chars.len() {
            let (o, c) = chars[k];
            let point_then_digit = c == '.'
                && !seen_point
                && chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit());
            if c.is_ascii_digit() || point_then_digit {
                seen_point |= c == '.';
                ascii.push(c);
                offsets.push(o);
                taken.push(k);
                k += 1;
            } else if c == ',' && chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit()) {
                k += 1;
            } else {
                break;
            }
        }
        let next = chars.get(k).map(|&(_, c)| c);
        let after_next = chars.get(k + 1).map(|&(_, c)| c);
        if matches!(next, Some('年' | '月' | '日' | '%' | '％')) {
            continue;
        }
        let item_number =
            matches!(next, Some('、' | '.')) && after_next.is_none_or(|c| !c.is_ascii_digit());
        if item_number {
            // A serial glued to the values before it (`00000002.`): only its last digit.
            if ascii.len() <= 2 {
                continue;
            }
            ascii.pop();
            offsets.pop();
            taken.pop();
        }
        let (Some(&first), Some(&last)) = (taken.first(), taken.last()) else {
            continue;
        };
        out.push(Token {
            kind: TokenKind::Number { ascii, offsets },
            span: Span::new(chars[first].0, end_of(last + 1)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, markup: bool) -> Vec<String> {
        tokens(text, 0, text.len(), markup)
            .into_iter()
            .map(|t| match t.kind {
                TokenKind::Number { ascii, .. } => ascii,
                TokenKind::Blank => "_".into(),
                TokenKind::Placeholder => "-".into(),
            })
            .collect()
    }

    #[test]
    fn tabs_keep_their_empty_cells() {
        // A tab stands between two cells: an empty piece at either end is an empty cell.
        assert_eq!(
            kinds("\t9\t\t\t\t\t\t9\n", false),
            ["_", "9", "_", "_", "_", "_", "_", "9"]
        );
    }

    #[test]
    fn markdown_rows_drop_what_is_outside_the_pipes() {
        assert_eq!(
            kinds(" | 32 | 2 | 0 |  |\n|---|---|\n", false),
            ["32", "2", "0", "_"]
        );
        assert_eq!(
            kinds(" | 258 | 12 |  | 1 | ", true),
            ["258", "12", "_", "1", "_"]
        );
    }

    #[test]
    fn numbered_column_names_are_a_header() {
        assert_eq!(
            kinds("项目 数据1 数据2 数据3\n1 0 1\n", false),
            ["1", "0", "1"]
        );
    }

    #[test]
    fn page_numbers_dates_and_item_numbers_are_not_cells() {
        assert_eq!(
            kinds(" 447  7\n-3-\n 2024年 0 \n", false),
            ["447", "7", "0"]
        );
        assert_eq!(kinds("00000002.", false), ["0000000"]);
        assert_eq!(
            kinds("行政处罚1204-96387 9116.36 ／", false),
            ["1204", "-96387", "9116.36", "-"]
        );
        assert_eq!(kinds("３７ 0", false), ["37", "0"]);
    }

    #[test]
    fn spans_cover_the_printed_digits() {
        let text = "ab３７ 12";
        let t = tokens(text, 0, text.len(), false);
        assert_eq!(&text[t[0].span.range()], "３７");
        assert_eq!(&text[t[1].span.range()], "12");
    }
}
