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
    match e
        .fields
        .get(id)
        .unwrap_or_else(|| panic!("{id} not extracted"))
        .value
    {
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
    let Some((report, e, v)) = load("004") else {
        return;
    };
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
    let flag = e
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::MissingCell)
        .unwrap();
    assert!(flag
        .fields
        .iter()
        .all(|f| f.starts_with("t3.rejected.repeat.")));
    assert_eq!(int(&e, "t3.rejected.publication.total"), Some(0));
    assert!(hard(&v).is_empty(), "{v:#?}");
    assert!(!v.iter().any(|x| x.rule.starts_with("T3-")), "{v:#?}");
    let span = e.fields["t3.new.total"].span;
    assert_eq!(span.slice(&report.text), Some("6"));
}

#[test]
fn r000_prose_replies_do_not_add_up_to_the_requests() {
    let Some((report, e, v)) = load("000") else {
        return;
    };
    assert_eq!(e.meta.format, gouji::fields::Format::Prose);
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2016));
    assert_eq!(int(&e, "legacy.requests.received"), Some(17));
    assert_eq!(int(&e, "legacy.requests.letter"), Some(12));
    assert_eq!(int(&e, "legacy.requests.online"), Some(5));
    assert_eq!(int(&e, "legacy.replies.not_this_agency"), Some(12));
    assert_eq!(int(&e, "legacy.replies.refused.total"), Some(2));
    assert_eq!(int(&e, "legacy.replies.amend"), Some(1));
    assert_eq!(int(&e, "legacy.replies.granted"), Some(3));
    assert_eq!(int(&e, "legacy.review.total"), Some(1));
    assert_eq!(int(&e, "legacy.suits.total"), Some(0));
    assert_eq!(int(&e, "legacy.proactive.total"), Some(73));
    assert!(e.all_answered.is_some());
    assert_eq!(hard(&v), ["L-REPLY"]);
    let reply = &v[0];
    assert_eq!(reply.expected, Number::Int(18));
    assert_eq!(reply.actual, Number::Int(17));
    assert_eq!(reply.difference, Number::Int(1));
    // Hotline counts in the same report are not disclosure requests.
    assert!(!e
        .fields
        .values()
        .any(|f| f.value == Some(Number::Int(22802))));
    for f in e.fields.values() {
        assert!(f.span.slice(&report.text).is_some());
    }
}

#[test]
fn r001_legacy_table_with_no_requests() {
    let Some((_, e, v)) = load("001") else { return };
    assert_eq!(e.meta.format, gouji::fields::Format::LegacyTable);
    assert_eq!(int(&e, "legacy.proactive.total"), Some(873));
    assert_eq!(int(&e, "legacy.proactive.website"), Some(842));
    assert_eq!(int(&e, "legacy.proactive.wechat"), Some(31));
    assert_eq!(int(&e, "legacy.staff.total"), Some(2));
    assert_eq!(int(&e, "legacy.staff.part_time"), Some(2));
    // The table's request cell is blank; the text says none were received.
    assert_eq!(int(&e, "legacy.requests.received"), None);
    assert_eq!(
        e.text_values
            .get("legacy.requests.received")
            .and_then(|f| f.value),
        Some(Number::Int(0))
    );
    assert!(hard(&v).is_empty(), "{v:#?}");
}

#[test]
fn r002_city_prose_adds_up() {
    let Some((_, e, v)) = load("002") else { return };
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2017));
    for (id, n) in [
        ("legacy.requests.received", 145),
        ("legacy.requests.in_person", 30),
        ("legacy.requests.online", 27),
        ("legacy.requests.letter", 88),
        ("legacy.requests.completed", 145),
        ("legacy.requests.on_time", 139),
        ("legacy.requests.extended", 6),
        ("legacy.review.total", 9),
        ("legacy.review.upheld", 2),
        ("legacy.review.corrected", 3),
        ("legacy.suits.total", 41),
        ("legacy.suits.upheld", 15),
        ("legacy.suits.corrected", 7),
        ("legacy.proactive.total", 97597),
    ] {
        assert_eq!(int(&e, id), Some(n), "{id}");
    }
    assert!(hard(&v).is_empty(), "{v:#?}");
}

#[test]
fn r003_one_request() {
    let Some((_, e, v)) = load("003") else { return };
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2016));
    assert_eq!(int(&e, "legacy.requests.received"), Some(1));
    assert!(hard(&v).is_empty(), "{v:#?}");
}

#[test]
fn r004_text_and_table_agree_on_six_requests() {
    let Some((_, e, v)) = load("004") else { return };
    assert_eq!(
        e.text_values.get("t3.new.total").and_then(|f| f.value),
        Some(Number::Int(6))
    );
    assert!(!v.iter().any(|x| x.rule.starts_with("N-")), "{v:#?}");
}
