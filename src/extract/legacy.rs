//! The 2008–2018 政府信息公开情况统计表 (`label | unit | value |` rows).
//!
//! `rows` reads the flattened table as rows, `labels` maps a row's label to its field id,
//! `two_column` splits the glued runs of forms with 本年度 and 历年累计 columns.

mod labels;
mod rows;
mod two_column;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::{FieldValue, Findings, Flag, FlagKind, Source, UnmappedRow};
use crate::fields::{self, FieldKind};
use crate::text::numbers::{classify_cell, normalize_digits, CellValue};
use crate::value::{Number, Span};
use labels::FormPart;
use rows::{Item, Items, LineRow};
use two_column::Pair;

/// Non-row text tolerated between the table's title and its first row (title, 年度, 填报单位,
/// header); past it the title was a mention in prose.
const MAX_PREAMBLE_ITEMS: usize = 16;
/// Consecutive non-row text that ends the table.
const END_AFTER_TEXT_ITEMS: usize = 3;
/// The longest provincial form has under a hundred rows: reading stops here, which bounds
/// the work on text that only looks like rows.
const MAX_TABLE_ROWS: usize = 200;

fn anchor_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"政府信息公开(?:工作)?情况(?:汇总)?统计表|统\s*计\s*指\s*标")
            .expect("anchor pattern compiles")
    })
}

/// The legacy table's fields; `Findings::default()` when the text has no such table.
pub fn extract(text: &str) -> Findings {
    let mut resume = 0;
    for anchor in anchor_pattern().find_iter(text) {
        if anchor.start() < resume {
            continue;
        }
        match read_table(text, anchor.start()) {
            Ok(found) => return found,
            Err(stopped_at) => resume = stopped_at,
        }
    }
    Findings::default()
}

/// What one row's value cell says.
enum PrintedValue {
    Known {
        value: Option<Number>,
        cumulative: Option<i64>,
        span: Span,
        raw: Option<String>,
    },
    /// A run holding both columns; `candidates` are its possible cuts.
    Glued {
        run: String,
        span: Span,
        /// Byte offset of each digit of the run, to span this year's part once cut.
        digit_starts: Vec<usize>,
        candidates: Vec<(i64, i64, usize)>,
    },
    Overflow {
        run: String,
        span: Span,
    },
}

struct Mapped {
    label: String,
    reading: PrintedValue,
}

/// Reads the table from `start`; `Err` with where reading stopped when there is none.
fn read_table(text: &str, start: usize) -> Result<Findings, usize> {
    let mut items = Items::new(text, start);
    let mut section = FormPart::Other;
    // The header names the 历年累计 column right after the title, wherever cells were lost.
    let header: String = text[start..].chars().take(120).collect();
    let mut two_columns = header.contains("累计");
    let mut rows_seen = 0usize;
    let mut text_run = 0usize;
    let mut mapped: BTreeMap<&'static str, Mapped> = BTreeMap::new();
    let mut unmapped = Vec::new();
    for item in items.by_ref() {
        let row = match item {
            Item::Text(cell) => {
                two_columns |= cell.text.contains("累计");
                text_run += 1;
                let limit = if rows_seen == 0 {
                    MAX_PREAMBLE_ITEMS
                } else {
                    END_AFTER_TEXT_ITEMS
                };
                if text_run >= limit {
                    break;
                }
                continue;
            }
            Item::Heading(cell) => {
                two_columns |= cell.text.contains("累计");
                section = FormPart::of_heading(cell.text);
                continue;
            }
            Item::Row(row) => row,
        };
        if rows_seen == MAX_TABLE_ROWS {
            break;
        }
        rows_seen += 1;
        text_run = 0;
        let label = row.label.text;
        // Flattened tables glue the header to the first row's label.
        two_columns |= label.contains("累计");
        if labels::is_top_level(label) {
            section = FormPart::of_heading(label);
        }
        let id = labels::field_id(label, section).filter(|id| !mapped.contains_key(id));
        let Some(id) = id else {
            unmapped.push(unmapped_row(&row));
            continue;
        };
        section = match id {
            "legacy.review.total" => FormPart::Review,
            "legacy.suits.total" => FormPart::Suits,
            _ if id.starts_with("legacy.review.") || id.starts_with("legacy.suits.") => section,
            _ if matches!(section, FormPart::Review | FormPart::Suits) => FormPart::Other,
            _ => section,
        };
        let reading = read_value(&row, two_columns, fields::kind(id) == FieldKind::Money);
        mapped.insert(
            id,
            Mapped {
                label: label.to_owned(),
                reading,
            },
        );
    }
    if rows_seen == 0 {
        return Err(items.position());
    }
    let chosen = resolve_glued(&mapped);
    let mut found = Findings {
        unmapped,
        ..Findings::default()
    };
    for (id, m) in mapped {
        let money = fields::kind(id) == FieldKind::Money;
        let mut alternatives = Vec::new();
        let (value, span, raw) = match m.reading {
            PrintedValue::Known {
                value, span, raw, ..
            } => (value, span, raw),
            PrintedValue::Overflow { run, span } => {
                found.flags.push(Flag {
                    kind: FlagKind::Overflow,
                    fields: vec![id.to_owned()],
                    span,
                    message: format!("{}: {run} is too long to be a count", m.label),
                    candidates: Vec::new(),
                });
                (None, span, Some(run))
            }
            PrintedValue::Glued {
                run,
                span,
                digit_starts,
                candidates,
            } => match chosen.get(id) {
                Some(&(this, _, cut)) => {
                    let end = digit_starts.get(cut).copied().unwrap_or(span.end);
                    let value = as_kind(Number::Int(this), money);
                    (Some(value), Span::new(span.start, end), Some(run))
                }
                None => {
                    found
                        .flags
                        .push(glued_flag(id, &m.label, &run, span, &candidates));
                    // The sums do not decide: keep the cut whose two counts are most alike
                    // in length (a year's count beside a few years' total), and say so.
                    match two_column::most_plausible(&candidates) {
                        Some((this, _, cut)) => {
                            alternatives = candidates
                                .iter()
                                .filter(|c| c.0 != this)
                                .map(|c| Number::Int(c.0))
                                .collect();
                            let end = digit_starts.get(cut).copied().unwrap_or(span.end);
                            let value = as_kind(Number::Int(this), money);
                            (Some(value), Span::new(span.start, end), Some(run))
                        }
                        None => (None, span, Some(run)),
                    }
                }
            },
        };
        let reading = if alternatives.is_empty() {
            crate::extract::Reading::Certain
        } else {
            crate::extract::Reading::Ambiguous
        };
        found.fields.insert(
            id.to_owned(),
            FieldValue {
                value,
                span,
                source: Source::Table,
                label: m.label,
                raw,
                reading,
                alternatives,
            },
        );
    }
    Ok(found)
}

fn unmapped_row(row: &LineRow) -> UnmappedRow {
    let cells: Vec<_> = row.unit.iter().chain(&row.values).collect();
    let end = cells
        .iter()
        .map(|c| c.span.end)
        .fold(row.label.span.end, usize::max);
    UnmappedRow {
        label: row.label.text.to_owned(),
        cells: cells.iter().map(|c| c.text.to_owned()).collect(),
        span: Span::new(row.label.span.start, end),
    }
}

fn read_value(row: &LineRow, two_columns: bool, money: bool) -> PrintedValue {
    let Some(first) = row.values.first() else {
        let at = row.unit.map_or(row.label.span.end, |u| u.span.end);
        return PrintedValue::Known {
            value: None,
            cumulative: None,
            span: Span::new(at, at),
            raw: None,
        };
    };
    let plain = first.text.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let raw = (!plain).then(|| first.text.to_owned());
    let digits = normalize_digits(first.text);
    let one_run_for_two_columns = two_columns
        && row.values.len() == 1
        && digits.len() >= 2
        && digits.bytes().all(|b| b.is_ascii_digit());
    match classify_cell(first.text) {
        CellValue::Number(_) | CellValue::Overflow(_) if one_run_for_two_columns => {
            if digits.len() > two_column::MAX_RUN_DIGITS {
                return PrintedValue::Overflow {
                    run: first.text.to_owned(),
                    span: first.span,
                };
            }
            PrintedValue::Glued {
                run: first.text.to_owned(),
                span: first.span,
                digit_starts: first
                    .text
                    .char_indices()
                    .map(|(i, _)| first.span.start + i)
                    .collect(),
                candidates: two_column::splits(&digits),
            }
        }
        CellValue::Number(n) => PrintedValue::Known {
            value: Some(as_kind(n, money)),
            cumulative: row.values.get(1).and_then(|c| match classify_cell(c.text) {
                CellValue::Number(Number::Int(i)) => Some(i),
                _ => None,
            }),
            span: first.span,
            raw,
        },
        CellValue::Overflow(_) => PrintedValue::Overflow {
            run: first.text.to_owned(),
            span: first.span,
        },
        CellValue::Blank | CellValue::Placeholder | CellValue::Text => PrintedValue::Known {
            value: None,
            cumulative: None,
            span: first.span,
            raw,
        },
    }
}

/// Money is a decimal even where the form prints `0` or `5`.
fn as_kind(n: Number, money: bool) -> Number {
    match n {
        Number::Int(i) if money => Number::Dec(Decimal::from(i)),
        other => other,
    }
}

/// The cut chosen for each glued run the form's constraints leave one way to read.
fn resolve_glued(
    mapped: &BTreeMap<&'static str, Mapped>,
) -> BTreeMap<&'static str, (i64, i64, usize)> {
    let any_glued = mapped
        .values()
        .any(|m| matches!(m.reading, PrintedValue::Glued { .. }));
    if !any_glued {
        return BTreeMap::new();
    }
    let mut domains: BTreeMap<String, Vec<Pair>> = mapped
        .iter()
        .map(|(id, m)| {
            let domain = match &m.reading {
                PrintedValue::Known {
                    value, cumulative, ..
                } => match value {
                    None => vec![(None, *cumulative)],
                    Some(Number::Int(i)) => vec![(Some(*i), *cumulative)],
                    // Amounts take no part in the form's sums.
                    Some(Number::Dec(_)) => Vec::new(),
                },
                PrintedValue::Glued { candidates, .. } => candidates
                    .iter()
                    .map(|&(a, b, _)| (Some(a), Some(b)))
                    .collect(),
                // Unknown: an empty domain keeps every sum it is part of from deciding.
                PrintedValue::Overflow { .. } => Vec::new(),
            };
            ((*id).to_owned(), domain)
        })
        .collect();
    two_column::resolve(&mut domains);
    mapped
        .iter()
        .filter_map(|(id, m)| {
            let PrintedValue::Glued { candidates, .. } = &m.reading else {
                return None;
            };
            let [(Some(this), Some(cumulative))] = domains.get(*id)?.as_slice() else {
                return None;
            };
            let cut = candidates
                .iter()
                .find(|&&(a, b, _)| a == *this && b == *cumulative)?;
            Some((*id, *cut))
        })
        .collect()
}

fn glued_flag(
    id: &str,
    label: &str,
    run: &str,
    span: Span,
    candidates: &[(i64, i64, usize)],
) -> Flag {
    let ways: Vec<String> = candidates
        .iter()
        .map(|(a, b, _)| format!("{a} | {b}"))
        .collect();
    let message = if ways.is_empty() {
        format!("{label}: {run} holds 本年度 and 历年累计, but no cut keeps 累计 ≥ 本年度")
    } else {
        format!(
            "{label}: {run} holds 本年度 and 历年累计 and can be cut {} ways: {}",
            ways.len(),
            ways.join(", ")
        )
    };
    Flag {
        kind: FlagKind::GluedRun,
        fields: vec![id.to_owned()],
        span,
        message,
        // One value per field first (this year's); the cumulative count follows it.
        candidates: candidates
            .iter()
            .map(|&(a, b, _)| vec![Number::Int(a), Number::Int(b)])
            .collect(),
    }
}

#[cfg(test)]
mod tests;
