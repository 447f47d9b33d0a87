//! `gouji agree`: how far two annotators agree on the same reports.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::export::{GoldField, GoldRecord};
use super::group;
use crate::annotate::FieldStatus;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rate {
    pub agree: usize,
    pub total: usize,
    pub rate: f64,
}

impl Rate {
    pub fn add_one(&mut self, same: bool) {
        self.add(same);
    }

    fn add(&mut self, same: bool) {
        self.total += 1;
        self.agree += usize::from(same);
        self.rate = self.agree as f64 / self.total as f64;
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AckAgreement {
    pub both: usize,
    pub only_a: usize,
    pub only_b: usize,
    pub rate: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnnotatorLabel {
    pub value: Option<crate::value::Number>,
    pub status: FieldStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub report: String,
    pub field: String,
    pub a: AnnotatorLabel,
    pub b: AnnotatorLabel,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub reports: usize,
    pub only_in_a: Vec<String>,
    pub only_in_b: Vec<String>,
    /// Exact agreement on the final value, per field group and overall.
    pub groups: BTreeMap<String, Rate>,
    pub overall: Rate,
    /// Cohen's kappa on field status.
    pub status_kappa: f64,
    /// Per rule: instances acknowledged by both, by one only.
    pub acknowledgements: BTreeMap<String, AckAgreement>,
    pub disagreements: Vec<Disagreement>,
}

const STATUSES: [FieldStatus; 5] = [
    FieldStatus::Unreviewed,
    FieldStatus::Confirmed,
    FieldStatus::Corrected,
    FieldStatus::Absent,
    FieldStatus::Blank,
];

fn side(f: Option<&GoldField>) -> AnnotatorLabel {
    match f {
        Some(f) => AnnotatorLabel {
            value: f.value,
            status: f.status,
        },
        None => AnnotatorLabel {
            value: None,
            status: FieldStatus::Absent,
        },
    }
}

fn by_sha(records: &[GoldRecord]) -> HashMap<&str, &GoldRecord> {
    records.iter().map(|r| (r.sha256.as_str(), r)).collect()
}

/// Paths of the reports of `x` that `y` lacks, sorted.
fn only_in(x: &HashMap<&str, &GoldRecord>, y: &HashMap<&str, &GoldRecord>) -> Vec<String> {
    let mut v: Vec<String> = x
        .iter()
        .filter(|(k, _)| !y.contains_key(*k))
        .map(|(_, r)| r.path.clone())
        .collect();
    v.sort();
    v
}

/// Compares the records of two annotators, matched by report sha256.
pub fn agree(a: &[GoldRecord], b: &[GoldRecord]) -> Agreement {
    let (a, b) = (by_sha(a), by_sha(b));
    let mut out = Agreement {
        reports: 0,
        only_in_a: only_in(&a, &b),
        only_in_b: only_in(&b, &a),
        groups: BTreeMap::new(),
        overall: Rate::default(),
        status_kappa: 1.0,
        acknowledgements: BTreeMap::new(),
        disagreements: Vec::new(),
    };
    let mut confusion = [[0usize; 5]; 5];
    // Reports in path order, so the disagreements come out in a stable order.
    let mut pairs: Vec<(&GoldRecord, &GoldRecord)> = a
        .iter()
        .filter_map(|(sha, ra)| b.get(sha).map(|rb| (*ra, *rb)))
        .collect();
    pairs.sort_by(|x, y| x.0.path.cmp(&y.0.path));
    for (ra, rb) in pairs {
        out.reports += 1;
        let ids: BTreeSet<&String> = ra.fields.keys().chain(rb.fields.keys()).collect();
        for id in ids {
            let (sa, sb) = (side(ra.fields.get(id)), side(rb.fields.get(id)));
            let same = sa.value == sb.value;
            out.groups
                .entry(group(id).to_owned())
                .or_default()
                .add(same);
            out.overall.add(same);
            let ia = STATUSES.iter().position(|s| *s == sa.status).unwrap_or(0);
            let ib = STATUSES.iter().position(|s| *s == sb.status).unwrap_or(0);
            confusion[ia][ib] += 1;
            if !same || sa.status != sb.status {
                out.disagreements.push(Disagreement {
                    report: ra.id.clone(),
                    field: id.clone(),
                    a: sa,
                    b: sb,
                });
            }
        }
        let acks: BTreeSet<&String> = ra
            .acknowledged
            .keys()
            .chain(rb.acknowledged.keys())
            .collect();
        for rule in acks {
            let id = rule.split('[').next().unwrap_or(rule).to_owned();
            let entry = out.acknowledgements.entry(id).or_default();
            match (
                ra.acknowledged.contains_key(rule),
                rb.acknowledged.contains_key(rule),
            ) {
                (true, true) => entry.both += 1,
                (true, false) => entry.only_a += 1,
                _ => entry.only_b += 1,
            }
            entry.rate = entry.both as f64 / (entry.both + entry.only_a + entry.only_b) as f64;
        }
    }
    out.status_kappa = kappa(&confusion);
    out
}

/// Cohen's kappa of a confusion matrix (1 when both raters agree perfectly on one category).
pub fn kappa<const N: usize>(m: &[[usize; N]; N]) -> f64 {
    let n: usize = m.iter().flatten().sum();
    if n == 0 {
        return 1.0;
    }
    let n = n as f64;
    let observed = (0..N).map(|i| m[i][i]).sum::<usize>() as f64 / n;
    let expected: f64 = (0..N)
        .map(|k| {
            let row: usize = m[k].iter().sum();
            let col: usize = m.iter().map(|r| r[k]).sum();
            (row as f64 / n) * (col as f64 / n)
        })
        .sum();
    if (1.0 - expected).abs() < f64::EPSILON {
        return if (observed - 1.0).abs() < f64::EPSILON {
            1.0
        } else {
            0.0
        };
    }
    (observed - expected) / (1.0 - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_of_known_tables() {
        // The textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ = 0.4.
        let k = kappa(&[[20, 5], [10, 15]]);
        assert!((k - 0.4).abs() < 1e-9, "{k}");
        assert_eq!(kappa(&[[7, 0], [0, 0]]), 1.0);
        assert_eq!(kappa::<2>(&[[0, 0], [0, 0]]), 1.0);
        assert!(kappa(&[[0, 5], [5, 0]]) < 0.0);
    }
}
