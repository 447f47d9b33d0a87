//! The annotation of one report by one annotator: the gold label of FIELDS.md §5.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

use crate::extract::{Extraction, FieldValue, Located, Reading, Source};
use crate::fields::{self, FieldKind, Format};
use crate::report::Report;
use crate::value::{Number, Span};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldStatus {
    Unreviewed,
    Confirmed,
    Corrected,
    Absent,
    Blank,
}

/// How far the analyst is with a report; displayed as the queue shows it (`in progress`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    #[strum(to_string = "todo")]
    Todo,
    #[strum(to_string = "in progress")]
    InProgress,
    #[strum(to_string = "done")]
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRef {
    pub path: String,
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaLabel {
    pub year: Option<i32>,
    pub agency: Option<String>,
    /// What the analyst made of `year`, `agency` and `format` (the annotation's own `format`),
    /// keyed by those names; one not here is unreviewed. Files written before meta could be
    /// reviewed have none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub status: BTreeMap<String, FieldStatus>,
}

/// The report's metadata as the fields pane shows it, reviewed like cells: `meta.year`,
/// `meta.agency`, `meta.format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
pub enum MetaField {
    #[strum(serialize = "meta.year")]
    Year,
    #[strum(serialize = "meta.agency")]
    Agency,
    #[strum(serialize = "meta.format")]
    Format,
}

impl MetaField {
    /// `meta.year` → `Year`; `None` for every other id.
    pub fn from_id(id: &str) -> Option<MetaField> {
        MetaField::iter().find(|m| m.id() == id)
    }

    pub fn id(self) -> &'static str {
        self.into()
    }

    /// Its key in `MetaLabel::status`.
    pub fn key(self) -> &'static str {
        &self.id()["meta.".len()..]
    }
}

/// Years a report can cover: the regulations date from 2008.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldLabel {
    /// The final value; `null` when absent or blank.
    pub value: Option<Number>,
    /// What the extractor read (`null`: blank, or not extracted).
    pub extracted: Option<Number>,
    pub status: FieldStatus,
    pub span: Option<Span>,
    #[serde(default)]
    pub note: String,
    /// The text the span covered, and a few characters before it: what re-anchors the span
    /// when the report's text changes.
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub context: String,
    /// The evidence could not be found again in a changed report.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

/// Up to this many characters before a span are kept as its context.
const CONTEXT_CHARS: usize = 8;
/// How far from its old place a span's evidence is looked for in a changed report.
const REANCHOR_WINDOW: usize = 4096;

/// The evidence and context of `span` in `text`.
pub fn evidence_of(text: &str, span: Span) -> (String, String) {
    let evidence = span.slice(text).unwrap_or_default().to_owned();
    let before = text.get(..span.start).unwrap_or_default();
    let context: String = before
        .chars()
        .rev()
        .take(CONTEXT_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (evidence, context)
}

/// What re-anchoring found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reanchored {
    pub moved: usize,
    pub stale: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    pub note: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub schema_version: u32,
    pub report: ReportRef,
    pub annotator: String,
    pub tool_version: String,
    pub format: Format,
    pub status: ReportStatus,
    pub created: String,
    pub updated: String,
    #[serde(default)]
    pub note: String,
    pub meta: MetaLabel,
    pub fields: BTreeMap<String, FieldLabel>,
    #[serde(default)]
    pub acknowledged: BTreeMap<String, Acknowledgement>,
}

/// An edit refused, with the reason shown to the analyst.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} keeps a value and a status only, no note or evidence span of its own")]
    MetaHasNoNote(String),
    #[error("unknown field id {0:?}")]
    UnknownField(String),
    #[error("{0} is a count: it cannot be negative")]
    NegativeCount(String),
    #[error("{0} counts items: a whole number is needed")]
    NotWhole(String),
    #[error("{0} is an amount: it cannot be negative")]
    NegativeAmount(String),
    #[error("meta.year is a year from {} to {}: {typed:?} is not one", YEARS.start(), YEARS.end())]
    NotAYear { typed: String },
    #[error("meta.format is one of {}: {typed:?} is not", format_names())]
    NotAFormat { typed: String },
    #[error("meta.format always has a value: edit it to name another format")]
    FormatIsNeverBlank,
}

fn format_names() -> String {
    Format::iter()
        .map(<&str>::from)
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_known(field: &str) -> Result<(), EditError> {
    match fields::field(field) {
        Some(_) => Ok(()),
        None if MetaField::from_id(field).is_some() => Err(EditError::MetaHasNoNote(field.into())),
        None => Err(EditError::UnknownField(field.into())),
    }
}

/// Refuses a value the field's kind cannot hold (FIELDS.md `INT`).
pub fn validate(field: &str, value: Number) -> Result<(), EditError> {
    match (fields::kind(field), value) {
        (FieldKind::Count, v) if v.is_negative() => Err(EditError::NegativeCount(field.into())),
        (FieldKind::Count | FieldKind::Signed, Number::Dec(_)) => {
            Err(EditError::NotWhole(field.into()))
        }
        (FieldKind::Money, v) if v.is_negative() => Err(EditError::NegativeAmount(field.into())),
        _ => Ok(()),
    }
}

/// The occurrence of `needle` in `text` within the re-anchoring window around `near` that is
/// closest to it.
fn nearest(text: &str, near: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(near.saturating_sub(REANCHOR_WINDOW));
    let to = floor(near.saturating_add(REANCHOR_WINDOW + needle.len()));
    text[from..to]
        .match_indices(needle)
        .map(|(i, _)| from + i)
        .min_by_key(|&at| at.abs_diff(near))
}

impl Annotation {
    /// A fresh annotation: every extracted field unreviewed, valued as extracted.
    pub fn from_extraction(
        report: &Report,
        extraction: &Extraction,
        annotator: &str,
    ) -> Annotation {
        let now = super::time::now_rfc3339();
        Annotation {
            schema_version: SCHEMA_VERSION,
            report: ReportRef {
                path: report.path.display().to_string(),
                sha256: report.sha256.clone(),
            },
            annotator: annotator.to_owned(),
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            format: extraction.meta.format,
            status: ReportStatus::Todo,
            created: now.clone(),
            updated: now,
            note: String::new(),
            meta: MetaLabel {
                year: extraction.meta.year.as_ref().map(|y| y.value),
                agency: extraction.meta.agency.as_ref().map(|a| a.value.clone()),
                status: BTreeMap::new(),
            },
            fields: extraction
                .fields
                .iter()
                .map(|(id, f)| {
                    let (evidence, context) = evidence_of(&report.text, f.span);
                    (
                        id.clone(),
                        FieldLabel {
                            value: f.value,
                            extracted: f.value,
                            status: FieldStatus::Unreviewed,
                            span: Some(f.span),
                            note: String::new(),
                            evidence,
                            context,
                            stale: false,
                        },
                    )
                })
                .collect(),
            acknowledged: BTreeMap::new(),
        }
    }

    fn touch(&mut self) {
        self.updated = super::time::now_rfc3339();
    }

    fn label_mut(&mut self, field: &str) -> Result<&mut FieldLabel, EditError> {
        check_known(field)?;
        Ok(self
            .fields
            .entry(field.to_owned())
            .or_insert_with(|| FieldLabel {
                value: None,
                extracted: None,
                status: FieldStatus::Unreviewed,
                span: None,
                note: String::new(),
                evidence: String::new(),
                context: String::new(),
                stale: false,
            }))
    }

    /// Sets the final value. `None` means the cell is printed blank. Setting the extracted value
    /// back confirms it.
    pub fn set_value(&mut self, field: &str, value: Option<Number>) -> Result<(), EditError> {
        if let Some(v) = value {
            validate(field, v)?;
        }
        let label = self.label_mut(field)?;
        label.value = value;
        label.status = match value {
            None => FieldStatus::Blank,
            Some(_) if value == label.extracted => FieldStatus::Confirmed,
            Some(_) => FieldStatus::Corrected,
        };
        self.touch();
        Ok(())
    }

    /// The status of a meta field (unreviewed unless the analyst said otherwise).
    pub fn meta_status(&self, meta: MetaField) -> FieldStatus {
        self.meta
            .status
            .get(meta.key())
            .copied()
            .unwrap_or(FieldStatus::Unreviewed)
    }

    /// Sets a meta field from what the analyst typed: a year, an agency's name, a format name.
    /// Empty means printed blank (the format always has a value). The status is `confirmed`
    /// when the value is what the extractor read, else `corrected`.
    pub fn set_meta(
        &mut self,
        meta: MetaField,
        text: &str,
        extracted: &crate::extract::Meta,
    ) -> Result<(), EditError> {
        let text = text.trim();
        if text.is_empty() {
            return self.mark_meta(meta, FieldStatus::Blank);
        }
        let same = match meta {
            MetaField::Year => {
                let year = text
                    .parse::<i32>()
                    .ok()
                    .filter(|y| YEARS.contains(y))
                    .ok_or_else(|| EditError::NotAYear { typed: text.into() })?;
                self.meta.year = Some(year);
                extracted.year.as_ref().is_some_and(|y| y.value == year)
            }
            MetaField::Agency => {
                self.meta.agency = Some(text.to_owned());
                extracted.agency.as_ref().is_some_and(|a| a.value == text)
            }
            MetaField::Format => {
                self.format = text
                    .parse()
                    .map_err(|_| EditError::NotAFormat { typed: text.into() })?;
                extracted.format == self.format
            }
        };
        let status = if same {
            FieldStatus::Confirmed
        } else {
            FieldStatus::Corrected
        };
        self.meta.status.insert(meta.key().to_owned(), status);
        self.touch();
        Ok(())
    }

    /// Confirms, or marks absent or blank, a meta field: what `confirm`, `mark_absent` and
    /// `mark_blank` do for a cell.
    fn mark_meta(&mut self, meta: MetaField, status: FieldStatus) -> Result<(), EditError> {
        let value_left = match meta {
            MetaField::Year => self.meta.year.is_some(),
            MetaField::Agency => self.meta.agency.is_some(),
            MetaField::Format => true,
        };
        let status = match status {
            FieldStatus::Absent | FieldStatus::Blank if meta == MetaField::Format => {
                return Err(EditError::FormatIsNeverBlank)
            }
            FieldStatus::Absent | FieldStatus::Blank => {
                match meta {
                    MetaField::Year => self.meta.year = None,
                    _ => self.meta.agency = None,
                }
                status
            }
            // Confirming keeps a correction, and a missing value stays blank.
            _ if self.meta_status(meta) == FieldStatus::Corrected => return Ok(()),
            _ if !value_left => FieldStatus::Blank,
            _ => FieldStatus::Confirmed,
        };
        self.meta.status.insert(meta.key().to_owned(), status);
        self.touch();
        Ok(())
    }

    /// The value stands as printed and extracted.
    pub fn confirm(&mut self, field: &str) -> Result<(), EditError> {
        if let Some(meta) = MetaField::from_id(field) {
            return self.mark_meta(meta, FieldStatus::Confirmed);
        }
        let label = self.label_mut(field)?;
        if label.status == FieldStatus::Unreviewed {
            label.status = if label.value.is_none() {
                FieldStatus::Blank
            } else {
                FieldStatus::Confirmed
            };
        } else if label.status == FieldStatus::Corrected {
            return Ok(());
        } else {
            label.status = FieldStatus::Confirmed;
            if label.value.is_none() {
                label.status = FieldStatus::Blank;
            }
        }
        self.touch();
        Ok(())
    }

    /// The report never states this field.
    pub fn mark_absent(&mut self, field: &str) -> Result<(), EditError> {
        if let Some(meta) = MetaField::from_id(field) {
            return self.mark_meta(meta, FieldStatus::Absent);
        }
        let label = self.label_mut(field)?;
        label.value = None;
        label.status = FieldStatus::Absent;
        self.touch();
        Ok(())
    }

    /// The report prints this cell empty.
    pub fn mark_blank(&mut self, field: &str) -> Result<(), EditError> {
        if let Some(meta) = MetaField::from_id(field) {
            return self.mark_meta(meta, FieldStatus::Blank);
        }
        let label = self.label_mut(field)?;
        label.value = None;
        label.status = FieldStatus::Blank;
        self.touch();
        Ok(())
    }

    /// Takes another annotator's label of `field` as this one's (adjudication): its value,
    /// evidence and note. A label they left unreviewed is taken as reviewed now: confirmed,
    /// corrected or blank by its value.
    pub fn adopt(&mut self, field: &str, other: &FieldLabel) -> Result<(), EditError> {
        if let Some(v) = other.value {
            validate(field, v)?;
        }
        let label = self.label_mut(field)?;
        label.value = other.value;
        label.status = match other.status {
            FieldStatus::Unreviewed => match other.value {
                None => FieldStatus::Blank,
                Some(_) if other.value == label.extracted => FieldStatus::Confirmed,
                Some(_) => FieldStatus::Corrected,
            },
            status => status,
        };
        if other.span.is_some() {
            label.span = other.span;
            label.evidence = other.evidence.clone();
            label.context = other.context.clone();
            label.stale = other.stale;
        }
        label.note = other.note.clone();
        self.touch();
        Ok(())
    }

    pub fn set_field_note(&mut self, field: &str, note: &str) -> Result<(), EditError> {
        self.label_mut(field)?.note = note.to_owned();
        self.touch();
        Ok(())
    }

    pub fn set_note(&mut self, note: &str) {
        self.note = note.to_owned();
        self.touch();
    }

    /// Re-anchors a field's evidence to `span` of the report's `text`.
    pub fn set_span(&mut self, field: &str, span: Span, text: &str) -> Result<(), EditError> {
        let (evidence, context) = evidence_of(text, span);
        let label = self.label_mut(field)?;
        label.span = Some(span);
        label.evidence = evidence;
        label.context = context;
        label.stale = false;
        self.touch();
        Ok(())
    }

    /// After the report's text changed: finds each span's evidence again near its old place
    /// (with its context first, then alone); what cannot be found is marked stale. Values are
    /// kept whatever happens.
    pub fn reanchor(&mut self, text: &str) -> Reanchored {
        let mut out = Reanchored::default();
        for label in self.fields.values_mut() {
            let Some(old) = label.span else { continue };
            if label.evidence.is_empty() {
                continue;
            }
            if evidence_of(text, old) == (label.evidence.clone(), label.context.clone()) {
                continue;
            }
            let found = nearest(
                text,
                old.start,
                &format!("{}{}", label.context, label.evidence),
            )
            .map(|at| at + label.context.len())
            .or_else(|| nearest(text, old.start, &label.evidence));
            match found {
                Some(start) => {
                    label.span = Some(Span::new(start, start + label.evidence.len()));
                    label.stale = false;
                    out.moved += 1;
                }
                None => {
                    label.span = None;
                    label.stale = true;
                    out.stale += 1;
                }
            }
        }
        if out != Reanchored::default() {
            self.touch();
        }
        out
    }

    /// Closes a violation as the report's own error; the printed values stay.
    pub fn acknowledge(&mut self, rule: &str, note: &str) {
        let at = super::time::now_rfc3339();
        self.acknowledged.insert(
            rule.to_owned(),
            Acknowledgement {
                note: note.to_owned(),
                at,
            },
        );
        self.touch();
    }

    pub fn unacknowledge(&mut self, rule: &str) {
        if self.acknowledged.remove(rule).is_some() {
            self.touch();
        }
    }

    pub fn set_status(&mut self, status: ReportStatus) {
        self.status = status;
        self.touch();
    }

    /// The extraction with the analyst's values: absent fields removed, blanks `null`,
    /// corrected values in place; so the rules can run on what the analyst says.
    pub fn effective(&self, extraction: &Extraction) -> Extraction {
        let mut out = with_labels(
            extraction,
            self.fields
                .iter()
                .map(|(id, l)| (id.as_str(), l.status, l.value, l.span)),
        );
        // Reviewed metadata replaces the extractor's, keeping its evidence span (a value the
        // extractor did not find has none); unreviewed, the extractor's reading stands.
        let reviewed = |m| self.meta_status(m) != FieldStatus::Unreviewed;
        if reviewed(MetaField::Year) {
            let span = out.meta.year.as_ref().map(|y| y.span).unwrap_or_default();
            out.meta.year = self.meta.year.map(|value| Located { value, span });
        }
        if reviewed(MetaField::Agency) {
            let span = out.meta.agency.as_ref().map(|a| a.span).unwrap_or_default();
            out.meta.agency = self
                .meta
                .agency
                .clone()
                .map(|value| Located { value, span });
        }
        if reviewed(MetaField::Format) {
            out.meta.format = self.format;
        }
        out
    }
}

/// `extraction` with labelled values in place of the extractor's: absent fields removed,
/// blanks `null`, a field the extractor missed added under its printed label. A reviewed
/// label leaves no doubt of the reader's. Labels are `(field, status, value, span)`: the
/// analyst's in an annotation, the gold's in `eval`.
pub fn with_labels<'a>(
    extraction: &Extraction,
    labels: impl IntoIterator<Item = (&'a str, FieldStatus, Option<Number>, Option<Span>)>,
) -> Extraction {
    let mut out = extraction.clone();
    for (id, status, value, span) in labels {
        if status == FieldStatus::Absent {
            out.fields.remove(id);
            continue;
        }
        let entry = out
            .fields
            .entry(id.to_owned())
            .or_insert_with(|| FieldValue {
                value: None,
                span: span.unwrap_or_default(),
                source: Source::Table,
                label: crate::fields::field(id).map_or_else(String::new, |d| d.label.clone()),
                raw: None,
                reading: Reading::Certain,
                alternatives: Vec::new(),
            });
        entry.value = value;
        if let Some(span) = span {
            entry.span = span;
        }
        if status != FieldStatus::Unreviewed {
            entry.reading = Reading::Certain;
            entry.alternatives.clear();
        }
    }
    out
}
