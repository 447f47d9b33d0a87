//! Every reader of the template tables, in one list. Each reads the whole report its own way;
//! the reading under which most of the tables' sums hold is kept (the earlier reader on a
//! tie). Adding a layout family is one reader module and one line here.

use super::aligned::{self, Page};
use super::cells::{cells, markup_cells};
use super::{legacy, template, Findings, Reading};
use crate::fields::{self, Format, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS};
use crate::report::Report;

/// A reader: a report (prepared once for all readers) → the template format and the
/// tables' fields, or `None` when it finds no template table.
pub type TableReader = fn(&Report, &Page) -> Option<(Format, Findings)>;

pub const TABLE_READERS: [(&str, TableReader); 4] = [
    // Labels aligned to the template, cells between one label and the next: flattened web
    // text with glued digit runs, `pdftotext -layout`, tab-separated rows with empty cells,
    // one cell per line.
    ("anchored", |_, page| aligned::read_anchored(page)),
    // Cells in reading order, rows by their labels: web pages' markup cells (rowspan and
    // colspan) and flattened tables.
    ("cells", |r, _| match &r.markup {
        Some(rows) => template::extract_from(markup_cells(&r.text, rows)),
        None => template::extract_from(cells(&r.text, 0, r.text.len())),
    }),
    // 表三's rows in template order from the lines holding a full row: PDF-to-markdown
    // output whose labels drift away from their numbers.
    ("row-sequence", |_, page| aligned::read_row_sequence(page)),
    // Reading-order text (`pdftotext` without `-layout`): one number per line, some rows
    // printed across and some down their columns.
    ("number-blocks", |_, page| aligned::read_number_blocks(page)),
];

/// The best reading of the report's tables: of the template readers', the one under which
/// most sums hold (a reading with every row certain and every sum holding cannot be beaten,
/// so the readers after it are not run); else the legacy 统计表.
pub fn read_tables(report: &Report) -> Option<(Format, Findings)> {
    let page = Page::new(&report.text, report.markup.is_some());
    let mut best: Option<(Score, (Format, Findings))> = None;
    // A web page's markup knows its cells (and what a rowspan covers): there the cells
    // reader goes first and wins ties.
    let mut readers = TABLE_READERS;
    if report.markup.is_some() {
        readers.sort_by_key(|(name, _)| *name != "cells");
    }
    for (_, reader) in readers {
        let Some(reading) = reader(report, &page) else {
            continue;
        };
        let score = score(reading.0, &reading.1);
        let complete = score.complete;
        if best.as_ref().is_none_or(|(b, _)| score.key() > b.key()) {
            best = Some((score, reading));
        }
        if complete {
            break;
        }
    }
    best.map(|(_, reading)| reading).or_else(|| {
        // No template table: the 2008–2018 统计表, if the report has one.
        let found = legacy::extract(&report.text);
        (!found.fields.is_empty()).then_some((Format::LegacyTable, found))
    })
}

/// How a reading did: the tables' sums that hold, the values read with certainty, and
/// whether nothing is left to improve.
struct Score {
    holds: usize,
    certain: usize,
    complete: bool,
}

impl Score {
    fn key(&self) -> (usize, usize) {
        (self.holds, self.certain)
    }
}

/// How many of the tables' sums hold, how many values were read with certainty, and
/// whether every row was read with certainty and every sum holds.
fn score(format: Format, found: &Findings) -> Score {
    let int = |id: String| -> Option<i64> {
        match found.fields.get(&id)?.value? {
            crate::value::Number::Int(i) => Some(i),
            crate::value::Number::Dec(_) => None,
        }
    };
    let present = |id: String| found.fields.get(&id).is_some_and(|f| f.value.is_some());
    let rows: Vec<&str> = fields::t3_rows(format)
        .into_iter()
        .map(|(r, _)| r)
        .chain(std::iter::once("other"))
        .filter(|r| T3_COLUMNS.iter().any(|(c, _)| present(fields::t3_id(r, c))))
        .collect();
    let v = |r: &str, c: &str| int(fields::t3_id(r, c)).unwrap_or(0);
    let mut holds = 0;
    let mut sums = 0;
    for (c, _) in T3_COLUMNS {
        let outcomes: i64 = rows
            .iter()
            .filter(|r| !matches!(**r, "new" | "carried_over" | "total" | "carried_forward"))
            .map(|r| v(r, c))
            .sum();
        holds += usize::from(rows.contains(&"total") && outcomes == v("total", c));
        holds += usize::from(
            rows.contains(&"total")
                && v("new", c) + v("carried_over", c) == v("total", c) + v("carried_forward", c),
        );
        sums += 2;
    }
    for r in &rows {
        let parts: i64 = T3_COLUMNS[..6].iter().map(|(c, _)| v(r, c)).sum();
        holds += usize::from(parts == v(r, "total"));
        sums += 1;
    }
    for (b, _) in T4_BLOCKS {
        let t4 = |c: &str| int(fields::t4_id(b, c));
        if t4("total").is_some() {
            let parts: i64 = T4_COLUMNS[..4]
                .iter()
                .map(|(c, _)| t4(c).unwrap_or(0))
                .sum();
            holds += usize::from(Some(parts) == t4("total"));
        }
        sums += 1;
    }
    let certain = found
        .fields
        .values()
        .filter(|f| f.value.is_some() && f.reading == Reading::Certain)
        .count();
    let all_certain = found.fields.values().all(|f| f.reading == Reading::Certain);
    let all_rows = rows.len() >= fields::t3_rows(format).len();
    Score {
        holds,
        certain,
        complete: all_rows && all_certain && holds == sums,
    }
}
