//! 表三: its rows located in table order, their cells read, and the readings chosen by the
//! table's sums (each row, each column, and what came in against what was handled).

use super::anchors::{self, Anchor, RowPhrases, T3_HEAD, T3_OTHER_2021, T3_TAIL, WINDOW};
use super::choose::{self, RowChoice};
use super::fit;
use super::stream::{HanStream, Hit};
use super::tokens::{self, Token, TokenKind};
use super::{flag_row, floor_boundary, put};
use crate::extract::Findings;
use crate::fields::{self, Format, T3_COLUMNS};
use crate::value::Span;

/// 表三's labels where they are printed, and the heading of 表四 after them.
pub struct T3Labels {
    pub anchors: Vec<Anchor>,
    pub has_2021_rows: bool,
    pub t4: Option<Anchor>,
}

/// A row with the cells printed for it.
pub struct RowInput {
    pub key: &'static str,
    pub label: String,
    pub label_start: usize,
    pub tokens: Vec<Token>,
}

/// The best run of 表三's labels: from each place 本年新收 is printed (a narrative may say
/// it before the table does), the one that finds the most rows.
pub fn locate(stream: &HanStream, text: &str) -> Option<T3Labels> {
    let mut best: Option<T3Labels> = None;
    let mut from = 0;
    for _ in 0..6 {
        let Some(hit) = stream.find("本年新收", from, stream.len()) else {
            break;
        };
        let located = locate_from(stream, text, hit);
        if best
            .as_ref()
            .is_none_or(|b| located.anchors.len() > b.anchors.len())
        {
            best = Some(located);
        }
        from = hit.to;
    }
    best.filter(|b| b.anchors.len() >= 3)
}

/// How far 表四's heading may be after 本年新收, in Han characters.
const T3_SPAN: usize = 4_000;

fn locate_from(stream: &HanStream, text: &str, new: Hit) -> T3Labels {
    // 表四's heading ends 表三: no row of 表三 is looked for past it (its header prints 总计).
    let t4 = ["行政复议行政诉讼", "行政复议"]
        .iter()
        .find_map(|p| stream.find(p, new.to, new.to + T3_SPAN));
    let limit = t4.map_or(stream.len(), |h| h.from);
    let mut anchors = vec![Anchor::new(text, "new", new)];
    let mut pos = new.to;
    let take = |row: &RowPhrases, pos: &mut usize, anchors: &mut Vec<Anchor>| -> bool {
        match anchors::find(stream, row, *pos, limit) {
            Some(hit) => {
                anchors.push(Anchor::new(text, row.key, hit));
                *pos = hit.to;
                true
            }
            None => false,
        }
    };
    for row in &T3_HEAD[1..] {
        take(row, &mut pos, &mut anchors);
    }
    let mut sub_pos = pos;
    let mut has_2021_rows = false;
    for row in &T3_OTHER_2021 {
        has_2021_rows |= take(row, &mut sub_pos, &mut anchors);
    }
    if has_2021_rows {
        if let Some(hit) = misc(stream, sub_pos, limit) {
            anchors.push(Anchor::new(text, "other.misc", hit));
            sub_pos = hit.to;
        }
        pos = sub_pos;
    } else {
        take(
            &RowPhrases {
                key: "other",
                phrases: &["其他处理"],
            },
            &mut pos,
            &mut anchors,
        );
    }
    for row in &T3_TAIL {
        take(row, &mut pos, &mut anchors);
    }
    let t4 = t4.map(|hit| Anchor::new(text, "t4", hit));
    T3Labels {
        anchors,
        has_2021_rows,
        t4,
    }
}

/// `3.其他` after the 2021 sub-rows: 其他 that is not the group label 其他处理.
fn misc(stream: &HanStream, from: usize, limit: usize) -> Option<Hit> {
    let mut at = from;
    while let Some(hit) = stream.find("其他", at, (from + WINDOW).min(limit)) {
        if stream.find("处理", hit.to, hit.to + 2).is_none() {
            return Some(hit);
        }
        at = hit.to;
    }
    None
}

/// Where 表三 ends: 表四's heading, or a little past the last row's label.
fn end_of_table(text: &str, table: &T3Labels) -> usize {
    match (&table.t4, table.anchors.last()) {
        (Some(t4), _) => t4.label_start,
        (None, Some(last)) => floor_boundary(text, last.hit.end + 240),
        (None, None) => text.len(),
    }
}

/// Each row's cells: what is printed from its label to the next label.
pub fn anchored_rows(text: &str, table: &T3Labels, markup: bool) -> Vec<RowInput> {
    let end = end_of_table(text, table);
    table
        .anchors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let to = table.anchors.get(i + 1).map_or(end, |n| n.label_start);
            RowInput {
                key: a.key,
                label: a.label(text).to_owned(),
                label_start: a.label_start,
                tokens: tokens::tokens(text, a.hit.start, to.max(a.hit.start), markup),
            }
        })
        .collect()
}

/// The template's rows in order, given the lines holding a full row of seven cells, when
/// there are exactly as many such lines as rows.
pub fn sequence_rows(text: &str, table: &T3Labels, markup: bool) -> Option<Vec<RowInput>> {
    let start = table.anchors.first()?.label_start;
    let end = end_of_table(text, table);
    let mut lines = Vec::new();
    let mut at = start;
    for line in text.get(start..end)?.split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        // A row of seven cells prints at least six digits, separators or placeholders.
        let marks = line
            .bytes()
            .filter(|b| b.is_ascii_digit() || matches!(b, b'|' | b'\t' | b'-'))
            .count();
        if marks < 6 {
            continue;
        }
        let mut cells = tokens::tokens(text, line_start, at, markup);
        while cells.len() > 7 && cells.last().is_some_and(|t| t.kind == TokenKind::Blank) {
            cells.pop();
        }
        if cells.len() == 7 && cells.iter().any(Token::is_number) {
            lines.push(cells);
        }
    }
    assign_in_order(text, table, lines)
}

/// The template's rows in order from reading-order text (`pdftotext` without `-layout`),
/// which prints one number per line: a run of single numbers is rows printed across, a run
/// of seven equal blocks of m numbers is m rows printed down their columns. Used when the
/// rows so found are exactly the template's.
pub fn block_rows(text: &str, stream: &HanStream, table: &T3Labels) -> Option<Vec<RowInput>> {
    let first = table.anchors.first()?.label_start;
    let heading = stream
        .find(
            "收到和处理政府信息公开申请情况",
            0,
            stream.position_at(first),
        )
        .map_or(first, |h| h.end);
    let end = end_of_table(text, table);
    let blocks = number_blocks(text, heading, end);
    let mut rows: Vec<Vec<Token>> = Vec::new();
    let mut singles: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let m = blocks[i].len();
        if m == 1 {
            singles.extend(blocks[i].iter().cloned());
            i += 1;
            continue;
        }
        let group = blocks.get(i..i + 7)?;
        if group.iter().any(|b| b.len() != m) || singles.len() % 7 != 0 {
            return None;
        }
        rows.extend(singles.chunks(7).map(<[Token]>::to_vec));
        singles.clear();
        rows.extend((0..m).map(|r| group.iter().map(|b| b[r].clone()).collect()));
        i += 7;
    }
    if singles.len() % 7 != 0 {
        return None;
    }
    rows.extend(singles.chunks(7).map(<[Token]>::to_vec));
    assign_in_order(text, table, rows)
}

/// Runs of lines that hold one number each, split where a blank or text line comes between.
fn number_blocks(text: &str, from: usize, to: usize) -> Vec<Vec<Token>> {
    let mut blocks: Vec<Vec<Token>> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut at = from;
    for line in text.get(from..to).unwrap_or("").split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        let body = line.trim();
        if tokens::is_page_number(body) {
            continue;
        }
        let only_digits = !body.is_empty() && body.chars().all(crate::text::numbers::is_digit);
        let cells = if only_digits {
            tokens::tokens(text, line_start, at, false)
        } else {
            Vec::new()
        };
        match cells.as_slice() {
            [one] if one.is_number() => current.push(one.clone()),
            _ => {
                if !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

fn assign_in_order(text: &str, table: &T3Labels, rows: Vec<Vec<Token>>) -> Option<Vec<RowInput>> {
    let keys = row_keys(table.has_2021_rows);
    if rows.len() != keys.len() {
        return None;
    }
    let format = if table.has_2021_rows {
        Format::Template2021
    } else {
        Format::Template2019
    };
    let catalog = fields::t3_rows(format);
    Some(
        keys.into_iter()
            .zip(rows)
            .map(|(key, cells)| {
                let anchor = table.anchors.iter().find(|a| a.key == key);
                RowInput {
                    key,
                    label: anchor.map_or_else(
                        || {
                            catalog
                                .iter()
                                .find(|(k, _)| *k == key)
                                .map_or("", |(_, l)| l)
                                .to_owned()
                        },
                        |a| a.label(text).to_owned(),
                    ),
                    label_start: anchor.map_or(cells[0].span.start, |a| a.label_start),
                    tokens: cells,
                }
            })
            .collect(),
    )
}

fn row_keys(has_2021_rows: bool) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = T3_HEAD.iter().map(|r| r.key).collect();
    if has_2021_rows {
        keys.extend([
            "other.overdue_correction",
            "other.overdue_fee",
            "other.misc",
        ]);
    } else {
        keys.push("other");
    }
    keys.extend(T3_TAIL.iter().map(|r| r.key));
    keys
}

/// Reads, chooses and records the rows' cells.
pub fn read(text: &str, rows: Vec<RowInput>, _format: Format, found: &mut Findings) {
    let mut choices: Vec<RowChoice> = rows
        .iter()
        .map(|r| RowChoice {
            key: r.key,
            readings: fit::readings(text, &r.tokens, 7, &fit::row_total_holds),
            chosen: 0,
        })
        .filter(|c| !c.readings.candidates.is_empty())
        .collect();
    let keys: Vec<&str> = choices.iter().map(|c| c.key).collect();
    let score = table_score(&keys);
    choose::choose(&mut choices, &score);
    let rivals = choose::rivals(&choices, &score);
    for (r, choice) in choices.iter().enumerate() {
        let Some(input) = rows.iter().find(|i| i.key == choice.key) else {
            continue;
        };
        let ids: Vec<String> = T3_COLUMNS
            .iter()
            .map(|(c, _)| fields::t3_id(choice.key, c))
            .collect();
        let end = choice.readings.candidates[choice.chosen]
            .last()
            .map_or(input.label_start, |c| c.span.end);
        flag_row(
            found,
            choice,
            &ids,
            &input.label,
            Span::new(input.label_start, end.max(input.label_start)),
        );
        for (id, cell) in ids.iter().zip(choose::settle(&choices, r, &rivals)) {
            put(found, id, cell, &input.label);
        }
    }
}

/// How many of 表三's sums hold: each row's total, each column's outcomes against its total,
/// and each column's balance of what came in and what was handled. `keys` name the rows of
/// the values scored, in order.
fn table_score<'a>(keys: &'a [&'a str]) -> impl Fn(&[Vec<Option<i64>>]) -> usize + 'a {
    let at = |k: &str| keys.iter().position(|key| *key == k);
    let (new, carried, total, forward) = (
        at("new"),
        at("carried_over"),
        at("total"),
        at("carried_forward"),
    );
    let outcomes: Vec<usize> = (0..keys.len())
        .filter(|&i| ![new, carried, total, forward].contains(&Some(i)))
        .collect();
    move |rows: &[Vec<Option<i64>>]| {
        let v = |r: Option<usize>, c: usize| {
            r.and_then(|r| rows.get(r))
                .and_then(|row| row.get(c).copied().flatten())
                .unwrap_or(0)
        };
        let mut score = 0;
        for c in 0..7 {
            if total.is_some() {
                let sum: i64 = outcomes.iter().map(|&r| v(Some(r), c)).sum();
                score += usize::from(sum == v(total, c));
                if new.is_some() && carried.is_some() && forward.is_some() {
                    score += usize::from(v(new, c) + v(carried, c) == v(total, c) + v(forward, c));
                }
            }
        }
        for r in 0..rows.len() {
            score += usize::from((0..6).map(|c| v(Some(r), c)).sum::<i64>() == v(Some(r), 6));
        }
        score
    }
}
