//! The JSON that batch commands print: the output contract documented in README.

use serde::Serialize;

use crate::extract::{Extraction, FieldValue, Flag, UnmappedRow};
use crate::report::Report;
use crate::rules::cross_year::{self, CARRIED_FORWARD, CARRIED_OVER};
use crate::rules::{Severity, Violation};
use crate::text::width::escape_controls;
use crate::value::Span;
use std::collections::BTreeMap;
use std::path::Path;

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

/// A failing `X-CARRY` between two reports of one agency in consecutive years: a line of
/// its own after the reports' lines, told apart from them by its `rule` key.
#[derive(Serialize)]
pub struct CarryRecord<'a> {
    pub rule: &'static str,
    pub severity: Severity,
    pub earlier: String,
    pub later: String,
    /// The earlier report's field, then the later report's.
    pub fields: [&'static str; 2],
    pub message: &'a str,
}

impl<'a> CarryRecord<'a> {
    pub fn new(earlier: &Path, later: &Path, message: &'a str) -> CarryRecord<'a> {
        CarryRecord {
            rule: cross_year::RULE,
            severity: Severity::Soft,
            earlier: earlier.display().to_string(),
            later: later.display().to_string(),
            fields: [CARRIED_FORWARD, CARRIED_OVER],
            message,
        }
    }
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
        format: extraction.meta.format.into(),
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
        format: extraction.meta.format.into(),
        year: extraction.meta.year.as_ref().map(|y| y.value),
        agency: extraction.meta.agency.as_ref().map(|a| a.value.as_str()),
        hard: count(Severity::Hard),
        soft: count(Severity::Soft),
        flags: extraction.flags.len(),
        violations,
    }
}

/// JSON text with DEL and the C1 controls written as `\u` escapes. serde_json escapes C0
/// but writes these raw, and a terminal may act on C1 (`U+009B` is a CSI); the JSON value is
/// the same. They can only occur inside strings, where the escape is valid.
pub fn json_escaped(json: String) -> String {
    if !json.chars().any(|c| ('\u{7F}'..='\u{9F}').contains(&c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if ('\u{7F}'..='\u{9F}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `value` as one line of JSON, safe to print on a terminal.
pub fn json_line<T: Serialize>(value: &T) -> String {
    json_escaped(serde_json::to_string(value).unwrap_or_default())
}

/// Says something on stderr, its control characters escaped (a file name can hold any).
pub fn warn(message: impl std::fmt::Display) {
    eprintln!("gouji: {}", escape_controls(&message.to_string()));
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
        format!(
            "FAIL {} hard: {}",
            hard.len(),
            escape_controls(&names.join(" "))
        )
    };
    // Every piece that comes from the file (its name, its sentences in messages and flags)
    // is printed with its control characters escaped.
    let mut out = format!(
        "{}\t{}\t{}\t{}",
        escape_controls(&report.path.display().to_string()),
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
        // A failure resting on a value the reader was not sure of may be a misreading.
        let doubt = if v.unsure_operands.is_empty() {
            String::new()
        } else {
            format!(
                " (check the reading: {} not read with certainty)",
                v.unsure_operands.join(", ")
            )
        };
        out.push_str(&format!(
            "  {} {}: {}{}\n",
            v.severity,
            escape_controls(&v.rule),
            escape_controls(&v.message),
            escape_controls(&doubt)
        ));
    }
    for f in &extraction.flags {
        out.push_str(&format!("  flag: {}\n", escape_controls(&f.message)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_writes_c1_controls_as_escapes_and_keeps_the_value() {
        let value = serde_json::json!({"agency": "青川县\u{9b}2J\u{7f}审计局\u{1b}"});
        let line = json_line(&value);
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(
            line.contains("\\u009b") && line.contains("\\u007f"),
            "{line}"
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, value);
    }
}
