//! Fix candidates: the single-cell edits that make every failed hard rule hold, ranked by how
//! plausibly a misprint or a mis-extraction explains them; and the splits of glued digit runs.

use crate::extract::{Extraction, FieldValue, FlagKind, Source};
use crate::fields::{self, FieldKind};
use crate::value::{Number, Span};

use super::{catalog, check, Severity, Violation};

/// A proposed correction: set each field to a value.
#[derive(Clone, Debug, PartialEq)]
pub struct FixCandidate {
    pub edits: Vec<(String, Number)>,
    /// What it changes and why it is plausible, in field ids ("t3.new.total: 12 → 112 (a
    /// dropped digit)").
    pub reason: String,
    /// Why it is plausible alone ("a dropped digit"), for a screen that names the cells its
    /// own way.
    pub why: String,
    /// It reads the same printed digits another way (a split of a glued run): it corrects the
    /// reading, never what the report prints.
    pub rereads: bool,
    /// Where the evidence of the (first) edited cell is.
    pub span: Option<Span>,
    score: u32,
}

/// At most `limit` candidates, most plausible first.
pub fn candidates(extraction: &Extraction, limit: usize) -> Vec<FixCandidate> {
    let violations = check(extraction);
    let failing: Vec<&Violation> = violations
        .iter()
        .filter(|v| v.severity == Severity::Hard)
        .collect();
    let mut out = glued_splits(extraction);
    if !failing.is_empty() {
        out.extend(single_cell_fixes(extraction, &failing));
    }
    out.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.edits.cmp(&b.edits)));
    out.dedup_by(|a, b| a.edits == b.edits);
    out.truncate(limit);
    out
}

fn hard_count(extraction: &Extraction) -> usize {
    check(extraction)
        .iter()
        .filter(|v| v.severity == Severity::Hard)
        .count()
}

fn single_cell_fixes(extraction: &Extraction, failing: &[&Violation]) -> Vec<FixCandidate> {
    let mut suspects: Vec<&str> = failing
        .iter()
        .flat_map(|v| v.fields.iter().map(String::as_str))
        .collect();
    suspects.sort_unstable();
    suspects.dedup();
    let equations = catalog::equations(extraction.meta.format);
    let mut out = Vec::new();
    for field in suspects {
        // The value that makes the first failed rule through this cell hold.
        let Some(target) = failing
            .iter()
            .find(|v| v.fields.iter().any(|f| f == field))
            .and_then(|v| solve(v, field))
        else {
            continue;
        };
        if !fits_kind(field, target) || extraction.value(field) == Some(target) {
            continue;
        }
        let mut trial = extraction.clone();
        set(&mut trial, field, target);
        if hard_count(&trial) > 0 {
            continue;
        }
        let old = extraction.value(field);
        let (score, why) = plausibility(old, target, field, extraction, equations);
        let shown_old = old.map_or("blank".to_owned(), |n| n.to_string());
        out.push(FixCandidate {
            edits: vec![(field.to_owned(), target)],
            reason: format!("{field}: {shown_old} → {target} ({why})"),
            why: why.to_string(),
            rereads: false,
            span: extraction.fields.get(field).map(|f| f.span),
            score,
        });
    }
    out
}

/// The value of `field` that balances violation `v` (the field may appear on either side).
fn solve(v: &Violation, field: &str) -> Option<Number> {
    let current = v
        .operands
        .iter()
        .find(|o| o.field == field)
        .map_or(Number::Int(0), |o| o.value.unwrap_or(Number::Int(0)));
    let on_left = v.operands.iter().find(|o| o.field == field)?.left;
    // difference = expected - actual; which side is "expected" depends on the rule, so solve
    // on the sums directly.
    let (mut left, mut right) = (Number::Int(0), Number::Int(0));
    for o in &v.operands {
        let value = o.value.unwrap_or(Number::Int(0));
        if o.left {
            left = left.checked_add(value)?;
        } else {
            right = right.checked_add(value)?;
        }
    }
    let gap = right.checked_sub(left)?;
    if on_left {
        current.checked_add(gap)
    } else {
        current.checked_sub(gap)
    }
}

fn fits_kind(field: &str, n: Number) -> bool {
    match fields::kind(field) {
        FieldKind::Count => matches!(n, Number::Int(i) if i >= 0),
        FieldKind::Signed => matches!(n, Number::Int(_)),
        FieldKind::Money => !n.is_negative(),
    }
}

fn set(extraction: &mut Extraction, field: &str, n: Number) {
    let entry = extraction
        .fields
        .entry(field.to_owned())
        .or_insert_with(|| FieldValue {
            value: None,
            span: Span::default(),
            source: Source::Table,
            label: String::new(),
            raw: None,
            reading: crate::extract::Reading::Certain,
            alternatives: Vec::new(),
        });
    entry.value = Some(n);
}

/// How well a misprint explains `old` → `new`, and in what words.
fn plausibility(
    old: Option<Number>,
    new: Number,
    field: &str,
    extraction: &Extraction,
    equations: &[catalog::Equation],
) -> (u32, String) {
    let Some(old) = old else {
        return (40, "a blank cell that should hold a number".to_owned());
    };
    let (a, b) = (old.to_string(), new.to_string());
    if b.len() == a.len() + 1 && (0..b.len()).any(|i| format!("{}{}", &b[..i], &b[i + 1..]) == a) {
        return (90, "a dropped digit".to_owned());
    }
    if a.len() == b.len() + 1 && (0..a.len()).any(|i| format!("{}{}", &a[..i], &a[i + 1..]) == b) {
        let doubled = a.as_bytes().windows(2).any(|w| w[0] == w[1]);
        let what = if doubled {
            "a doubled digit"
        } else {
            "an extra digit"
        };
        return (if doubled { 90 } else { 70 }, what.to_owned());
    }
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len())
            .filter(|&i| a.as_bytes()[i] != b.as_bytes()[i])
            .collect();
        if diff.len() == 2
            && diff[1] == diff[0] + 1
            && a.as_bytes()[diff[0]] == b.as_bytes()[diff[1]]
            && a.as_bytes()[diff[1]] == b.as_bytes()[diff[0]]
        {
            return (85, "two swapped digits".to_owned());
        }
        if diff.len() == 1 {
            return (75, "one mistyped digit".to_owned());
        }
    }
    if neighbours(field, equations)
        .iter()
        .any(|n| extraction.value(n) == Some(new))
    {
        return (
            60,
            "a value shifted from the next cell (a missing |)".to_owned(),
        );
    }
    (20, "the value the sums require".to_owned())
}

/// Cells in the same row equation as `field`, for the shifted-cell explanation.
fn neighbours(field: &str, equations: &[catalog::Equation]) -> Vec<String> {
    equations
        .iter()
        .filter(|e| e.rule == "T3-ROW" || e.rule == "T4-SUM")
        .filter(|e| e.left.iter().chain(&e.right).any(|f| f == field))
        .flat_map(|e| e.left.iter().chain(&e.right).cloned())
        .filter(|f| f != field)
        .collect()
}

fn glued_splits(extraction: &Extraction) -> Vec<FixCandidate> {
    let mut out = Vec::new();
    for flag in &extraction.flags {
        if flag.kind != FlagKind::GluedRun {
            continue;
        }
        for split in &flag.candidates {
            if split.len() != flag.fields.len() {
                continue;
            }
            let edits: Vec<(String, Number)> = flag
                .fields
                .iter()
                .cloned()
                .zip(split.iter().copied())
                .collect();
            let mut trial = extraction.clone();
            for (f, n) in &edits {
                set(&mut trial, f, *n);
            }
            let holds = hard_count(&trial) == 0;
            let shown: Vec<String> = split.iter().map(Number::to_string).collect();
            out.push(FixCandidate {
                rereads: true,
                why: if holds {
                    "a split of the glued run; every hard rule then holds".to_owned()
                } else {
                    "a split of the glued run".to_owned()
                },
                reason: format!(
                    "split the glued run as {}{}",
                    shown.join(" | "),
                    if holds {
                        " (every hard rule then holds)"
                    } else {
                        ""
                    }
                ),
                edits,
                span: Some(flag.span),
                score: if holds { 95 } else { 30 },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::extract::{Flag, Meta};
    use crate::fields::{Format, T3_COLUMNS};

    fn table(values: &[(String, i64)]) -> Extraction {
        let mut fields = BTreeMap::new();
        for (id, v) in values {
            fields.insert(
                id.clone(),
                FieldValue {
                    value: Some(Number::Int(*v)),
                    span: Span::new(0, 1),
                    source: Source::Table,
                    label: String::new(),
                    raw: None,
                    reading: crate::extract::Reading::Certain,
                    alternatives: Vec::new(),
                },
            );
        }
        Extraction {
            meta: Meta {
                format: Format::Template2019,
                year: None,
                agency: None,
            },
            fields,
            text_values: BTreeMap::new(),
            unmapped: vec![],
            flags: vec![],
            all_answered: None,
        }
    }

    /// A 2019 表三 where `new`/`granted`/`total` are 12 in the person and total columns.
    fn t3(granted_person: i64) -> Extraction {
        let mut v = Vec::new();
        for (row, _) in fields::t3_rows(Format::Template2019) {
            for (col, _) in T3_COLUMNS {
                let n = match (row, col) {
                    ("granted", "person") => granted_person,
                    ("new" | "granted" | "total", "person" | "total") => 12,
                    _ => 0,
                };
                v.push((fields::t3_id(row, col), n));
            }
        }
        table(&v)
    }

    #[test]
    fn the_shared_cell_of_a_failing_row_and_column_is_the_top_candidate() {
        let e = t3(2); // a dropped digit: 12 printed as 2
        let c = candidates(&e, 3);
        assert!(!c.is_empty());
        assert_eq!(
            c[0].edits,
            vec![("t3.granted.person".to_owned(), Number::Int(12))]
        );
        assert!(c[0].reason.contains("dropped digit"), "{}", c[0].reason);
        assert_eq!(c[0].span, Some(Span::new(0, 1)));
    }

    #[test]
    fn doubled_and_swapped_digits_are_recognised() {
        let c = candidates(&t3(122), 3);
        assert_eq!(c[0].edits[0].1, Number::Int(12));
        assert!(c[0].reason.contains("doubled digit"), "{}", c[0].reason);
        let c = candidates(&t3(21), 3);
        assert!(c[0].reason.contains("swapped"), "{}", c[0].reason);
    }

    #[test]
    fn no_candidates_when_everything_holds() {
        assert!(candidates(&t3(12), 3).is_empty());
    }

    #[test]
    fn glued_run_splits_that_satisfy_the_rules_rank_first() {
        let mut e = t3(12);
        let row: Vec<String> = T3_COLUMNS
            .iter()
            .map(|(c, _)| fields::t3_id("partial", c))
            .collect();
        for f in &row {
            e.fields.get_mut(f).unwrap().value = None;
        }
        e.flags.push(Flag {
            kind: FlagKind::GluedRun,
            fields: row.clone(),
            span: Span::new(5, 12),
            message: "glued".into(),
            candidates: vec![
                vec![
                    Number::Int(1),
                    Number::Int(0),
                    Number::Int(0),
                    Number::Int(0),
                    Number::Int(0),
                    Number::Int(0),
                    Number::Int(1),
                ],
                vec![Number::Int(0); 7],
            ],
        });
        let c = candidates(&e, 3);
        assert_eq!(
            c[0].edits.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            vec![Number::Int(0); 7]
        );
        assert!(c[0].reason.contains("every hard rule then holds"));
        assert_eq!(c[0].span, Some(Span::new(5, 12)));
    }
}
