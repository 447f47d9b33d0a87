use std::collections::BTreeMap;

use super::*;
use crate::extract::{Extraction, FieldValue, Meta, Source};
use crate::fields::Format;
use crate::value::Span;

fn fv(value: Option<i64>) -> FieldValue {
    FieldValue {
        value: value.map(Number::Int),
        span: Span::default(),
        source: Source::Table,
        label: String::new(),
        raw: None,
        reading: crate::extract::Reading::Certain,
        alternatives: Vec::new(),
    }
}

fn extraction(format: Format, values: &[(&str, Option<i64>)]) -> Extraction {
    Extraction {
        meta: Meta {
            format,
            year: None,
            agency: None,
        },
        fields: values
            .iter()
            .map(|(id, v)| ((*id).to_owned(), fv(*v)))
            .collect(),
        text_values: BTreeMap::new(),
        unmapped: vec![],
        flags: vec![],
        all_answered: None,
    }
}

fn rules_of(e: &Extraction) -> Vec<String> {
    check(e).into_iter().map(|v| v.rule).collect()
}

/// A consistent 2019 表三 with `new` requests all granted, in the person column.
fn clean_t3(format: Format, new: i64) -> Vec<(String, Option<i64>)> {
    let mut v = Vec::new();
    for (row, _) in fields::t3_rows(format) {
        for (col, _) in fields::T3_COLUMNS {
            let n = match (row, col) {
                ("new" | "granted" | "total", "person" | "total") => new,
                _ => 0,
            };
            v.push((fields::t3_id(row, col), Some(n)));
        }
    }
    v
}

fn from_owned(format: Format, v: &[(String, Option<i64>)]) -> Extraction {
    let borrowed: Vec<(&str, Option<i64>)> = v.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    extraction(format, &borrowed)
}

fn set(v: &mut [(String, Option<i64>)], id: &str, n: Option<i64>) {
    v.iter_mut().find(|(k, _)| k == id).unwrap().1 = n;
}

#[test]
fn clean_tables_pass_in_both_formats() {
    for format in [Format::Template2019, Format::Template2021] {
        assert!(rules_of(&from_owned(format, &clean_t3(format, 6))).is_empty());
    }
}

#[test]
fn t3_bal_fails_when_out_differs_from_in() {
    let mut v = clean_t3(Format::Template2021, 12);
    set(&mut v, "t3.carried_forward.person", Some(1));
    set(&mut v, "t3.carried_forward.total", Some(1));
    let violations = check(&from_owned(Format::Template2021, &v));
    let bal = violations
        .iter()
        .find(|x| x.rule == "T3-BAL[person]")
        .unwrap();
    assert_eq!(bal.severity, Severity::Hard);
    assert_eq!(bal.expected, Number::Int(12));
    assert_eq!(bal.actual, Number::Int(13));
    assert_eq!(bal.difference, Number::Int(-1));
    assert_eq!(bal.blanks_as_zero, 0);
    assert!(
        bal.message.contains("new 12 + carried_over 0 = 12"),
        "{}",
        bal.message
    );
    assert!(bal.message.contains("off by -1"), "{}", bal.message);
    assert!(violations.iter().any(|x| x.rule == "T3-BAL[total]"));
}

#[test]
fn t3_sum_and_row_fail_on_a_wrong_cell() {
    let mut v = clean_t3(Format::Template2019, 6);
    set(&mut v, "t3.granted.person", Some(5));
    let rules = rules_of(&from_owned(Format::Template2019, &v));
    assert!(rules.contains(&"T3-SUM[person]".to_owned()), "{rules:?}");
    assert!(rules.contains(&"T3-ROW[granted]".to_owned()), "{rules:?}");
    assert!(!rules.contains(&"T3-SUM[total]".to_owned()), "{rules:?}");
}

#[test]
fn t3_sum_uses_the_2021_other_sub_rows() {
    let mut v = clean_t3(Format::Template2021, 3);
    set(&mut v, "t3.granted.person", Some(2));
    set(&mut v, "t3.other.misc.person", Some(1));
    let rules = rules_of(&from_owned(Format::Template2021, &v));
    assert!(
        !rules.iter().any(|r| r.starts_with("T3-SUM[person]")),
        "{rules:?}"
    );
}

#[test]
fn a_hybrid_2021_report_adds_its_single_other_row_into_the_sums() {
    // The 2021 form, with （六）其他处理 printed as the 2019 form's one row: 3 of 5 handled there.
    let mut v = clean_t3(Format::Template2019, 5);
    set(&mut v, "t3.granted.person", Some(2));
    set(&mut v, "t3.granted.total", Some(2));
    set(&mut v, "t3.other.person", Some(3));
    set(&mut v, "t3.other.total", Some(3));
    assert!(rules_of(&from_owned(Format::Template2021, &v)).is_empty());
    // One of the 2021 sub-rows printed as well: the 2021 sums apply, and the 3 is not counted.
    v.push(("t3.other.misc.person".to_owned(), Some(0)));
    assert!(rules_of(&from_owned(Format::Template2021, &v)).contains(&"T3-SUM[person]".to_owned()));
}

#[test]
fn a_failure_on_a_value_read_without_certainty_names_it_as_unsure() {
    let mut v = clean_t3(Format::Template2021, 5);
    set(&mut v, "t3.granted.person", Some(4));
    let mut e = from_owned(Format::Template2021, &v);
    let sum = |e: &Extraction| {
        check(e)
            .into_iter()
            .find(|v| v.rule == "T3-SUM[person]")
            .unwrap()
    };
    assert!(sum(&e).unsure_operands.is_empty(), "every operand certain");
    e.fields.get_mut("t3.granted.person").unwrap().reading = crate::extract::Reading::Ambiguous;
    assert_eq!(sum(&e).unsure_operands, ["t3.granted.person"]);
}

#[test]
fn blanks_count_as_zero_and_are_reported() {
    let mut v = clean_t3(Format::Template2019, 6);
    set(&mut v, "t3.new.business", None);
    set(&mut v, "t3.new.research", None);
    set(&mut v, "t3.new.total", Some(7));
    let violations = check(&from_owned(Format::Template2019, &v));
    let row = violations.iter().find(|x| x.rule == "T3-ROW[new]").unwrap();
    assert_eq!(row.blanks_as_zero, 2);
    assert_eq!((row.expected, row.actual), (Number::Int(6), Number::Int(7)));
    assert!(
        row.message.contains("2 blank cells counted as 0"),
        "{}",
        row.message
    );
}

#[test]
fn all_blank_operands_do_not_fire() {
    let e = extraction(
        Format::LegacyTable,
        &[
            ("legacy.requests.completed", None),
            ("legacy.requests.on_time", None),
            ("legacy.requests.extended", None),
        ],
    );
    assert!(rules_of(&e).is_empty());
}

#[test]
fn t4_sum() {
    let ok = [
        ("t4.review.upheld", Some(1)),
        ("t4.review.corrected", Some(1)),
        ("t4.review.other", Some(0)),
        ("t4.review.pending", Some(1)),
        ("t4.review.total", Some(3)),
    ];
    assert!(rules_of(&extraction(Format::Template2019, &ok)).is_empty());
    let mut bad = ok;
    bad[4].1 = Some(2);
    assert_eq!(
        rules_of(&extraction(Format::Template2019, &bad)),
        ["T4-SUM[review]"]
    );
}

#[test]
fn l_req_needs_a_channel() {
    let only_total = [("legacy.requests.received", Some(5))];
    assert!(rules_of(&extraction(Format::Prose, &only_total)).is_empty());
    let ok = [
        ("legacy.requests.received", Some(145)),
        ("legacy.requests.in_person", Some(30)),
        ("legacy.requests.online", Some(27)),
        ("legacy.requests.letter", Some(88)),
    ];
    assert!(rules_of(&extraction(Format::Prose, &ok)).is_empty());
    let mut bad = ok;
    bad[3].1 = Some(87);
    let v = check(&extraction(Format::Prose, &bad));
    assert_eq!(v[0].rule, "L-REQ");
    assert_eq!(v[0].difference, Number::Int(-1));
    // Three channels not stated at all count as 0 and say so.
    assert_eq!(v[0].blanks_as_zero, 3);
}

#[test]
fn l_done() {
    let ok = [
        ("legacy.requests.completed", Some(145)),
        ("legacy.requests.on_time", Some(139)),
        ("legacy.requests.extended", Some(6)),
    ];
    assert!(rules_of(&extraction(Format::Prose, &ok)).is_empty());
    let mut bad = ok;
    bad[2].1 = Some(5);
    assert_eq!(rules_of(&extraction(Format::Prose, &bad)), ["L-DONE"]);
}

#[test]
fn l_reply_uses_received_as_stand_in_only_when_all_were_answered() {
    let values = [
        ("legacy.requests.received", Some(17)),
        ("legacy.replies.not_this_agency", Some(12)),
        ("legacy.replies.refused.total", Some(2)),
        ("legacy.replies.amend", Some(1)),
        ("legacy.replies.granted", Some(3)),
    ];
    let mut e = extraction(Format::Prose, &values);
    assert!(
        rules_of(&e).is_empty(),
        "no reply total, no statement: no rule"
    );
    e.all_answered = Some(Span::new(0, 4));
    let v = check(&e);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, "L-REPLY");
    assert_eq!(
        (v[0].expected, v[0].actual),
        (Number::Int(18), Number::Int(17))
    );
    assert_eq!(v[0].difference, Number::Int(1));
    assert!(v[0].message.contains("stands in"), "{}", v[0].message);
    let with_total = [
        ("legacy.replies.total", Some(18)),
        values[1],
        values[2],
        values[3],
        values[4],
    ];
    assert!(rules_of(&extraction(Format::Prose, &with_total)).is_empty());
}

#[test]
fn l_refuse_is_soft() {
    let e = extraction(
        Format::LegacyTable,
        &[
            ("legacy.replies.refused.total", Some(2)),
            ("legacy.replies.refused.secret", Some(1)),
            ("legacy.replies.refused.privacy", Some(2)),
        ],
    );
    let v = check(&e);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, "L-REFUSE");
    assert_eq!(v[0].severity, Severity::Soft);
    let ok = extraction(
        Format::LegacyTable,
        &[
            ("legacy.replies.refused.total", Some(3)),
            ("legacy.replies.refused.secret", Some(1)),
            ("legacy.replies.refused.privacy", Some(2)),
        ],
    );
    assert!(check(&ok).is_empty());
}

#[test]
fn l_rev_and_l_suit_need_all_three_parts() {
    let partial = [
        ("legacy.review.total", Some(9)),
        ("legacy.review.upheld", Some(2)),
        ("legacy.review.corrected", Some(3)),
    ];
    assert!(rules_of(&extraction(Format::Prose, &partial)).is_empty());
    let full = [
        ("legacy.suits.total", Some(41)),
        ("legacy.suits.upheld", Some(15)),
        ("legacy.suits.corrected", Some(7)),
        ("legacy.suits.other", Some(19)),
    ];
    assert!(rules_of(&extraction(Format::Prose, &full)).is_empty());
    let mut bad = full;
    bad[3].1 = Some(18);
    assert_eq!(rules_of(&extraction(Format::Prose, &bad)), ["L-SUIT"]);
    let review = [
        ("legacy.review.total", Some(4)),
        ("legacy.review.upheld", Some(1)),
        ("legacy.review.corrected", Some(1)),
        ("legacy.review.other", Some(1)),
    ];
    assert_eq!(rules_of(&extraction(Format::Prose, &review)), ["L-REV"]);
}

#[test]
fn l_staff() {
    let ok = [
        ("legacy.staff.total", Some(2)),
        ("legacy.staff.full_time", None),
        ("legacy.staff.part_time", Some(2)),
    ];
    assert!(rules_of(&extraction(Format::LegacyTable, &ok)).is_empty());
    let mut bad = ok;
    bad[0].1 = Some(3);
    assert_eq!(
        rules_of(&extraction(Format::LegacyTable, &bad)),
        ["L-STAFF"]
    );
}

#[test]
fn l_chan_flags_only_a_shortfall_with_every_channel_reported() {
    let mut v = vec![
        ("legacy.proactive.total", Some(100)),
        ("legacy.proactive.gazette", Some(10)),
        ("legacy.proactive.website", Some(80)),
        ("legacy.proactive.weibo", Some(5)),
        ("legacy.proactive.wechat", Some(5)),
        ("legacy.proactive.other_channel", None),
    ];
    assert!(
        rules_of(&extraction(Format::LegacyTable, &v)).is_empty(),
        "not every channel"
    );
    v[5].1 = Some(0);
    assert!(
        rules_of(&extraction(Format::LegacyTable, &v)).is_empty(),
        "100 = 100"
    );
    v[2].1 = Some(200);
    assert!(
        rules_of(&extraction(Format::LegacyTable, &v)).is_empty(),
        "more is fine"
    );
    v[2].1 = Some(70);
    let violations = check(&extraction(Format::LegacyTable, &v));
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].rule, "L-CHAN");
    assert_eq!(violations[0].severity, Severity::Soft);
}

#[test]
fn text_disagreeing_with_table_is_a_soft_n_violation() {
    let mut e = extraction(Format::Template2019, &[("t3.new.total", Some(6))]);
    let mut stated = fv(Some(6));
    stated.source = Source::Text;
    stated.label = "收到申请6件".into();
    e.text_values.insert("t3.new.total".into(), stated.clone());
    assert!(check(&e).is_empty());
    stated.value = Some(Number::Int(7));
    e.text_values.insert("t3.new.total".into(), stated);
    let v = check(&e);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, "N-TEXT[t3.new.total]");
    assert_eq!(v[0].severity, Severity::Soft);
    assert_eq!(v[0].difference, Number::Int(-1));
}

#[test]
fn int_rejects_negative_counts_and_fractional_counts_but_allows_changes() {
    let mut e = extraction(
        Format::Template2019,
        &[
            ("t2.licensing.change", Some(-3)),
            ("t2.rules.made", Some(-1)),
        ],
    );
    assert_eq!(rules_of(&e), ["INT[t2.rules.made]"]);
    e.fields.get_mut("t2.rules.made").unwrap().value = Number::parse("1.5");
    assert_eq!(rules_of(&e), ["INT[t2.rules.made]"]);
    e.fields.get_mut("t2.rules.made").unwrap().value = Some(Number::Int(1));
    e.fields.insert("t2.procurement.amount".into(), fv(None));
    e.fields.get_mut("t2.procurement.amount").unwrap().value = Number::parse("12.5");
    assert!(rules_of(&e).is_empty());
}

#[test]
fn short_names_strip_shared_prefix_and_suffix() {
    let ids = [
        "t3.total.person",
        "t3.granted.person",
        "t3.withheld.secret.person",
    ];
    assert_eq!(
        short_names(ids.into_iter()),
        ["total", "granted", "withheld.secret"]
    );
    let ids = ["t3.new.person", "t3.new.total"];
    assert_eq!(short_names(ids.into_iter()), ["person", "total"]);
    assert_eq!(short_names(["legacy.fees"].into_iter()), ["fees"]);
}

#[test]
fn check_and_cover_gives_what_check_and_coverage_give_on_every_sample() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let Ok(report) = crate::report::Report::load(&entry.unwrap().path()) else {
            continue;
        };
        let e = crate::extract::extract(&report);
        assert_eq!(check_and_cover(&e), (check(&e), coverage(&e)));
        seen += 1;
    }
    assert!(seen > 10, "{seen} samples");
}

#[test]
fn a_total_column_left_blank_is_one_group_with_the_sum_of_its_blanks() {
    let report = crate::report::Report::from_text(
        "r.txt",
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/2021-clean.txt"
        ))
        .unwrap(),
    );
    let mut e = crate::extract::extract(&report);
    for (id, f) in e.fields.iter_mut() {
        if id.starts_with("t3.") && id.ends_with(".total") && id != "t3.total.total" {
            f.value = None;
        }
    }
    let violations = check(&e);
    let groups = blank_groups(&violations);
    assert_eq!(groups.len(), 1, "{violations:#?}");
    let rows: Vec<&str> = groups[0]
        .rows
        .iter()
        .map(|&i| violations[i].rule.as_str())
        .collect();
    assert!(
        rows.len() >= 2 && rows.iter().all(|r| r.starts_with("T3-ROW[")),
        "{rows:?}"
    );
    let also: Vec<&str> = groups[0]
        .also
        .iter()
        .map(|&i| violations[i].rule.as_str())
        .collect();
    assert_eq!(also, ["T3-SUM[total]"], "the blank column's own sum");
}
