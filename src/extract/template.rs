//! 表二, 表三 and 表四 of the 2019 and 2021 templates, from flattened text. Rows are found by
//! their labels, so a row with a missing cell never borrows a cell from the next row.

mod labels;
mod rows;

use super::cells::{cells, TableCell};
use super::Findings;
use crate::fields::Format;

pub use labels::{normalize, Table};

/// A labelled row as found in the text: its label cell and the value cells after it.
#[derive(Debug)]
pub struct RawRow<'a> {
    pub table: Table,
    pub key: &'static str,
    pub label: TableCell<'a>,
    pub values: Vec<TableCell<'a>>,
}

/// The template tables of flattened text, with the template's format; `None` when it has none.
pub fn extract(text: &str) -> Option<(Format, Findings)> {
    extract_from(cells(text, 0, text.len()))
}

/// The template tables read from a report's cells in reading order (from flattened text or
/// from a web page's markup).
pub fn extract_from(cells: Vec<TableCell<'_>>) -> Option<(Format, Findings)> {
    let scan = scan(cells);
    let has_t3 = scan
        .rows
        .iter()
        .any(|r| r.table == Table::T3 && !r.values.is_empty());
    let has_t2 = scan
        .rows
        .iter()
        .any(|r| r.table == Table::T2 && !r.values.is_empty());
    if !has_t3 && !has_t2 {
        return None;
    }
    let format = if scan
        .rows
        .iter()
        .any(|r| r.key.starts_with("other.") && !r.values.is_empty())
        || (scan.saw_2021_header && !scan.saw_2019_header)
    {
        Format::Template2021
    } else {
        Format::Template2019
    };
    let mut found = Findings::default();
    rows::t2(&scan.rows, format, &mut found);
    rows::t3(&scan.rows, format, &mut found);
    rows::t4(&scan.t4_values, &mut found);
    rows::unmapped(&scan.rows, &mut found);
    Some((format, found))
}

struct TableScan<'a> {
    rows: Vec<RawRow<'a>>,
    t4_values: Vec<TableCell<'a>>,
    saw_2021_header: bool,
    saw_2019_header: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScanPart {
    None,
    Tables,
    T4,
    Done,
}

/// Labels longer than this are prose, not row labels.
const MAX_LABEL_CHARS: usize = 60;

fn scan(cells: Vec<TableCell<'_>>) -> TableScan<'_> {
    let mut out = TableScan {
        rows: Vec::new(),
        t4_values: Vec::new(),
        saw_2021_header: false,
        saw_2019_header: false,
    };
    let mut section = ScanPart::None;
    let mut in_other_group = false;
    let mut current: Option<RawRow> = None;
    for cell in cells {
        if cell.is_value() {
            match (&mut current, section) {
                (Some(row), _) => row.values.push(cell),
                (None, ScanPart::T4) if out.t4_values.len() < 15 => out.t4_values.push(cell),
                _ => {}
            }
            if section == ScanPart::T4 && out.t4_values.len() >= 15 {
                section = ScanPart::Done;
            }
            continue;
        }
        if let Some(row) = current.take() {
            out.rows.push(row);
        }
        if cell.text.chars().count() > MAX_LABEL_CHARS {
            if section == ScanPart::T4 && !out.t4_values.is_empty() {
                section = ScanPart::Done;
            }
            continue;
        }
        let norm = normalize(cell.text);
        out.saw_2021_header |= labels::is_2021_header(&norm);
        out.saw_2019_header |= labels::is_2019_header(&norm);
        if section == ScanPart::T4 {
            if !out.t4_values.is_empty() && labels::ends_t4(&norm) {
                section = ScanPart::Done;
            }
            continue;
        }
        if section == ScanPart::Done {
            continue;
        }
        if labels::starts_t4(&norm) && out.rows.iter().any(|r| r.table == Table::T3) {
            section = ScanPart::T4;
            continue;
        }
        if norm.contains("其他处理") {
            in_other_group = true;
        } else if labels::ends_other_group(&norm) {
            in_other_group = false;
        }
        if let Some((table, key)) = labels::row_key(cell.text, &norm, in_other_group) {
            section = ScanPart::Tables;
            current = Some(RawRow {
                table,
                key,
                label: cell,
                values: Vec::new(),
            });
        } else if section == ScanPart::Tables && !labels::is_header(&norm) {
            current = Some(RawRow {
                table: Table::Unmapped,
                key: "",
                label: cell,
                values: Vec::new(),
            });
        }
    }
    if let Some(row) = current.take() {
        out.rows.push(row);
    }
    out
}

#[cfg(test)]
mod tests;
