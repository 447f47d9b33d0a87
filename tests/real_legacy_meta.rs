//! Legacy 统计表 extraction and report metadata on the shared real reports.

mod common;

use gouji::extract::{self, Extraction};
use gouji::fields::Format;
use gouji::report::Report;
use gouji::rules::{self, Severity};
use gouji::value::Number;

fn extraction(prefix: &str) -> Option<(Report, Extraction)> {
    let path = common::shared_report(prefix)?;
    let report = Report::load(&path).expect("shared report loads");
    let extraction = extract::extract(&report);
    Some((report, extraction))
}

fn assert_spans_valid(report: &Report, e: &Extraction) {
    let text = report.text.as_str();
    for (id, f) in &e.fields {
        assert!(f.span.slice(text).is_some(), "{id}: {:?}", f.span);
    }
    for r in &e.unmapped {
        assert!(r.span.slice(text).is_some(), "{}", r.label);
    }
    if let Some(y) = &e.meta.year {
        assert!(y.span.slice(text).is_some());
    }
    if let Some(a) = &e.meta.agency {
        assert_eq!(a.span.slice(text), Some(a.value.as_str()));
    }
}

#[test]
fn report_000_covers_2016_for_the_hohhot_office() {
    let Some((report, e)) = extraction("000") else {
        return;
    };
    let year = e.meta.year.as_ref().expect("year");
    assert_eq!(year.value, 2016);
    assert_eq!(year.span.slice(&report.text), Some("2016"));
    let agency = e.meta.agency.as_ref().expect("agency");
    assert!(agency.value.contains("呼和浩特"), "{}", agency.value);
    assert_eq!(e.meta.format, Format::Prose);
    assert_spans_valid(&report, &e);
}

#[test]
fn report_001_has_a_legacy_table() {
    let Some((report, e)) = extraction("001") else {
        return;
    };
    assert_eq!(e.meta.format, Format::LegacyTable);
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2016));
    let int = |i| Some(Number::Int(i));
    assert_eq!(e.value("legacy.proactive.total"), int(873));
    assert_eq!(e.value("legacy.proactive.website"), int(842));
    assert_eq!(e.value("legacy.proactive.wechat"), int(31));
    for blank in [
        "legacy.proactive.gazette",
        "legacy.proactive.weibo",
        "legacy.proactive.other_channel",
        "legacy.requests.received",
        "legacy.staff.full_time",
    ] {
        let f = e
            .fields
            .get(blank)
            .unwrap_or_else(|| panic!("{blank} present"));
        assert_eq!(f.value, None, "{blank}");
        assert!(f.span.is_empty(), "{blank}");
    }
    assert_eq!(e.value("legacy.staff.total"), int(2));
    assert_eq!(e.value("legacy.staff.part_time"), int(2));
    let total = &e.fields["legacy.proactive.total"];
    assert_eq!(total.span.slice(&report.text), Some("873"));
    assert!(e.unmapped.iter().any(|r| r.label.contains("新闻发布会")));
    assert!(e
        .meta
        .agency
        .as_ref()
        .is_some_and(|a| a.value.contains("管委会")));
    let hard: Vec<_> = rules::check(&e)
        .into_iter()
        .filter(|v| v.severity == Severity::Hard)
        .collect();
    assert!(hard.is_empty(), "{hard:#?}");
    assert_spans_valid(&report, &e);
}

#[test]
fn report_002_covers_2017() {
    let Some((report, e)) = extraction("002") else {
        return;
    };
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2017));
    assert!(
        !e.fields.keys().any(|k| k.starts_with("legacy.")) || e.meta.format != Format::LegacyTable,
        "a mention of a 统计表 file is no table"
    );
    assert_eq!(e.meta.format, Format::Prose);
    assert_spans_valid(&report, &e);
}

#[test]
fn report_003_covers_2016_for_the_economic_commission() {
    let Some((report, e)) = extraction("003") else {
        return;
    };
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2016));
    let agency = e.meta.agency.as_ref().expect("agency");
    assert!(agency.value.contains("经信委"), "{}", agency.value);
    assert_spans_valid(&report, &e);
}

#[test]
fn report_004_covers_2020_for_ulanqab() {
    let Some((report, e)) = extraction("004") else {
        return;
    };
    assert_eq!(e.meta.year.as_ref().map(|y| y.value), Some(2020));
    let agency = e.meta.agency.as_ref().expect("agency");
    assert!(agency.value.contains("乌兰察布"), "{}", agency.value);
    assert!(gouji::extract::legacy::extract(&report.text)
        .fields
        .is_empty());
    assert_spans_valid(&report, &e);
}

#[test]
fn only_001_has_a_legacy_table() {
    for prefix in ["000", "002", "003", "004"] {
        let Some(path) = common::shared_report(prefix) else {
            return;
        };
        let report = Report::load(&path).expect("loads");
        let found = gouji::extract::legacy::extract(&report.text);
        assert!(
            found.fields.is_empty(),
            "{prefix}: {:?}",
            found.fields.keys()
        );
    }
}
