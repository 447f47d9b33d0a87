//! The JSON that batch commands print: the output contract documented in README.

use serde::Serialize;

use crate::extract::{Extraction, FieldValue, Flag, UnmappedRow};
use crate::report::Report;
use crate::rules::{Severity, Violation};
use crate::value::Span;
use std::collections::BTreeMap;

/// `gouji extract`: everything about one report.
#[derive(Serialize)]
pub struct ExtractRecord<'a> {
    pub path: String,
    pub sha256: &'a str,
    pub encoding: &'static str,
    pub document: &'static str,
    pub format: &'static str,
    pub year: Option<i32>,
    pub agency: Option<&'a str>,
    pub meta_spans: MetaSpans,
    pub fields: &'a BTreeMap<String, FieldValue>,
    pub text_values: &'a BTreeMap<String, FieldValue>,
    pub unmapped: &'a [UnmappedRow],
    pub flags: &'a [Flag],
    pub violations: &'a [Violation],
}

#[derive(Serialize)]
pub struct MetaSpans {
    pub year: Option<Span>,
    pub agency: Option<Span>,
}

/// `gouji check --json`: the verdict on one report.
#[derive(Serialize)]
pub struct CheckRecord<'a> {
    pub path: String,
    pub sha256: &'a str,
    pub format: &'static str,
    pub year: Option<i32>,
    pub agency: Option<&'a str>,
    pub hard: usize,
    pub soft: usize,
    pub flags: usize,
    pub violations: &'a [Violation],
}

/// A file a batch command could not read as a report.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    pub path: String,
    pub error: &'a str,
}

pub fn extract_record<'a>(
    report: &'a Report,
    extraction: &'a Extraction,
    violations: &'a [Violation],
) -> ExtractRecord<'a> {
    ExtractRecord {
        path: report.path.display().to_string(),
        sha256: &report.sha256,
        encoding: report.encoding.name(),
        document: report.document(),
        format: extraction.meta.format.name(),
        year: extraction.meta.year.as_ref().map(|y| y.value),
        agency: extraction.meta.agency.as_ref().map(|a| a.value.as_str()),
        meta_spans: MetaSpans {
            year: extraction.meta.year.as_ref().map(|y| y.span),
            agency: extraction.meta.agency.as_ref().map(|a| a.span),
        },
        fields: &extraction.fields,
        text_values: &extraction.text_values,
        unmapped: &extraction.unmapped,
        flags: &extraction.flags,
        violations,
    }
}

pub fn check_record<'a>(
    report: &'a Report,
    extraction: &'a Extraction,
    violations: &'a [Violation],
) -> CheckRecord<'a> {
    let count = |s| violations.iter().filter(|v| v.severity == s).count();
    CheckRecord {
        path: report.path.display().to_string(),
        sha256: &report.sha256,
        format: extraction.meta.format.name(),
        year: extraction.meta.year.as_ref().map(|y| y.value),
        agency: extraction.meta.agency.as_ref().map(|a| a.value.as_str()),
        hard: count(Severity::Hard),
        soft: count(Severity::Soft),
        flags: extraction.flags.len(),
        violations,
    }
}

/// `gouji check` without `--json`: one line per report, then one indented line per violation.
pub fn check_text(report: &Report, extraction: &Extraction, violations: &[Violation]) -> String {
    let year = extraction
        .meta
        .year
        .as_ref()
        .map_or("----".to_owned(), |y| y.value.to_string());
    let hard: Vec<&Violation> = violations
        .iter()
        .filter(|v| v.severity == Severity::Hard)
        .collect();
    let soft = violations.len() - hard.len();
    let verdict = if hard.is_empty() {
        "ok".to_owned()
    } else {
        let names: Vec<&str> = hard.iter().map(|v| v.rule.as_str()).collect();
        format!("FAIL {} hard: {}", hard.len(), names.join(" "))
    };
    let mut out = format!(
        "{}\t{}\t{}\t{}",
        report.path.display(),
        extraction.meta.format,
        year,
        verdict
    );
    if soft > 0 {
        out.push_str(&format!("\t({soft} soft)"));
    }
    if !extraction.flags.is_empty() {
        out.push_str(&format!("\t({} flagged)", extraction.flags.len()));
    }
    out.push('\n');
    for v in violations {
        out.push_str(&format!(
            "  {} {}: {}\n",
            v.severity.name(),
            v.rule,
            v.message
        ));
    }
    for f in &extraction.flags {
        out.push_str(&format!("  flag: {}\n", f.message));
    }
    out
}
