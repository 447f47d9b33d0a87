//! `gouji eval`: the extractor measured against gold labels.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use super::agree::Rate;
use super::export::GoldRecord;
use super::group;
use crate::annotate::model::with_labels;
use crate::annotate::FieldStatus;
use crate::extract::{extract, Extraction, Reading};
use crate::report::Report;
use crate::rules::check;
use crate::value::Number;

/// A field whose extracted value differs from the gold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WrongField {
    pub field: String,
    pub extracted: Option<Number>,
    pub gold: Option<Number>,
    /// How sure the reader was of the wrong value (`None`: the field was not extracted).
    pub reading: Option<Reading>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportScore {
    pub id: String,
    pub path: String,
    pub wrong: usize,
    pub fields: usize,
    pub errors: Vec<WrongField>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub reports: usize,
    pub missing_reports: Vec<String>,
    pub groups: BTreeMap<String, Rate>,
    pub formats: BTreeMap<String, Rate>,
    /// Per layout family, for the records that name theirs.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub layouts: BTreeMap<String, Rate>,
    pub overall: Rate,
    /// Reports whose format and year were read as the gold has them.
    pub format: Rate,
    pub year: Rate,
    /// Wrong values the reader marked certain: the misreadings an analyst would take for
    /// the report's own numbers.
    pub wrong_certain: usize,
    /// Violations the extractor's values raise that the gold values do not, and the reverse.
    pub extra_violations: BTreeMap<String, usize>,
    pub missed_violations: BTreeMap<String, usize>,
    /// Every report with a wrong field, worst first.
    pub worst: Vec<ReportScore>,
}

/// The gold's own values as an extraction, so the rules can run on them: a field the
/// extractor missed is there too, or a false alarm of the extractor's could hide behind it.
fn gold_extraction(extracted: &Extraction, gold: &GoldRecord) -> Extraction {
    with_labels(
        extracted,
        gold.fields
            .iter()
            .map(|(id, f)| (id.as_str(), f.status, f.value, f.span)),
    )
}

/// 7545 and 7545.0 are one amount: values compare as numbers, not by how they are held.
fn same(a: Option<Number>, b: Option<Number>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b) == std::cmp::Ordering::Equal,
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// Evaluates the extractor on the reports of `gold`; `find` locates a report's file by its
/// record (by sha256 among given files, or its recorded path).
pub fn evaluate(
    gold: &[GoldRecord],
    find: &dyn Fn(&GoldRecord) -> Option<std::path::PathBuf>,
) -> Evaluation {
    let mut out = Evaluation {
        reports: 0,
        missing_reports: Vec::new(),
        groups: BTreeMap::new(),
        formats: BTreeMap::new(),
        layouts: BTreeMap::new(),
        overall: Rate::default(),
        format: Rate::default(),
        year: Rate::default(),
        wrong_certain: 0,
        extra_violations: BTreeMap::new(),
        missed_violations: BTreeMap::new(),
        worst: Vec::new(),
    };
    for record in gold {
        let Some(report) = find(record).and_then(|p| Report::load(Path::new(&p)).ok()) else {
            out.missing_reports.push(record.path.clone());
            continue;
        };
        out.reports += 1;
        let e = extract(&report);
        out.format.add_one(e.meta.format == record.format);
        out.year
            .add_one(e.meta.year.as_ref().map(|y| y.value) == record.year);
        let mut score = ReportScore {
            id: record.id.clone(),
            path: record.path.clone(),
            wrong: 0,
            fields: 0,
            errors: Vec::new(),
        };
        for (id, g) in &record.fields {
            let got = e.fields.get(id);
            let right = match g.status {
                FieldStatus::Absent => got.is_none(),
                _ => got.is_some_and(|f| same(f.value, g.value)),
            };
            out.groups
                .entry(group(id).to_owned())
                .or_default()
                .add_one(right);
            out.formats
                .entry(record.format.to_string())
                .or_default()
                .add_one(right);
            if let Some(layout) = &record.layout {
                out.layouts
                    .entry(layout.clone())
                    .or_default()
                    .add_one(right);
            }
            out.overall.add_one(right);
            score.fields += 1;
            if !right {
                score.wrong += 1;
                let reading = got.map(|f| f.reading);
                out.wrong_certain += usize::from(reading == Some(Reading::Certain));
                score.errors.push(WrongField {
                    field: id.clone(),
                    extracted: got.and_then(|f| f.value),
                    gold: g.value,
                    reading,
                });
            }
        }
        let raised: BTreeSet<String> = check(&e).into_iter().map(|v| v.rule).collect();
        let gold_raised: BTreeSet<String> = check(&gold_extraction(&e, record))
            .into_iter()
            .map(|v| v.rule)
            .collect();
        for r in raised.difference(&gold_raised) {
            *out.extra_violations.entry(r.clone()).or_default() += 1;
        }
        for r in gold_raised.difference(&raised) {
            *out.missed_violations.entry(r.clone()).or_default() += 1;
        }
        out.worst.push(score);
    }
    out.worst
        .sort_by(|a, b| b.wrong.cmp(&a.wrong).then_with(|| a.path.cmp(&b.path)));
    out.worst.retain(|s| s.wrong > 0);
    out
}
