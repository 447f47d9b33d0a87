//! Values → violations. The rules themselves are data in `catalog`; this module evaluates them.

pub mod catalog;
pub mod cross_year;
pub mod fixes;

use serde::{Deserialize, Serialize};

use crate::extract::{Extraction, FieldValue};
use crate::fields::{self, FieldKind, Format, T3_COLUMNS};
use crate::value::Number;
use catalog::{Applies, Expected, Relation};
pub use catalog::{Equation, Severity};

/// One operand of a failed rule as the report printed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operand {
    pub field: String,
    /// `None`: blank, placeholder or absent, counted as 0.
    pub value: Option<Number>,
    /// `true` for the left-hand side of the rule as the spec states it.
    pub left: bool,
}

/// A rule instance that does not hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// The rule instance, e.g. `T3-BAL[person]`.
    pub rule: String,
    pub severity: Severity,
    pub fields: Vec<String>,
    pub operands: Vec<Operand>,
    pub expected: Number,
    pub actual: Number,
    /// `expected - actual`.
    pub difference: Number,
    pub blanks_as_zero: u32,
    pub message: String,
    /// Operands the reader did not read with certainty (`ambiguous` or `guessed`): while any
    /// is left the failure may be a misreading, not the report's own error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsure_operands: Vec<String>,
    /// The left-hand total is a stand-in: requests received for the reply total, where the
    /// text says every request was answered (`L-REPLY`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stand_in: bool,
}

impl Violation {
    /// The rule id without its part: `T3-BAL` of `T3-BAL[person]`.
    pub fn rule_id(&self) -> &str {
        self.rule.split('[').next().unwrap_or(&self.rule)
    }

    /// Its one total is printed blank (or absent): a row whose 总计 was left empty. Several
    /// of these are one cause, which screens show as one problem.
    pub fn blank_total(&self) -> bool {
        let mut totals = self.operands.iter().filter(|o| o.left);
        matches!((totals.next(), totals.next()), (Some(t), None) if t.value.is_none())
    }
}

/// Failures with one cause: a total printed blank in several rows (`rows`, one `T3-ROW` or
/// `T4-SUM` each), and the failures of sums whose every part is one of those blanks (`also`:
/// `T3-SUM[total]` over a 总计 column left empty). Indices into the violations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlankGroup {
    pub rows: Vec<usize>,
    pub also: Vec<usize>,
}

/// The groups of [`BlankGroup`] among hard `violations`: one per rule with two or more rows
/// whose total is blank. Sums whose parts are all blank go with the first group.
pub fn blank_groups(violations: &[Violation]) -> Vec<BlankGroup> {
    let hard = |v: &&Violation| v.severity == Severity::Hard;
    let mut by_rule: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, v) in violations.iter().enumerate().filter(|(_, v)| hard(v)) {
        if !v.blank_total() {
            continue;
        }
        match by_rule.iter_mut().find(|(id, _)| *id == v.rule_id()) {
            Some((_, rows)) => rows.push(i),
            None => by_rule.push((v.rule_id(), vec![i])),
        }
    }
    let mut groups: Vec<BlankGroup> = by_rule
        .into_iter()
        .filter(|(_, rows)| rows.len() >= 2)
        .map(|(_, rows)| BlankGroup {
            rows,
            also: Vec::new(),
        })
        .collect();
    if let Some(first) = groups.first_mut() {
        first.also = violations
            .iter()
            .enumerate()
            .filter(|(_, v)| hard(v) && !v.blank_total())
            .filter(|(_, v)| {
                let mut parts = v.operands.iter().filter(|o| !o.left).peekable();
                parts.peek().is_some() && parts.all(|o| o.value.is_none())
            })
            .map(|(i, _)| i)
            .collect();
    }
    groups
}

/// The format whose equations hold for a report. A 2021 report that prints （六）其他处理 as
/// the single 2019 row ("hybrid", FIELDS.md §3.2) adds that row, not the three it lacks, into
/// 表三's sums: the 2019 form's equations.
fn rule_format(extraction: &Extraction) -> Format {
    let printed = |row: &str| {
        T3_COLUMNS
            .iter()
            .any(|(col, _)| extraction.fields.contains_key(&fields::t3_id(row, col)))
    };
    let hybrid = extraction.meta.format == Format::Template2021
        && printed("other")
        && ![
            "other.overdue_correction",
            "other.overdue_fee",
            "other.misc",
        ]
        .iter()
        .any(|row| printed(row));
    if hybrid {
        Format::Template2019
    } else {
        extraction.meta.format
    }
}

/// Every violation of a report's values, in rule-catalog order.
pub fn check(extraction: &Extraction) -> Vec<Violation> {
    let mut out = Vec::new();
    for eq in catalog::equations(rule_format(extraction)) {
        if let RuleOutcome::Failed(v) = evaluate(eq, extraction) {
            out.push(v);
        }
    }
    out.extend(other_violations(extraction));
    out
}

/// What `check` and `coverage` give, with each rule instance evaluated once for both.
pub fn check_and_cover(extraction: &Extraction) -> (Vec<Violation>, Coverage) {
    let mut out = Vec::new();
    let mut verified = std::collections::BTreeSet::new();
    for eq in catalog::equations(rule_format(extraction)) {
        match evaluate(eq, extraction) {
            RuleOutcome::Failed(v) => out.push(v),
            RuleOutcome::Held if is_hard(eq) => verify(eq, extraction, &mut verified),
            RuleOutcome::Held | RuleOutcome::Skipped => {}
        }
    }
    out.extend(other_violations(extraction));
    (out, counted(&verified, extraction))
}

/// The violations that are not rule instances of the catalog.
fn other_violations(extraction: &Extraction) -> impl Iterator<Item = Violation> {
    text_disagreements(extraction)
        .into_iter()
        .chain(kind_violations(extraction))
}

struct SumSide {
    sum: Number,
    blanks: u32,
    present: usize,
    reported: usize,
}

fn side(ids: &[String], extraction: &Extraction) -> Option<SumSide> {
    let mut s = SumSide {
        sum: Number::Int(0),
        blanks: 0,
        present: 0,
        reported: 0,
    };
    for id in ids {
        match extraction.fields.get(id) {
            Some(FieldValue { value: Some(n), .. }) => {
                s.present += 1;
                s.reported += 1;
                s.sum = s.sum.checked_add(*n)?;
            }
            Some(_) => {
                s.present += 1;
                s.blanks += 1;
            }
            None => s.blanks += 1,
        }
    }
    Some(s)
}

/// What evaluating one rule instance on a report gives.
enum RuleOutcome {
    /// The rule does not apply (its total absent, its operands blank, a condition unmet).
    Skipped,
    Held,
    Failed(Violation),
}

/// How many of a report's values are verified: an operand, with a value, of a hard rule
/// instance that applies and holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub verified: usize,
    pub values: usize,
}

impl Coverage {
    pub fn share(self) -> f64 {
        if self.values == 0 {
            0.0
        } else {
            self.verified as f64 / self.values as f64
        }
    }
}

pub fn coverage(extraction: &Extraction) -> Coverage {
    let mut verified = std::collections::BTreeSet::new();
    for eq in catalog::equations(rule_format(extraction)) {
        if is_hard(eq) && matches!(evaluate(eq, extraction), RuleOutcome::Held) {
            verify(eq, extraction, &mut verified);
        }
    }
    counted(&verified, extraction)
}

fn is_hard(eq: &Equation) -> bool {
    catalog::rule(eq.rule).is_some_and(|r| r.severity == Severity::Hard)
}

/// Adds the operands with a value of `eq`, a hard rule instance that holds.
fn verify<'a>(
    eq: &'a Equation,
    extraction: &Extraction,
    verified: &mut std::collections::BTreeSet<&'a String>,
) {
    verified.extend(
        eq.left
            .iter()
            .chain(&eq.right)
            .filter(|f| extraction.value(f).is_some()),
    );
}

fn counted(verified: &std::collections::BTreeSet<&String>, extraction: &Extraction) -> Coverage {
    Coverage {
        verified: verified.len(),
        values: extraction
            .fields
            .values()
            .filter(|f| f.value.is_some())
            .count(),
    }
}

fn evaluate(eq: &Equation, extraction: &Extraction) -> RuleOutcome {
    match failure(eq, extraction) {
        Ok(None) => RuleOutcome::Held,
        Ok(Some(v)) => RuleOutcome::Failed(v),
        Err(Skip) => RuleOutcome::Skipped,
    }
}

struct Skip;

fn failure(eq: &Equation, extraction: &Extraction) -> Result<Option<Violation>, Skip> {
    let mut left_ids = eq.left.clone();
    let mut stand_in = false;
    if !eq.left.iter().any(|id| extraction.fields.contains_key(id)) {
        match eq.stand_in {
            Some(id) if extraction.all_answered.is_some() && extraction.value(id).is_some() => {
                left_ids = vec![id.to_owned()];
                stand_in = true;
            }
            _ => return Err(Skip),
        }
    }
    let left = side(&left_ids, extraction).ok_or(Skip)?;
    let right = side(&eq.right, extraction).ok_or(Skip)?;
    if right.present == 0 || left.reported + right.reported == 0 {
        return Err(Skip);
    }
    match eq.applies {
        Applies::Always => {}
        Applies::AnyRightReported if right.reported > 0 => {}
        Applies::AllRightReported if right.reported == eq.right.len() => {}
        _ => return Err(Skip),
    }
    let holds = match eq.relation {
        Relation::Equal => left.sum == right.sum,
        Relation::RightAtLeastLeft => right.sum >= left.sum,
    };
    if holds {
        return Ok(None);
    }
    let (expected, actual) = match eq.expected {
        Expected::Left => (left.sum, right.sum),
        Expected::Right => (right.sum, left.sum),
    };
    let difference = expected.checked_sub(actual).ok_or(Skip)?;
    let operands: Vec<Operand> = left_ids
        .iter()
        .map(|f| (f, true))
        .chain(eq.right.iter().map(|f| (f, false)))
        .map(|(f, is_left)| Operand {
            field: f.clone(),
            value: extraction.value(f),
            left: is_left,
        })
        .collect();
    let blanks = left.blanks + right.blanks;
    let severity = catalog::rule(eq.rule).map_or(Severity::Hard, |r| r.severity);
    let unsure = unsure(&operands, extraction);
    let message = describe(&operands, left.sum, right.sum, eq, blanks, stand_in);
    Ok(Some(Violation {
        rule: eq.name(),
        severity,
        fields: operands.iter().map(|o| o.field.clone()).collect(),
        operands,
        expected,
        actual,
        difference,
        blanks_as_zero: blanks,
        message,
        unsure_operands: unsure,
        stand_in,
    }))
}

/// The operands the reader was not certain of.
fn unsure(operands: &[Operand], extraction: &Extraction) -> Vec<String> {
    let mut out: Vec<String> = operands
        .iter()
        .filter(|o| {
            extraction
                .fields
                .get(&o.field)
                .is_some_and(|f| f.reading != crate::extract::Reading::Certain)
        })
        .map(|o| o.field.clone())
        .collect();
    out.dedup();
    out
}

/// "new 12 + carried_over 0 = 12, but total 10 + carried_forward 1 = 11, off by +1".
fn describe(
    operands: &[Operand],
    left: Number,
    right: Number,
    eq: &Equation,
    blanks: u32,
    stand_in: bool,
) -> String {
    let names = short_names(operands.iter().map(|o| o.field.as_str()));
    let terms = |is_left: bool| {
        let mut shown = Vec::new();
        let mut hidden = 0;
        let side: Vec<_> = operands
            .iter()
            .zip(&names)
            .filter(|(o, _)| o.left == is_left)
            .collect();
        for (o, name) in &side {
            match o.value {
                Some(v) if !v.is_zero() || side.len() <= 4 => shown.push(format!("{name} {v}")),
                Some(_) => hidden += 1,
                None if side.len() <= 4 => shown.push(format!("{name} blank")),
                None => hidden += 1,
            }
        }
        let mut s = if shown.is_empty() {
            "all".to_owned()
        } else {
            shown.join(" + ")
        };
        if hidden > 0 {
            s.push_str(&format!(" (+{hidden} more, 0 or blank)"));
        }
        s
    };
    let side_count = |is_left: bool| operands.iter().filter(|o| o.left == is_left).count();
    // A one-term side is shown as the term alone: "total 9", not "total 9 = 9".
    let shown = |is_left: bool, sum: Number| {
        let t = terms(is_left);
        if side_count(is_left) == 1 {
            t
        } else {
            format!("{t} = {sum}")
        }
    };
    let (l, r) = (shown(true, left), shown(false, right));
    let (expected, actual) = match eq.expected {
        Expected::Left => (left, right),
        Expected::Right => (right, left),
    };
    let off = expected.checked_sub(actual).map_or(String::new(), |d| {
        if d.is_negative() {
            format!(", off by {d}")
        } else {
            format!(", off by +{d}")
        }
    });
    let mut msg = format!("{l}, but {r}{off}");
    if eq.relation == Relation::RightAtLeastLeft {
        msg = format!("{l}, but the channels {r} fall short{off}");
    }
    if stand_in {
        msg.push_str(
            " (requests received stands in for the reply total: the text says all were answered)",
        );
    }
    if blanks > 0 {
        let s = if blanks == 1 { "" } else { "s" };
        msg.push_str(&format!("; {blanks} blank cell{s} counted as 0"));
    }
    msg
}

/// Field ids without the prefix and suffix they all share: `t3.new.person` … → `person` ….
pub fn short_names<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let split: Vec<Vec<&str>> = ids.map(|id| id.split('.').collect()).collect();
    let min_len = split.iter().map(Vec::len).min().unwrap_or(0);
    let shared_at = |pick: &dyn Fn(&[&'a str]) -> &'a str| {
        let first = split.first().map(|p| pick(p));
        split.iter().all(|p| Some(pick(p)) == first)
    };
    let mut prefix = 0;
    while prefix + 1 < min_len && shared_at(&|p| p[prefix]) {
        prefix += 1;
    }
    let mut suffix = 0;
    while prefix + suffix + 1 < min_len && shared_at(&|p| p[p.len() - 1 - suffix]) {
        suffix += 1;
    }
    split
        .iter()
        .map(|p| p[prefix..p.len() - suffix].join("."))
        .collect()
}

fn text_disagreements(extraction: &Extraction) -> Vec<Violation> {
    let mut out = Vec::new();
    for (id, stated) in &extraction.text_values {
        let (Some(table), Some(text)) = (extraction.value(id), stated.value) else {
            continue;
        };
        if table == text {
            continue;
        }
        let Some(difference) = table.checked_sub(text) else {
            continue;
        };
        out.push(Violation {
            rule: format!("N-TEXT[{id}]"),
            severity: Severity::Soft,
            fields: vec![id.clone()],
            operands: vec![
                Operand {
                    field: id.clone(),
                    value: Some(table),
                    left: true,
                },
                Operand {
                    field: id.clone(),
                    value: Some(text),
                    left: false,
                },
            ],
            expected: table,
            actual: text,
            difference,
            blanks_as_zero: 0,
            message: format!(
                "the table gives {id} = {table}, but the text says {text} (\"{}\")",
                stated.label
            ),
            unsure_operands: Vec::new(),
            stand_in: false,
        });
    }
    out
}

fn kind_violations(extraction: &Extraction) -> Vec<Violation> {
    let mut out = Vec::new();
    for (id, fv) in &extraction.fields {
        let Some(value) = fv.value else { continue };
        let kind = fields::kind(id);
        let problem = match (kind, value) {
            (FieldKind::Count, v) if v.is_negative() => "is negative, but counts never are",
            (FieldKind::Money, v) if v.is_negative() => "is negative, but amounts never are",
            (FieldKind::Count | FieldKind::Signed, Number::Dec(_)) => {
                "is not a whole number, but it counts items"
            }
            _ => continue,
        };
        out.push(Violation {
            rule: format!("INT[{id}]"),
            severity: Severity::Hard,
            fields: vec![id.clone()],
            operands: vec![Operand {
                field: id.clone(),
                value: Some(value),
                left: true,
            }],
            expected: value,
            actual: value,
            difference: Number::Int(0),
            blanks_as_zero: 0,
            message: format!("{id} = {value} {problem}"),
            unsure_operands: Vec::new(),
            stand_in: false,
        });
    }
    out
}

#[cfg(test)]
mod tests;
