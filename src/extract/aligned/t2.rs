//! 表二: its rows found anywhere in the section (converters reorder them and move a value
//! before its label), each row's cells read, and glued runs split the most plausible way.
//! 表二 has no sums, so a glued run with several splits stays ambiguous.

use super::anchors::{Anchor, T2_ROWS};
use super::choose::ChosenCell;
use super::fit::{self, CellReading, Layout};
use super::put;
use super::stream::HanStream;
use super::tokens::{self, Token};
use crate::extract::{Findings, Reading};
use crate::fields::{self, Format};
use crate::value::Number;

pub struct T2Labels {
    pub format: Option<Format>,
    /// Rows in the order they are printed.
    pub anchors: Vec<Anchor>,
    pub end: usize,
}

const HEADERS_2021: [&str; 4] = [
    "本年制发件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
];
const HEADERS_2019: [&str; 4] = [
    "本年新制作数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
];

/// 表二's section: from its heading (主动公开政府信息情况 followed by the table, or else the
/// first 第二十条第…项) to where 表三 starts.
pub fn locate(stream: &HanStream, text: &str, t3_start: usize) -> Option<T2Labels> {
    let end = stream.position_at(t3_start);
    // The section heading is the one its table follows; a table of contents names it too.
    let mut heading = None;
    let mut from = 0;
    while let Some(hit) = stream.find("主动公开政府信息情况", from, end) {
        let opens_table = ["第二十条", "信息内容"]
            .iter()
            .any(|h| stream.find(h, hit.to, hit.to + 12).is_some());
        if opens_table {
            heading = Some(hit.to);
            break;
        }
        from = hit.to;
    }
    let start = heading.or_else(|| {
        stream
            .find("第二十条第", end.saturating_sub(600), end)
            .map(|h| h.from)
    })?;
    let has = |headers: &[&str]| headers.iter().any(|h| stream.find(h, start, end).is_some());
    let format = if has(&HEADERS_2021) {
        Some(Format::Template2021)
    } else if has(&HEADERS_2019) {
        Some(Format::Template2019)
    } else {
        None
    };
    // 表三's heading ends 表二 even where 表三's numbers come before its labels.
    let (end, t3_start) = match stream.find("收到和处理政府信息公开申请情况", start, end)
    {
        Some(heading) => (heading.from, heading.start),
        None => (end, t3_start),
    };
    let mut anchors: Vec<Anchor> = T2_ROWS
        .iter()
        .filter_map(|row| {
            row.phrases
                .iter()
                .find_map(|p| stream.find(p, start, end))
                .map(|hit| Anchor::new(text, row.key, hit))
        })
        .collect();
    anchors.sort_by_key(|a| a.hit.start);
    Some(T2Labels {
        format,
        anchors,
        end: t3_start,
    })
}

/// The field ids of a 表二 row in the format's column order.
fn columns(key: &str, format: Format) -> Vec<&'static str> {
    let prefix = format!("t2.{key}.");
    fields::t2_fields(format)
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| id.starts_with(&prefix))
        .collect()
}

pub fn read(text: &str, table: &T2Labels, format: Format, markup: bool, found: &mut Findings) {
    let rows: Vec<(&Anchor, Vec<&'static str>)> = table
        .anchors
        .iter()
        .map(|a| (a, columns(a.key, format)))
        .filter(|(_, ids)| !ids.is_empty())
        .collect();
    let mut cells: Vec<Vec<Token>> = rows
        .iter()
        .enumerate()
        .map(|(i, (a, _))| {
            let to = rows.get(i + 1).map_or(table.end, |(n, _)| n.label_start);
            tokens::tokens(text, a.hit.start, to.max(a.hit.start), markup)
        })
        .collect();
    let shifted = shift_surplus(
        &mut cells,
        &rows.iter().map(|(_, ids)| ids.len()).collect::<Vec<_>>(),
    );
    for (i, ((anchor, ids), tokens)) in rows.iter().zip(&cells).enumerate() {
        if tokens.is_empty() {
            continue;
        }
        let readings = fit::readings(text, tokens, ids.len(), &|_| true);
        let mut candidates = readings.candidates;
        candidates.sort_by_key(|c| plausibility(anchor.key, format, c));
        let Some(chosen) = candidates.first() else {
            continue;
        };
        let label = anchor.label(text);
        for (col, id) in ids.iter().enumerate() {
            let Some(cell) = chosen.get(col) else {
                continue;
            };
            let mut alternatives: Vec<Number> = Vec::new();
            for other in candidates.iter().skip(1).take(6) {
                if let Some(v) = other.get(col).and_then(|c| c.value) {
                    if Some(v) != cell.value && !alternatives.contains(&v) {
                        alternatives.push(v);
                    }
                }
            }
            let reading = if shifted[i]
                || readings.layout == Layout::Gap
                || readings.layout == Layout::Window
            {
                Reading::Guessed
            } else if alternatives.is_empty() {
                Reading::Certain
            } else {
                Reading::Ambiguous
            };
            put(
                found,
                id,
                ChosenCell {
                    cell: cell.clone(),
                    reading,
                    alternatives,
                },
                label,
            );
        }
    }
}

/// Moves a row's extra values to the next row when that row has too few: in reading-order
/// text a value can stand before its own label. Returns which rows received values.
fn shift_surplus(cells: &mut [Vec<Token>], wanted: &[usize]) -> Vec<bool> {
    let mut shifted = vec![false; cells.len()];
    for i in 0..cells.len().saturating_sub(1) {
        let surplus = cells[i].len().saturating_sub(wanted[i]);
        let deficit = wanted[i + 1].saturating_sub(cells[i + 1].len());
        let moved = surplus.min(deficit);
        if moved > 0 {
            let tail = cells[i].split_off(cells[i].len() - moved);
            cells[i + 1].splice(0..0, tail);
            shifted[i + 1] = true;
        }
    }
    shifted
}

/// Lower is more plausible. The change of an item count is most often 0; published
/// documents match those made; what is in force outnumbers what was issued, and fewer are
/// repealed than issued; and cells of one row tend to have similar lengths.
fn plausibility(key: &str, format: Format, cells: &[CellReading]) -> i64 {
    let v: Vec<i64> = cells.iter().map(|c| c.int().unwrap_or(0)).collect();
    let lengths: Vec<i64> = cells
        .iter()
        .map(|c| {
            c.int()
                .map_or(1, |i| i.unsigned_abs().to_string().len() as i64)
        })
        .collect();
    let spread = lengths.iter().max().unwrap_or(&0) - lengths.iter().min().unwrap_or(&0);
    let penalty = match (format, key, v.as_slice()) {
        (Format::Template2019, "rules" | "normative", [made, published, total]) => {
            10 * i64::from(made != published) + 10 * i64::from(total < published)
        }
        (Format::Template2019, _, [_, change, ..]) if key != "procurement" => {
            return 100 * i64::from(*change != 0) + spread;
        }
        (Format::Template2021, "rules" | "normative", [issued, repealed, in_force]) => {
            10 * i64::from(in_force < issued)
                + 10 * i64::from(in_force < repealed)
                + i64::from(repealed > issued)
        }
        _ => 0,
    };
    penalty * 10 + spread
}
