//! Every reader of the template tables, in one list. Each reads the whole report its own way;
//! the reading under which most of the tables' sums hold is kept (the earlier reader on a
//! tie). Adding a layout family is one reader module and one line here.

use super::cells::{cells, markup_cells};
use super::{aligned, template, Found, Reading};
use crate::fields::{self, Format, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS};
use crate::report::Report;

/// A reader: a report → the template format and the tables' fields, or `None` when it
/// finds no template table.
pub type TableReader = fn(&Report) -> Option<(Format, Found)>;

pub const TABLE_READERS: [(&str, TableReader); 4] = [
    // Cells in reading order, rows by their labels: text with one cell per line or `|`
    // tables, and web pages' markup cells (rowspan and colspan).
    ("cells", |r| match &r.markup {
        Some(rows) => template::extract_from(markup_cells(&r.text, rows)),
        None => template::extract_from(cells(&r.text, 0, r.text.len())),
    }),
    // Labels aligned to the template, cells between one label and the next: flattened web
    // text with glued digit runs, `pdftotext -layout`, tab-separated rows with empty cells.
    ("anchored", |r| {
        aligned::read_anchored(&r.text, r.markup.is_some())
    }),
    // 表三's rows in template order from the lines holding a full row: PDF-to-markdown
    // output whose labels drift away from their numbers.
    ("row-sequence", |r| {
        aligned::read_row_sequence(&r.text, r.markup.is_some())
    }),
    // Reading-order text (`pdftotext` without `-layout`): one number per line, some rows
    // printed across and some down their columns.
    ("number-blocks", |r| {
        aligned::read_number_blocks(&r.text, r.markup.is_some())
    }),
];

/// The best reading of the report's template tables.
pub fn read_tables(report: &Report) -> Option<(Format, Found)> {
    let mut best: Option<((usize, usize), (Format, Found))> = None;
    for (_, reader) in TABLE_READERS {
        let Some(reading) = reader(report) else {
            continue;
        };
        let score = score(reading.0, &reading.1);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, reading));
        }
    }
    best.map(|(_, reading)| reading)
}

/// How many of the tables' sums hold, then how many values were read with certainty.
fn score(format: Format, found: &Found) -> (usize, usize) {
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
    }
    for r in &rows {
        let parts: i64 = T3_COLUMNS[..6].iter().map(|(c, _)| v(r, c)).sum();
        holds += usize::from(parts == v(r, "total"));
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
    }
    let certain = found
        .fields
        .values()
        .filter(|f| f.value.is_some() && f.reading == Reading::Certain)
        .count();
    (holds, certain)
}
