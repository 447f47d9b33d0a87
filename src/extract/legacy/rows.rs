//! A flattened 统计表 read as a stream of rows.
//!
//! Cells arrive separated by `|` and line breaks: `label | unit | value |`, the value often on
//! the next line, a lone `|` for a blank value, or — where the table lost its cell borders —
//! label, unit and digits glued together (`主动公开信息数条6122057`), several rows on one line,
//! the next row's item number stuck to the digits (`…条0142.政府网站…`).

use std::collections::VecDeque;
use std::sync::OnceLock;

use regex::Regex;

use crate::text::numbers::{classify_cell, CellValue};
use crate::value::Span;

/// One cell's text (trimmed) and where it is; a blank cell has an empty span at its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCell<'a> {
    pub text: &'a str,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRow<'a> {
    pub label: LineCell<'a>,
    pub unit: Option<LineCell<'a>>,
    /// The value cells as printed, blanks included.
    pub values: Vec<LineCell<'a>>,
    /// The value was glued to the unit in running text rather than a cell of its own.
    pub glued: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Row(LineRow<'a>),
    /// A section heading (`一、主动公开情况 | —— |`): no value of its own.
    Heading(LineCell<'a>),
    /// Text that is no row: titles, the header, notes, whatever follows the table.
    Text(LineCell<'a>),
}

/// Value cells kept per row: the form has at most two value columns, and a stray run of
/// empty cells must not grow a row without bound.
const MAX_VALUES: usize = 4;
/// A glued label longer than this is a sentence that happens to hold `条12`, not a row.
const MAX_GLUED_LABEL_CHARS: usize = 80;

const UNITS: [&str; 16] = [
    "条", "件", "次", "篇", "个", "人", "人次", "万元", "千元", "元", "项", "期", "份", "场",
    "件次", "条次",
];

fn is_unit(text: &str) -> bool {
    UNITS.contains(&text)
}

/// `——` in the unit column marks a section heading.
fn is_dash(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, '—' | '-' | '－' | '─'))
}

fn glued_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A unit, then this year's number glued to it or spaced from it, then perhaps the
        // cumulative number after a space (`条4251516`, `条 72804 76424`).
        Regex::new("(万元|千元|人次|件次|条次|条|件|次|篇|个|人|项|元|期|份|场)[ \t\u{3000}]*([0-9０-９][0-9０-９.．,，]*)(?:[ \t\u{3000}]+([0-9０-９][0-9０-９,，]*))?")
            .expect("glued-row pattern compiles")
    })
}

fn dash_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new("[—─]+").expect("dash pattern compiles"))
}

/// Where the label of the first row glued to running text starts when what precedes it is
/// too long to be a label: after the last sentence, or else after the table's header.
fn tail_offset(text: &str) -> usize {
    if text.chars().count() <= MAX_GLUED_LABEL_CHARS {
        return 0;
    }
    let after = |marks: &[&str]| {
        marks
            .iter()
            .filter_map(|mark| text.rfind(mark).map(|i| i + mark.len()))
            .max()
    };
    // The last sentence keeps the header with the label (its 历年累计 tells the columns).
    match after(&["。", "；"]) {
        Some(i) if text[i..].chars().count() <= MAX_GLUED_LABEL_CHARS => i,
        _ => after(&["累计", "年度", "单位"]).unwrap_or(0),
    }
}

fn row_label_tail(text: &str) -> &str {
    &text[tail_offset(text)..]
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn trimmed(text: &str, start: usize) -> LineCell<'_> {
    let lead = text.len() - text.trim_start_matches(is_space).len();
    let t = text.trim_matches(is_space);
    LineCell {
        text: t,
        span: Span::new(start + lead, start + lead + t.len()),
    }
}

/// The cells of `text` from `start` on, line by line.
struct Cells<'a> {
    text: &'a str,
    pos: usize,
    pending: VecDeque<LineCell<'a>>,
}

impl<'a> Cells<'a> {
    fn split_line(&mut self, line: &'a str, start: usize) {
        if !line.contains('|') {
            let cell = trimmed(line, start);
            if !cell.text.is_empty() {
                self.pending.push_back(cell);
            }
            return;
        }
        let mut part_start = start;
        let mut parts = line.split('|').peekable();
        while let Some(part) = parts.next() {
            let cell = trimmed(part, part_start);
            let is_last = parts.peek().is_none();
            if is_last && cell.text.is_empty() {
                // The text after a line's closing `|` is no cell.
                break;
            }
            self.pending.push_back(if cell.text.is_empty() {
                LineCell {
                    text: "",
                    span: Span::new(part_start, part_start),
                }
            } else {
                cell
            });
            part_start += part.len() + 1;
        }
    }
}

impl<'a> Iterator for Cells<'a> {
    type Item = LineCell<'a>;

    fn next(&mut self) -> Option<LineCell<'a>> {
        loop {
            if let Some(cell) = self.pending.pop_front() {
                return Some(cell);
            }
            let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
            let line_len = rest.find('\n').unwrap_or(rest.len());
            let start = self.pos;
            self.pos += line_len + 1;
            self.split_line(&rest[..line_len], start);
        }
    }
}

struct Builder<'a> {
    label: LineCell<'a>,
    unit: Option<LineCell<'a>>,
    values: Vec<LineCell<'a>>,
}

impl<'a> Builder<'a> {
    fn new(label: LineCell<'a>) -> Builder<'a> {
        Builder {
            label,
            unit: None,
            values: Vec::new(),
        }
    }

    fn expects_unit(&self) -> bool {
        self.unit.is_none() && self.values.is_empty()
    }

    fn finish(self) -> Item<'a> {
        if self.unit.is_some_and(|u| is_dash(u.text)) {
            return Item::Heading(self.label);
        }
        let has_value = self.values.iter().any(|v| !v.text.is_empty());
        if self.unit.is_some() || has_value {
            Item::Row(LineRow {
                label: self.label,
                unit: self.unit,
                values: self.values,
                glued: false,
            })
        } else {
            Item::Text(self.label)
        }
    }
}

/// The rows, headings and other text of a flattened table, in order.
pub struct Items<'a> {
    text: &'a str,
    cells: Cells<'a>,
    open: Option<Builder<'a>>,
    ready: VecDeque<Item<'a>>,
}

impl<'a> Items<'a> {
    pub fn new(text: &'a str, start: usize) -> Items<'a> {
        Items {
            text,
            cells: Cells {
                text,
                pos: start.min(text.len()),
                pending: VecDeque::new(),
            },
            open: None,
            ready: VecDeque::new(),
        }
    }

    /// How far the text has been read.
    pub fn position(&self) -> usize {
        self.cells.pos.min(self.text.len())
    }

    fn close(&mut self) {
        if let Some(b) = self.open.take() {
            self.ready.push_back(b.finish());
        }
    }

    fn feed(&mut self, cell: LineCell<'a>) {
        let expects_unit = self.open.as_ref().is_some_and(Builder::expects_unit);
        if expects_unit && (is_unit(cell.text) || is_dash(cell.text)) {
            if let Some(b) = self.open.as_mut() {
                b.unit = Some(cell);
            }
            return;
        }
        let is_value = cell.text.is_empty()
            || matches!(
                classify_cell(cell.text),
                CellValue::Number(_) | CellValue::Placeholder | CellValue::Overflow(_)
            );
        if is_value {
            if let Some(b) = self.open.as_mut() {
                if b.values.len() < MAX_VALUES {
                    b.values.push(cell);
                }
            }
            return;
        }
        if is_unit(cell.text) {
            // A unit where none belongs (a second unit column) carries nothing.
            return;
        }
        self.read_text(cell);
    }

    /// A text cell: a label, or one or more rows glued into running text.
    fn read_text(&mut self, cell: LineCell<'a>) {
        let mut cursor = 0;
        for m in glued_pattern().captures_iter(cell.text) {
            let (Some(whole), Some(unit), Some(run)) = (m.get(0), m.get(1), m.get(2)) else {
                continue;
            };
            let at = |i: usize| cell.span.start + i;
            let unit_cell = LineCell {
                text: unit.as_str(),
                span: Span::new(at(unit.start()), at(unit.end())),
            };
            let item_mark_follows = cell.text[run.end()..].starts_with('、');
            let (value_len, next_label) = split_item_number(run.as_str(), item_mark_follows);
            let value_text = &run.as_str()[..value_len];
            let value_cell = LineCell {
                text: value_text,
                span: Span::new(at(run.start()), at(run.start() + value_len)),
            };
            let label = trimmed(
                row_label_tail(&cell.text[cursor..whole.start()]),
                at(cursor + tail_offset(&cell.text[cursor..whole.start()])),
            );
            cursor = run.start() + next_label;
            let mut values = if value_text.is_empty() {
                vec![LineCell {
                    text: "",
                    span: Span::new(value_cell.span.start, value_cell.span.start),
                }]
            } else {
                vec![value_cell]
            };
            if let Some(second) = m.get(3).filter(|_| next_label == run.len()) {
                let item_mark_follows = cell.text[second.end()..].starts_with('、');
                let (len, next) = split_item_number(second.as_str(), item_mark_follows);
                if len > 0 {
                    values.push(LineCell {
                        text: &second.as_str()[..len],
                        span: Span::new(at(second.start()), at(second.start() + len)),
                    });
                }
                cursor = second.start() + next;
            }
            if label.text.is_empty() {
                if let Some(b) = self.open.as_mut().filter(|b| b.expects_unit()) {
                    b.unit = Some(unit_cell);
                    b.values = values;
                    self.close();
                }
                continue;
            }
            self.close();
            let Some(label) = self.after_heading(label) else {
                continue;
            };
            if label.text.chars().count() > MAX_GLUED_LABEL_CHARS {
                self.ready.push_back(Item::Text(label));
                continue;
            }
            self.ready.push_back(Item::Row(LineRow {
                label,
                unit: Some(unit_cell),
                values,
                glued: true,
            }));
        }
        let tail = cell.text.get(cursor..).unwrap_or("");
        let tail = trimmed(tail, cell.span.start + cursor);
        if cursor > 0 && tail.text.is_empty() {
            return;
        }
        self.close();
        if let Some(label) = self.after_heading(tail) {
            self.open = Some(Builder::new(label));
        }
    }

    /// Splits a heading glued before a label (`一、主动公开情况——(一)主动公开…`): queues the
    /// heading and returns what follows it, if anything.
    fn after_heading(&mut self, label: LineCell<'a>) -> Option<LineCell<'a>> {
        let Some(dash) = dash_pattern().find_iter(label.text).last() else {
            return Some(label);
        };
        let heading = trimmed(&label.text[..dash.start()], label.span.start);
        if !heading.text.is_empty() {
            self.ready.push_back(Item::Heading(heading));
        }
        let rest = trimmed(&label.text[dash.end()..], label.span.start + dash.end());
        (!rest.text.is_empty()).then_some(rest)
    }
}

/// The digits after a glued unit may end with the next row's item number (`0142.` = `014`
/// then `2.`; `0142、` likewise). Returns the length of the value part and where the next
/// label starts.
fn split_item_number(run: &str, item_mark_follows: bool) -> (usize, usize) {
    let body = run.trim_end_matches(['.', '．']);
    if body.len() == run.len() && !item_mark_follows {
        return (run.trim_end_matches([',', '，']).len(), run.len());
    }
    match body.char_indices().last() {
        // Items count from 1: a trailing 0 is part of the value.
        Some((i, c)) if c != '0' => (i, i),
        _ => (body.len(), run.len()),
    }
}

impl<'a> Iterator for Items<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            match self.cells.next() {
                Some(cell) => self.feed(cell),
                None => {
                    self.close();
                    return self.ready.pop_front();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<Item<'_>> {
        Items::new(text, 0).collect()
    }

    fn row<'i, 'a>(item: &'i Item<'a>) -> &'i LineRow<'a> {
        match item {
            Item::Row(r) => r,
            other => panic!("not a row: {other:?}"),
        }
    }

    #[test]
    fn pipe_rows_take_values_from_the_same_or_next_line() {
        let text = "甲数 | 条 | 12 |\n乙数 | 件 |\n|\n丙数 | 人 |\n7 |\n";
        let got = items(text);
        assert_eq!(got.len(), 3);
        assert_eq!(row(&got[0]).values[0].text, "12");
        let blank = row(&got[1]).values[0];
        assert_eq!(blank.text, "");
        assert!(blank.span.is_empty());
        assert_eq!(blank.span.start, text.find("\n|").unwrap() + 1);
        assert_eq!(row(&got[2]).values[0].text, "7");
        let seven = row(&got[2]).values[0].span;
        assert_eq!(&text[seven.range()], "7");
    }

    #[test]
    fn headings_header_and_notes_are_not_rows() {
        let text =
            "统 计 指 标 | 单位 | 统计数 |\n一、主动公开情况 | —— |\n|\n填报单位:某某局 | ||\n";
        let got = items(text);
        assert!(matches!(got[0], Item::Text(c) if c.text == "统 计 指 标"));
        assert!(matches!(got[3], Item::Heading(c) if c.text == "一、主动公开情况"));
        assert!(matches!(got[4], Item::Text(c) if c.text == "填报单位:某某局"));
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn glued_rows_split_at_units_and_item_numbers() {
        let text = "一、公开情况——(一)主动公开信息数条6122057其中：文件数件0142.网站数条5";
        let got = items(text);
        assert!(matches!(got[0], Item::Heading(c) if c.text == "一、公开情况"));
        let first = row(&got[1]);
        assert_eq!(first.label.text, "(一)主动公开信息数");
        assert_eq!(first.values[0].text, "6122057");
        assert!(first.glued);
        let second = row(&got[2]);
        assert_eq!(second.label.text, "其中：文件数");
        assert_eq!(second.values[0].text, "014");
        let third = row(&got[3]);
        assert_eq!(third.label.text, "2.网站数");
        assert_eq!(&text[third.values[0].span.range()], "5");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_glued_row_without_digits_before_the_next_item_is_blank() {
        let got = items("甲数条2.乙数条3");
        let first = row(&got[0]);
        assert_eq!(first.values[0].text, "");
        assert_eq!(row(&got[1]).label.text, "2.乙数");
    }

    #[test]
    fn item_numbers_end_with_a_point_or_a_comma_and_never_are_zero() {
        let got = items("甲数条152、乙数条10.丙数条3");
        assert_eq!(row(&got[0]).values[0].text, "15");
        assert_eq!(row(&got[1]).label.text, "2、乙数");
        assert_eq!(row(&got[1]).values[0].text, "10");
        assert_eq!(row(&got[2]).label.text, "丙数");
    }

    #[test]
    fn stray_cells_neither_grow_a_row_nor_start_one() {
        let got = items(
            "甲数 | 条 | 5 | 条 | | | | | | |
乙数 | 件 | 1 |
",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(row(&got[0]).values.len(), MAX_VALUES);
        assert_eq!(row(&got[1]).label.text, "乙数");
    }

    #[test]
    fn unit_and_digits_glued_in_the_cell_after_a_label() {
        let got = items("甲数 | 条873 |\n");
        let r = row(&got[0]);
        assert_eq!(r.label.text, "甲数");
        assert_eq!(r.unit.unwrap().text, "条");
        assert_eq!(r.values[0].text, "873");
    }

    #[test]
    fn money_keeps_its_decimal_point() {
        let got = items("费用万元0.52.经费万元1.25");
        assert_eq!(row(&got[0]).values[0].text, "0.5");
        assert_eq!(row(&got[1]).values[0].text, "1.25");
    }

    #[test]
    fn sentences_with_counts_are_text() {
        let long = format!("{}共发布条5", "这是一段很长的说明文字".repeat(10));
        let got = items(&long);
        assert!(matches!(got[0], Item::Text(_)));
    }
}
