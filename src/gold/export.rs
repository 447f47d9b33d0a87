//! `gouji export`: one JSON line per finished report — the gold file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::annotate::model::with_labels;
use crate::annotate::{Acknowledgement, Annotation, FieldStatus, ReportStatus};
use crate::extract::{Extraction, Meta};
use crate::fields::Format;
use crate::rules::{check, Severity};
use crate::value::{Number, Span};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldField {
    pub value: Option<Number>,
    pub status: FieldStatus,
    pub span: Option<Span>,
}

/// One report's gold label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldRecord {
    /// The report's file name without its extension.
    pub id: String,
    pub path: String,
    pub sha256: String,
    pub format: Format,
    pub year: Option<i32>,
    pub agency: Option<String>,
    pub status: ReportStatus,
    pub annotator: String,
    pub created: String,
    pub updated: String,
    pub fields: BTreeMap<String, GoldField>,
    pub acknowledged: BTreeMap<String, Acknowledgement>,
    /// The layout family the report arrived in (`pdftotext-layout`, `web-flattened`, …),
    /// when whoever made the gold recorded it: `eval` then scores each family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
}

impl GoldRecord {
    /// The hard rules its values break that it does not acknowledge: a report marked done with
    /// these left open is worth a second look before the gold is used.
    pub fn open_hard_problems(&self) -> Vec<String> {
        let bare = Extraction {
            meta: Meta {
                format: self.format,
                year: None,
                agency: None,
            },
            fields: BTreeMap::new(),
            text_values: BTreeMap::new(),
            unmapped: Vec::new(),
            flags: Vec::new(),
            all_answered: None,
        };
        let labelled = with_labels(
            &bare,
            self.fields
                .iter()
                .map(|(id, f)| (id.as_str(), f.status, f.value, f.span)),
        );
        check(&labelled)
            .into_iter()
            .filter(|v| v.severity == Severity::Hard && !self.acknowledged.contains_key(&v.rule))
            .map(|v| v.rule)
            .collect()
    }

    pub fn from_annotation(a: &Annotation) -> GoldRecord {
        let id = std::path::Path::new(&a.report.path)
            .file_stem()
            .map_or_else(
                || a.report.path.clone(),
                |s| s.to_string_lossy().into_owned(),
            );
        GoldRecord {
            id,
            path: a.report.path.clone(),
            sha256: a.report.sha256.clone(),
            format: a.format,
            year: a.meta.year,
            agency: a.meta.agency.clone(),
            status: a.status,
            annotator: a.annotator.clone(),
            created: a.created.clone(),
            updated: a.updated.clone(),
            fields: a
                .fields
                .iter()
                .map(|(id, f)| {
                    (
                        id.clone(),
                        GoldField {
                            value: f.value,
                            status: f.status,
                            span: f.span,
                        },
                    )
                })
                .collect(),
            acknowledged: a.acknowledged.clone(),
            layout: None,
        }
    }
}

/// Puts records in the gold file's stable order: report path, then annotator.
pub fn sort(records: &mut [GoldRecord]) {
    records.sort_by(|a, b| (&a.path, &a.annotator).cmp(&(&b.path, &b.annotator)));
}

/// The gold file's text: one JSON line per record, in order. Records are serialised on every
/// core and joined in their order, so the output is the same whatever the core count.
pub fn to_jsonl(records: &[GoldRecord]) -> serde_json::Result<String> {
    let lines = super::map_in_order(records, |r| {
        serde_json::to_string(r).map(|mut line| {
            line.push('\n');
            line
        })
    });
    lines
        .into_iter()
        .collect::<serde_json::Result<Vec<_>>>()
        .map(|l| l.concat())
}

/// Reads a gold JSONL file, naming the line of any bad record.
pub fn read_jsonl(path: &std::path::Path) -> Result<Vec<GoldRecord>, String> {
    let bytes = crate::report::read_file(path, crate::report::MAX_FILE_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 at byte {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                format!(
                    "{}: line {}, column {}: {e}",
                    path.display(),
                    i + 1,
                    e.column()
                )
            })
        })
        .collect()
}
