//! The five real reports of `../shared/reports`: the values and violations its README
//! describes.

mod common;

use gouji::extract::{extract, Extraction, FlagKind};
use gouji::report::Report;
use gouji::rules::{check, Severity, Violation};
use gouji::value::Number;

fn load(prefix: &str) -> Option<(Report, Extraction, Vec<Violation>)> {
    let path = common::shared_report(prefix)?;
    let report = Report::load(&path).unwrap();
    let extraction = extract(&report);
    let violations = check(&extraction);
    Some((report, extraction, violations))
}

fn int(e: &Extraction, id: &str) -> Option<i64> {
    match e.fields.get(id).unwrap_or_else(|| panic!("{id} not extracted")).value {
        Some(Number::Int(i)) => Some(i),
        None => None,
        other => panic!("{id} = {other:?}"),
    }
}

fn hard(v: &[Violation]) -> Vec<&str> {
    v.iter()
        .filter(|v| v.severity == Severity::Hard)
        .map(|v| v.rule.as_str())
        .collect()
}

#[test]
fn r004_template_2019_with_a_clean_t3_of_six_requests() {
    let Some((report, e, v)) = load("004") else { return };
    assert_eq!(e.meta.format, gouji::fields::Format::Template2019);
    assert_eq!(int(&e, "t3.new.person"), Some(6));
    assert_eq!(int(&e, "t3.new.total"), Some(6));
    assert_eq!(int(&e, "t3.unable.not_held.total"), Some(6));
    assert_eq!(int(&e, "t3.total.total"), Some(6));
    assert_eq!(int(&e, "t2.normative.made"), Some(9));
    for block in ["review", "suit_direct", "suit_after_review"] {
        for col in ["upheld", "corrected", "other", "pending", "total"] {
            assert_eq!(int(&e, &format!("t4.{block}.{col}")), Some(0));
        }
    }
    // The 重复申请 row has six cells: flagged, and the next row is intact.
    let flag = e.flags.iter().find(|f| f.kind == FlagKind::MissingCell).unwrap();
    assert!(flag.fields.iter().all(|f| f.starts_with("t3.rejected.repeat.")));
    assert_eq!(int(&e, "t3.rejected.publication.total"), Some(0));
    assert!(hard(&v).is_empty(), "{v:#?}");
    assert!(!v.iter().any(|x| x.rule.starts_with("T3-")), "{v:#?}");
    let span = e.fields["t3.new.total"].span;
    assert_eq!(span.slice(&report.text), Some("6"));
}
