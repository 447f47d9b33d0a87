//! Raw rows → field values: assigning cells to columns, splitting glued digit runs, and
//! flagging rows that arrived with cells missing.

use super::{RawRow, Table};
use crate::extract::cells::TableCell;
use crate::extract::glued;
use crate::extract::{FieldValue, Findings, Flag, FlagKind, Source, UnmappedRow};
use crate::fields::{self, Format, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS};
use crate::text::numbers::CellValue;
use crate::value::{Number, Span};

fn value_of(cell: &TableCell, label: &str) -> FieldValue {
    let (value, raw) = match &cell.value {
        CellValue::Number(n) => {
            let plain = cell.text.bytes().all(|b| b.is_ascii_digit());
            (Some(*n), (!plain).then(|| cell.text.to_owned()))
        }
        CellValue::Placeholder | CellValue::Overflow(_) => (None, Some(cell.text.to_owned())),
        CellValue::Blank | CellValue::Text => (None, None),
    };
    FieldValue {
        value,
        span: cell.span,
        source: Source::Table,
        label: label.to_owned(),
        raw,
        reading: crate::extract::Reading::Certain,
        alternatives: Vec::new(),
    }
}

fn put(found: &mut Findings, id: String, cell: &TableCell, label: &str) {
    if let Some(origin) = cell.covered_by {
        found.flags.push(Flag {
            kind: FlagKind::MergedCell,
            fields: vec![id.clone()],
            span: origin,
            message: format!(
                "{id}: its place is covered by a merged cell above (rowspan); left blank, not counted twice"
            ),
            candidates: vec![],
        });
    }
    if let CellValue::Overflow(digits) = &cell.value {
        found.flags.push(Flag {
            kind: FlagKind::Overflow,
            fields: vec![id.clone()],
            span: cell.span,
            message: format!("{id}: {digits} is too long to be a count; kept as text"),
            candidates: vec![],
        });
    }
    // The first statement of a field wins; a repeated table does not overwrite it.
    found
        .fields
        .entry(id)
        .or_insert_with(|| value_of(cell, label));
}

fn missing(found: &mut Findings, id: String, at: usize, label: &str) {
    found.fields.entry(id).or_insert(FieldValue {
        value: None,
        span: Span::new(at, at),
        source: Source::Table,
        label: label.to_owned(),
        raw: None,
        reading: crate::extract::Reading::Certain,
        alternatives: Vec::new(),
    });
}

fn money(v: FieldValue) -> FieldValue {
    FieldValue {
        value: v.value.map(|n| Number::Dec(n.as_decimal())),
        ..v
    }
}

/// 表二's columns per row, by format.
fn t2_columns(row: &str, format: Format) -> &'static [&'static str] {
    match (format, row) {
        (Format::Template2021, "rules" | "normative") => &["issued", "repealed", "in_force"],
        (Format::Template2021, "licensing" | "punishment" | "coercion") => &["decisions"],
        (Format::Template2021, "fees") => &["amount"],
        (Format::Template2021, _) => &[],
        (_, "rules" | "normative") => &["made", "published", "total"],
        (_, "fees") => &["prev", "change"],
        (_, "procurement") => &["count", "amount"],
        (_, _) => &["prev", "change", "decisions"],
    }
}

pub fn t2(rows: &[RawRow], format: Format, found: &mut Findings) {
    for row in rows
        .iter()
        .filter(|r| r.table == Table::T2 && !r.values.is_empty())
    {
        let label = row.label.text.trim();
        let columns = t2_columns(row.key, format);
        for (col, cell) in columns.iter().zip(&row.values) {
            let id = format!("t2.{}.{col}", row.key);
            if fields::field(&id).is_none() {
                continue;
            }
            put(found, id.clone(), cell, label);
            if fields::kind(&id) == fields::FieldKind::Money {
                if let Some(v) = found.fields.remove(&id) {
                    found.fields.insert(id, money(v));
                }
            }
        }
        if row.values.len() < columns.len() {
            flag_missing(
                found,
                row,
                columns.len(),
                columns
                    .iter()
                    .map(|c| format!("t2.{}.{c}", row.key))
                    .collect(),
            );
        }
    }
}

fn flag_missing(found: &mut Findings, row: &RawRow, expected: usize, ids: Vec<String>) {
    let end = row.values.last().map_or(row.label.span.end, |c| c.span.end);
    found.flags.push(Flag {
        kind: FlagKind::MissingCell,
        fields: ids,
        span: Span::new(row.label.span.start, end),
        message: format!(
            "row {:?} has {} of its {expected} cells; the row is kept, the missing cell left blank",
            row.label.text.trim(),
            row.values.len()
        ),
        candidates: vec![],
    });
}

pub fn t3(rows: &[RawRow], format: Format, found: &mut Findings) {
    let known: Vec<&str> = fields::t3_rows(format).iter().map(|(r, _)| *r).collect();
    let mut short_rows = Vec::new();
    for row in rows
        .iter()
        .filter(|r| r.table == Table::T3 && !r.values.is_empty())
    {
        if !known.contains(&row.key) {
            continue;
        }
        let label = row.label.text.trim();
        let ids: Vec<String> = T3_COLUMNS
            .iter()
            .map(|(c, _)| fields::t3_id(row.key, c))
            .collect();
        if row.values.len() == 1 && glued_run(&row.values[0]).is_some_and(|d| d.len() >= 7) {
            glued(found, &ids, &row.values[0], label, &glued::row_total_holds);
            continue;
        }
        if row.values.len() >= 7 {
            for (id, cell) in ids.iter().zip(&row.values) {
                put(found, id.clone(), cell, label);
            }
            continue;
        }
        short_rows.push(row);
    }
    for row in short_rows {
        place_short_row(found, row, format);
    }
}

/// The digits of a cell that is one long digit run.
fn glued_run<'a>(cell: &TableCell<'a>) -> Option<&'a str> {
    let digits = cell.text.trim();
    let is_run = digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(cell.value, CellValue::Number(_) | CellValue::Overflow(_));
    is_run.then_some(digits)
}

/// Splits a glued run over `ids` when exactly one split satisfies `fits`; otherwise leaves
/// the cells blank and flags the run with the splits that fit.
fn glued(
    found: &mut Findings,
    ids: &[String],
    cell: &TableCell,
    label: &str,
    fits: &dyn Fn(&[i64]) -> bool,
) {
    let run = cell.text.trim();
    let start = cell.span.start + (cell.text.len() - cell.text.trim_start().len());
    match glued::splits(run, ids.len(), fits) {
        Some(splits) if splits.len() == 1 => {
            let mut at = start;
            for (id, n) in ids.iter().zip(&splits[0]) {
                let len = n.to_string().len();
                found.fields.entry(id.clone()).or_insert(FieldValue {
                    value: Some(Number::Int(*n)),
                    span: Span::new(at, at + len),
                    source: Source::Table,
                    label: label.to_owned(),
                    raw: Some(run.to_owned()),
                    reading: crate::extract::Reading::Certain,
                    alternatives: Vec::new(),
                });
                at += len;
            }
        }
        result => {
            for id in ids {
                found.fields.entry(id.clone()).or_insert(FieldValue {
                    value: None,
                    span: cell.span,
                    source: Source::Table,
                    label: label.to_owned(),
                    raw: Some(run.to_owned()),
                    reading: crate::extract::Reading::Certain,
                    alternatives: Vec::new(),
                });
            }
            let candidates: Vec<Vec<Number>> = result
                .unwrap_or_default()
                .into_iter()
                .take(12)
                .map(|s| s.into_iter().map(Number::Int).collect())
                .collect();
            let why = match candidates.len() {
                0 => "no split satisfies the row's sums".to_owned(),
                n => format!("{n} splits satisfy the row's sums"),
            };
            found.flags.push(Flag {
                kind: FlagKind::GluedRun,
                fields: ids.to_vec(),
                span: cell.span,
                message: format!(
                    "{label}: the digits {run} hold {} cells glued together; {why}",
                    ids.len()
                ),
                candidates,
            });
        }
    }
}

/// A 表三 row with fewer than seven cells: place its cells where the table's sums hold, when
/// exactly one placement makes them hold; else in the first columns. The gap stays blank.
fn place_short_row(found: &mut Findings, row: &RawRow, format: Format) {
    let label = row.label.text.trim();
    let ids: Vec<String> = T3_COLUMNS
        .iter()
        .map(|(c, _)| fields::t3_id(row.key, c))
        .collect();
    let n = row.values.len();
    let mut gap = n;
    if n == 6 {
        let scores: Vec<usize> = (0..7)
            .map(|g| holding_rules(found, row, g, format))
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        if scores.iter().filter(|&&s| s == best).count() == 1 {
            gap = scores.iter().position(|&s| s == best).unwrap_or(6);
        }
    }
    let mut cells = row.values.iter();
    for (i, id) in ids.iter().enumerate() {
        if i >= gap && i < gap + (7 - n) {
            let at = row.values.last().map_or(row.label.span.end, |c| c.span.end);
            missing(found, id.clone(), at, label);
        } else if let Some(cell) = cells.next() {
            put(found, id.clone(), cell, label);
        }
    }
    flag_missing(found, row, 7, ids);
}

/// How many 表三 sums hold when a six-cell row has its gap at column `gap` (as 0).
fn holding_rules(found: &Findings, row: &RawRow, gap: usize, format: Format) -> usize {
    let mut cells: Vec<i64> = row
        .values
        .iter()
        .map(|c| match c.value {
            CellValue::Number(Number::Int(i)) => i,
            _ => 0,
        })
        .collect();
    cells.insert(gap, 0);
    let get = |r: &str, c: usize| -> i64 {
        if r == row.key {
            return cells[c];
        }
        found
            .fields
            .get(&fields::t3_id(r, T3_COLUMNS[c].0))
            .and_then(|f| f.value)
            .and_then(|n| match n {
                Number::Int(i) => Some(i),
                Number::Dec(_) => None,
            })
            .unwrap_or(0)
    };
    let outcomes = fields::t3_outcome_rows(format);
    let mut holding = usize::from(cells[..6].iter().sum::<i64>() == cells[6]);
    for c in 0..7 {
        let sum: i64 = outcomes.iter().map(|r| get(r, c)).sum();
        holding += usize::from(sum == get("total", c));
        holding += usize::from(
            get("new", c) + get("carried_over", c) == get("total", c) + get("carried_forward", c),
        );
    }
    holding
}

pub fn t4(values: &[TableCell], found: &mut Findings) {
    let ids: Vec<String> = T4_BLOCKS
        .iter()
        .flat_map(|(b, _)| T4_COLUMNS.iter().map(move |(c, _)| fields::t4_id(b, c)))
        .collect();
    let label = "表四 行政复议、行政诉讼";
    if values.len() == 1 && glued_run(&values[0]).is_some_and(|d| d.len() >= 15) {
        glued(found, &ids, &values[0], label, &|p| {
            glued::blocks_hold(p, 5)
        });
        return;
    }
    for (id, cell) in ids.iter().zip(values) {
        put(found, id.clone(), cell, label);
    }
    if !values.is_empty() && values.len() < ids.len() {
        let at = values.last().map_or(0, |c| c.span.end);
        found.flags.push(Flag {
            kind: FlagKind::MissingCell,
            fields: ids[values.len()..].to_vec(),
            span: Span::new(values[0].span.start, at),
            message: format!("表四 has {} of its 15 cells", values.len()),
            candidates: vec![],
        });
    }
}

pub fn unmapped(rows: &[RawRow], found: &mut Findings) {
    for row in rows
        .iter()
        .filter(|r| r.table == Table::Unmapped && !r.values.is_empty())
    {
        let end = row.values.last().map_or(row.label.span.end, |c| c.span.end);
        found.unmapped.push(UnmappedRow {
            label: row.label.text.trim().to_owned(),
            cells: row.values.iter().map(|c| c.text.to_owned()).collect(),
            span: Span::new(row.label.span.start, end),
        });
    }
}
