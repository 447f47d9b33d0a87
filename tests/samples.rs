//! Every sample in `samples/`: its format, year, key values, flags and exact violations.

mod common;

use std::collections::BTreeSet;

use gouji::extract::{extract, Extraction, FlagKind};
use gouji::fields::Format;
use gouji::report::Report;
use gouji::rules::{check, fixes, Severity};
use gouji::value::Number;

struct Checked {
    report: Report,
    e: Extraction,
    rules: BTreeSet<(String, Severity)>,
}

fn sample(name: &str) -> Checked {
    let report = Report::load(&common::sample(name)).unwrap_or_else(|e| panic!("{e}"));
    let e = extract(&report);
    let rules = check(&e)
        .into_iter()
        .map(|v| (v.rule, v.severity))
        .collect();
    for (id, f) in &e.fields {
        assert!(f.span.slice(&report.text).is_some(), "{name}: {id} span");
    }
    Checked { report, e, rules }
}

impl Checked {
    fn value(&self, id: &str) -> Option<Number> {
        self.e
            .fields
            .get(id)
            .unwrap_or_else(|| panic!("{id} not extracted"))
            .value
    }

    fn is(&self, id: &str, n: i64) {
        assert_eq!(self.value(id), Some(Number::Int(n)), "{id}");
    }

    fn is_null(&self, id: &str) {
        assert_eq!(
            self.value(id),
            None,
            "{id} should be null (not reported), not 0"
        );
    }

    fn meta(&self, format: Format, year: i32, agency: &str) {
        assert_eq!(self.e.meta.format, format);
        assert_eq!(self.e.meta.year.as_ref().map(|y| y.value), Some(year));
        assert_eq!(
            self.e.meta.agency.as_ref().map(|a| a.value.as_str()),
            Some(agency)
        );
    }

    fn violations(&self, expected: &[(&str, Severity)]) {
        let want: BTreeSet<(String, Severity)> = expected
            .iter()
            .map(|(r, s)| ((*r).to_owned(), *s))
            .collect();
        assert_eq!(self.rules, want);
    }
}

const HARD: Severity = Severity::Hard;
const SOFT: Severity = Severity::Soft;

#[test]
fn clean_2021() {
    let s = sample("2021-clean.txt");
    s.meta(Format::Template2021, 2022, "青川县人民政府办公室");
    s.is("t3.new.total", 8);
    s.is("t3.new.law_firm", 1);
    s.is("t3.other.misc.law_firm", 1);
    s.is("t3.rejected.repeat.person", 1);
    s.is("t2.normative.in_force", 27);
    s.is("t2.licensing.decisions", 15);
    assert_eq!(s.value("t2.fees.amount"), Number::parse("0.35"));
    s.is("t4.review.upheld", 1);
    s.is("t4.suit_direct.pending", 1);
    assert_eq!(
        s.e.fields.keys().filter(|k| k.starts_with("t3.")).count(),
        25 * 7
    );
    assert_eq!(s.e.text_values["t3.new.total"].value, Some(Number::Int(8)));
    assert!(s.e.flags.is_empty());
    s.violations(&[]);
}

#[test]
fn t3_errors_2021_one_wrong_cell_breaks_bal_sum_and_row() {
    let s = sample("2021-t3-errors.txt");
    s.meta(Format::Template2021, 2023, "东湖区市场监督管理局");
    s.is("t3.total.person", 9);
    s.violations(&[
        ("T3-BAL[person]", HARD),
        ("T3-SUM[person]", HARD),
        ("T3-ROW[total]", HARD),
    ]);
    // The cell shared by the failing row and column sums is the first fix candidate.
    let c = fixes::candidates(&s.e, 3);
    assert_eq!(
        c[0].edits,
        vec![("t3.total.person".to_owned(), Number::Int(7))]
    );
}

#[test]
fn glued_row_and_missing_cell_2019() {
    let s = sample("2019-glued-missing.txt");
    s.meta(Format::Template2019, 2020, "南岭市自然资源局");
    s.is("t3.granted.person", 3);
    s.is("t3.granted.business", 0);
    s.is("t3.granted.total", 3);
    assert_eq!(
        s.e.fields["t3.granted.total"].raw.as_deref(),
        Some("3000003")
    );
    let flag =
        s.e.flags
            .iter()
            .find(|f| f.kind == FlagKind::MissingCell)
            .unwrap();
    assert!(flag
        .fields
        .iter()
        .all(|f| f.starts_with("t3.rejected.repeat.")));
    s.is_null("t3.rejected.repeat.total");
    s.is("t3.rejected.publication.total", 0);
    s.is("t2.licensing.change", -2);
    assert_eq!(s.value("t2.procurement.amount"), Number::parse("56.8"));
    s.violations(&[]);
}

#[test]
fn legacy_table_in_gbk() {
    let s = sample("legacy-gbk.txt");
    assert_eq!(s.report.encoding.name(), "gb18030");
    s.meta(Format::LegacyTable, 2015, "西山县教育局");
    s.is("legacy.proactive.total", 120);
    s.is("legacy.proactive.gazette", 20);
    s.is_null("legacy.proactive.weibo");
    s.is("legacy.requests.received", 5);
    s.is("legacy.replies.granted", 4);
    s.is("legacy.staff.total", 3);
    assert_eq!(s.value("legacy.budget"), Number::parse("1.5"));
    assert!(
        !s.e.unmapped.is_empty(),
        "the 新闻发布会 row has no field id and is kept"
    );
    s.violations(&[]);
}

#[test]
fn prose_replies_do_not_add_up() {
    let s = sample("prose-reply-mismatch.txt");
    s.meta(Format::Prose, 2017, "北塘区住房和城乡建设局");
    s.is("legacy.requests.received", 9);
    s.is("legacy.replies.granted", 5);
    s.is("legacy.replies.not_this_agency", 4);
    s.is("legacy.replies.amend", 1);
    s.is("legacy.review.total", 0);
    s.is("legacy.suits.total", 0);
    s.violations(&[("L-REPLY", HARD)]);
    let v = check(&s.e);
    assert_eq!(
        (v[0].expected, v[0].actual),
        (Number::Int(10), Number::Int(9))
    );
}

#[test]
fn clean_prose() {
    let s = sample("prose-clean.txt");
    s.meta(Format::Prose, 2016, "云溪市生态环境局");
    s.is("legacy.requests.received", 12);
    s.is("legacy.requests.in_person", 2);
    s.is("legacy.requests.online", 6);
    s.is("legacy.requests.letter", 4);
    s.is("legacy.requests.completed", 12);
    s.is("legacy.requests.on_time", 11);
    s.is("legacy.requests.extended", 1);
    s.is("legacy.review.total", 2);
    s.is("legacy.review.upheld", 1);
    s.is("legacy.review.corrected", 1);
    s.is("legacy.suits.total", 0);
    s.is("legacy.proactive.total", 356);
    s.violations(&[]);
}

#[test]
fn web_debris_is_ignored() {
    let s = sample("web-debris.txt");
    s.meta(Format::Template2019, 2020, "石门县人民政府办公室");
    s.is("t3.new.total", 2);
    s.is("t3.unable.not_held.person", 1);
    // Phone numbers, the 12345 hotline and the ICP number never become fields.
    for f in s.e.fields.values() {
        if let Some(Number::Int(n)) = f.value {
            assert!(n < 100, "{f:?}");
        }
    }
    assert!(s.e.unmapped.is_empty(), "{:?}", s.e.unmapped);
    s.violations(&[]);
}

#[test]
fn not_a_report_is_refused_with_its_name() {
    let err = Report::load(&common::sample("not-a-report.txt")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("not-a-report.txt") && msg.contains("binary"),
        "{msg}"
    );
}

#[test]
fn full_width_digits_placeholders_and_text_disagreeing_with_the_table() {
    let s = sample("2021-fullwidth.txt");
    s.meta(Format::Template2021, 2021, "柳江区教育局");
    s.is("t3.new.person", 3);
    assert_eq!(s.e.fields["t3.new.person"].raw.as_deref(), Some("３"));
    s.is("t3.new.total", 4);
    s.is_null("t3.new.research");
    s.is_null("t3.new.law_firm");
    s.is_null("t3.new.other_org");
    s.is_null("t2.rules.issued");
    s.is_null("t2.punishment.decisions");
    s.is("t2.licensing.decisions", 8);
    s.violations(&[("N-TEXT[t3.new.total]", SOFT)]);
}

#[test]
fn legacy_table_whose_own_sums_fail() {
    let s = sample("legacy-errors.txt");
    s.meta(Format::LegacyTable, 2014, "清河县民政局");
    s.is("legacy.requests.completed", 7);
    s.is("legacy.staff.total", 4);
    s.violations(&[
        ("L-DONE", HARD),
        ("L-STAFF", HARD),
        ("L-REFUSE", SOFT),
        ("L-CHAN", SOFT),
    ]);
}

#[test]
fn text_disagrees_and_review_total_wrong() {
    let s = sample("2020-text-mismatch.txt");
    s.meta(Format::Template2019, 2020, "石门县自然资源局");
    s.is("t3.new.total", 17);
    assert_eq!(s.e.text_values["t3.new.total"].value, Some(Number::Int(15)));
    s.is("t4.review.total", 3);
    s.violations(&[("N-TEXT[t3.new.total]", SOFT), ("T4-SUM[review]", HARD)]);
}

#[test]
fn two_column_legacy_runs_split_by_their_sums() {
    let s = sample("legacy-two-column.txt");
    s.meta(Format::LegacyTable, 2017, "桐江县卫生和计划生育委员会");
    s.is("legacy.proactive.total", 300);
    s.is("legacy.requests.received", 14);
    s.is("legacy.requests.on_time", 13);
    s.is("legacy.replies.total", 14);
    // 1236 is 1|236 or 12|36 and no sum decides: the likelier kept, marked ambiguous.
    s.is("legacy.responses.hotspots", 12);
    let hotspots = &s.e.fields["legacy.responses.hotspots"];
    assert_eq!(hotspots.reading, gouji::extract::Reading::Ambiguous);
    assert_eq!(hotspots.alternatives, vec![Number::Int(1)]);
    let flag =
        s.e.flags
            .iter()
            .find(|f| f.kind == FlagKind::GluedRun)
            .unwrap();
    assert_eq!(flag.candidates.len(), 2, "1236 is 1|236 or 12|36");
    s.violations(&[]);
}

/// Each field's printed text: what its span points at.
fn printed(s: &Checked, id: &str) -> String {
    let f = &s.e.fields[id];
    f.span.slice(&s.report.text).unwrap().to_owned()
}

#[test]
fn web_page_cells_come_from_the_markup_and_match_the_same_report_as_text() {
    let page = sample("2023-web-page.html");
    let text = sample("2021-clean.txt");
    page.meta(Format::Template2021, 2023, "南溪县市场监督管理局");
    assert_eq!(page.report.encoding.name(), "gb18030", "declared gb2312");
    assert_eq!(page.report.document(), "html");
    let values = |c: &Checked| {
        c.e.fields
            .iter()
            .map(|(id, f)| (id.clone(), f.value))
            .collect::<Vec<_>>()
    };
    // Same numbers laid out with colspan/rowspan, a layout table, script and style.
    assert_eq!(values(&page), values(&text));
    for (id, f) in &page.e.fields {
        if f.source == gouji::extract::Source::Table && f.raw.is_none() {
            assert_eq!(
                Number::parse(&printed(&page, id)),
                f.value,
                "{id}: the span points at the analyst's text"
            );
        }
    }
    assert!(page.e.flags.is_empty(), "{:?}", page.e.flags);
    page.violations(&[]);
    for hidden in ["<", "function", "color:"] {
        assert!(
            !page.report.text.contains(hidden),
            "markup or script shown: {hidden}"
        );
    }
}

#[test]
fn web_page_merged_cell_is_flagged_not_counted_twice() {
    let s = sample("2022-web-merged.htm");
    s.meta(Format::Template2019, 2022, "北岭区司法局");
    assert_eq!(
        s.report.encoding.name(),
        "utf-8",
        "valid UTF-8 wins over a stale charset=gbk"
    );
    s.is("t3.new.research", 0);
    s.is("t3.new.total", 5);
    s.is("t3.carried_over.total", 1);
    s.is_null("t3.carried_over.research");
    s.is("t3.unable.not_held.person", 2);
    s.is("t3.total.total", 6);
    s.is("t4.review.total", 0);
    let flag =
        s.e.flags
            .iter()
            .find(|f| f.kind == FlagKind::MergedCell)
            .expect("merged-cell flag");
    assert_eq!(flag.fields, ["t3.carried_over.research"]);
    assert_eq!(s.e.flags.len(), 1);
    s.violations(&[]);
}

#[test]
fn carried_forward_into_the_next_year() {
    let s = sample("2022-carry-forward.txt");
    s.meta(Format::Template2021, 2022, "南溪县市场监督管理局");
    s.is("t3.new.total", 10);
    s.is("t3.carried_forward.person", 2);
    s.is("t3.carried_forward.total", 2);
    assert_eq!(s.e.text_values["t3.new.total"].value, Some(Number::Int(10)));
    s.violations(&[]);
}
