//! The template tables (表二, 表三, 表四) read by aligning the text to the template: each
//! row's label is found on its Han characters, the cells printed after it are read in any of
//! the ways the text allows, and the table's own arithmetic chooses among the readings. It
//! never changes a printed value; where the text leaves a choice the value is marked
//! ambiguous with its alternatives.
//!
//! Two ways to find a row's cells, each a reader of its own: `anchored` takes what is printed
//! between a row's label and the next (flattened web text, `pdftotext -layout`, tab-separated
//! rows, HTML text), `row_sequence` takes the template's rows in order from the lines that
//! hold a full row of numbers (PDF-to-markdown output, where labels drift away from their
//! numbers).

mod anchors;
mod choose;
mod fit;
mod stream;
mod t2;
mod t3;
mod tokens;

use std::cell::OnceCell;

use super::{FieldValue, Findings, Flag, FlagKind, Source};
use crate::fields::{self, Format, T4_BLOCKS, T4_COLUMNS};
use crate::value::Span;
use anchors::Anchor;
use choose::{ChosenCell, RowChoice};
use stream::HanStream;

/// A report prepared once for every aligned reader: its Han characters and where 表三's
/// labels are, both computed on first use.
pub struct Page<'a> {
    text: &'a str,
    markup: bool,
    stream: OnceCell<HanStream>,
    table: OnceCell<Option<t3::T3Labels>>,
    /// The format and 表二's and 表四's fields: the same whichever way 表三 is read.
    around: OnceCell<Option<(Format, Findings)>>,
}

impl<'a> Page<'a> {
    pub fn new(text: &'a str, markup: bool) -> Page<'a> {
        Page {
            text,
            markup,
            stream: OnceCell::new(),
            table: OnceCell::new(),
            around: OnceCell::new(),
        }
    }

    fn around(&self) -> Option<&(Format, Findings)> {
        self.around
            .get_or_init(|| {
                let (text, markup) = (self.text, self.markup);
                let table = self.table()?;
                let stream = self.stream();
                let t2 = t2::locate(stream, text, table.anchors.first()?.label_start);
                let format = format_of(table, t2.as_ref());
                let mut found = Findings::default();
                if let Some(t2) = t2 {
                    t2::read(text, &t2, format, markup, &mut found);
                }
                if let Some(t4) = table.t4 {
                    read_t4(text, stream, t4, markup, &mut found);
                }
                Some((format, found))
            })
            .as_ref()
    }

    fn stream(&self) -> &HanStream {
        self.stream.get_or_init(|| HanStream::new(self.text))
    }

    /// 表三's labels, or `None` when the text has no 表三. Most bytes of most reports are
    /// prose: a text that never names 本年新收 is turned away before it is scanned.
    fn table(&self) -> Option<&t3::T3Labels> {
        self.table
            .get_or_init(|| {
                let named = ["新收", "新 收"].iter().any(|w| self.text.contains(w));
                named
                    .then(|| t3::locate(self.stream(), self.text))
                    .flatten()
            })
            .as_ref()
    }
}

/// How 表三's rows get their cells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    Anchored,
    Sequence,
    Blocks,
}

/// Reads the tables with each row's cells taken between its label and the next.
pub fn read_anchored(page: &Page) -> Option<(Format, Findings)> {
    read(page, Rows::Anchored)
}

/// Reads the tables with 表三's rows taken in template order from the lines that hold a
/// full row of numbers.
pub fn read_row_sequence(page: &Page) -> Option<(Format, Findings)> {
    read(page, Rows::Sequence)
}

/// Reads the tables with 表三's rows taken from reading-order text's runs of numbers.
pub fn read_number_blocks(page: &Page) -> Option<(Format, Findings)> {
    read(page, Rows::Blocks)
}

fn read(page: &Page, mode: Rows) -> Option<(Format, Findings)> {
    let (text, markup) = (page.text, page.markup);
    let table = page.table()?;
    let rows = match mode {
        Rows::Anchored => t3::anchored_rows(text, table, markup),
        Rows::Sequence => t3::sequence_rows(text, table, markup)?,
        Rows::Blocks => t3::block_rows(text, page.stream(), table)?,
    };
    let (format, around) = page.around()?;
    let mut found = Findings::default();
    t3::read(text, rows, *format, &mut found);
    for (id, value) in &around.fields {
        found
            .fields
            .entry(id.clone())
            .or_insert_with(|| value.clone());
    }
    found.flags.extend(around.flags.iter().cloned());
    Some((*format, found))
}

/// The 2021 form prints （六）'s three sub-rows and counts documents in 表二 (本年制发件数);
/// the 2019 form one （六） row and items (本年新制作数量). A 2021 report may still print the
/// single （六） row ("hybrid"): its 表二 decides.
fn format_of(table: &t3::T3Labels, t2: Option<&t2::T2Labels>) -> Format {
    match t2.and_then(|t| t.format) {
        Some(format) => format,
        None if table.has_2021_rows => Format::Template2021,
        None => Format::Template2019,
    }
}

fn read_t4(text: &str, stream: &HanStream, at: Anchor, markup: bool, found: &mut Findings) {
    let from = stream.position_at(at.label_start);
    let end = ["存在的主要问题", "主要问题", "其他需要报告", "改进情况"]
        .iter()
        .filter_map(|p| stream.find(p, from, from + 400))
        .map(|h| h.start)
        .min()
        .unwrap_or_else(|| (at.hit.end + 1200).min(text.len()));
    let end = floor_boundary(text, end);
    let tokens = tokens::tokens(text, at.hit.start, end, markup);
    if tokens.is_empty() {
        return;
    }
    let readings = fit::readings(text, &tokens, 15, &|c| fit::blocks_hold(c, 5));
    let rows = vec![RowChoice {
        key: "t4",
        readings,
        chosen: 0,
    }];
    // 表四 has no sums across its rows: every split under which its blocks add up is as
    // good as another.
    let consistent = (0..rows[0].readings.fitting.max(1)).collect();
    let cells = choose::settle(&rows, 0, &[consistent]);
    let ids: Vec<String> = T4_BLOCKS
        .iter()
        .flat_map(|(b, _)| T4_COLUMNS.iter().map(move |(c, _)| fields::t4_id(b, c)))
        .collect();
    let label = "表四 行政复议、行政诉讼";
    flag_row(found, &rows[0], &ids, label, Span::new(at.label_start, end));
    for (id, cell) in ids.iter().zip(cells) {
        put(found, id, cell, label);
    }
}

pub(crate) fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Records one chosen cell as a field (money as a decimal); the first statement wins.
fn put(found: &mut Findings, id: &str, chosen: ChosenCell, label: &str) {
    if fields::field(id).is_none() {
        return;
    }
    let value = match chosen.cell.value {
        Some(n) if fields::kind(id) == fields::FieldKind::Money => {
            Some(crate::value::Number::Dec(n.as_decimal()))
        }
        v => v,
    };
    found.fields.entry(id.to_owned()).or_insert(FieldValue {
        value,
        span: chosen.cell.span,
        source: Source::Table,
        label: label.to_owned(),
        raw: chosen.cell.raw,
        reading: chosen.reading,
        alternatives: chosen.alternatives,
    });
}

/// Flags a row whose cells the text does not settle: a glued run without one consistent
/// split (with the splits it allows), or a row with cells missing.
fn flag_row(found: &mut Findings, row: &RowChoice, ids: &[String], label: &str, span: Span) {
    let r = &row.readings;
    match r.layout {
        fit::Layout::Glued if r.fitting != 1 => found.flags.push(Flag {
            kind: FlagKind::GluedRun,
            fields: ids.to_vec(),
            span,
            message: format!(
                "{label}: digits hold {} cells glued together; {}",
                ids.len(),
                match r.fitting {
                    0 => "no split satisfies the row's sums".to_owned(),
                    n => format!("{n} splits satisfy the row's sums"),
                }
            ),
            candidates: choose::offered(r),
        }),
        fit::Layout::Gap => found.flags.push(Flag {
            kind: FlagKind::MissingCell,
            fields: ids.to_vec(),
            span,
            message: format!(
                "row {label:?} has fewer than its {} cells; the row is kept, the missing cell left blank",
                ids.len()
            ),
            candidates: vec![],
        }),
        _ => {}
    }
}
