use std::path::Path;

use super::store::{self, location, sanitize};
use super::*;
use crate::extract::extract;
use crate::report::Report;
use crate::rules;
use crate::value::Number;

/// A small legacy-table report whose staff total is wrong (3 ≠ 1 + 1).
const REPORT: &str = "青川县2015年政府信息公开工作年度报告\n附件\n政府信息公开情况统计表\n统 计 指 标 | 单位 | 统计数 |\n（三）从事政府信息公开工作人员数 | 人 | 3 |\n1.专职人员数 | 人 | 1 |\n2.兼职人员数 | 人 | 1 |\n";

fn fixture() -> (Report, crate::extract::Extraction, Annotation) {
    let report = Report::from_text("samples/q.txt", REPORT);
    let extraction = extract(&report);
    let annotation = Annotation::from_extraction(&report, &extraction, "li");
    (report, extraction, annotation)
}

#[test]
fn a_fresh_annotation_mirrors_the_extraction() {
    let (report, extraction, a) = fixture();
    assert_eq!(a.schema_version, SCHEMA_VERSION);
    assert_eq!(a.report.sha256, report.sha256);
    assert_eq!(a.status, ReportStatus::Todo);
    assert_eq!(a.fields.len(), extraction.fields.len());
    let staff = &a.fields["legacy.staff.total"];
    assert_eq!(staff.value, Some(Number::Int(3)));
    assert_eq!(staff.status, FieldStatus::Unreviewed);
}

#[test]
fn edits_set_statuses_and_are_validated_by_kind() {
    let (_, _, mut a) = fixture();
    a.set_value("legacy.staff.total", Some(Number::Int(2)))
        .unwrap();
    assert_eq!(
        a.fields["legacy.staff.total"].status,
        FieldStatus::Corrected
    );
    assert_eq!(
        a.fields["legacy.staff.total"].extracted,
        Some(Number::Int(3))
    );
    a.set_value("legacy.staff.total", Some(Number::Int(3)))
        .unwrap();
    assert_eq!(
        a.fields["legacy.staff.total"].status,
        FieldStatus::Confirmed
    );
    assert!(a
        .set_value("legacy.staff.total", Some(Number::Int(-1)))
        .is_err());
    assert!(a
        .set_value("legacy.staff.total", Number::parse("1.5"))
        .is_err());
    assert!(a.set_value("legacy.fees", Number::parse("12.5")).is_ok());
    assert!(a
        .set_value("t2.licensing.change", Some(Number::Int(-3)))
        .is_ok());
    assert!(a.set_value("no.such.field", Some(Number::Int(1))).is_err());
    a.mark_absent("legacy.staff.full_time").unwrap();
    assert_eq!(a.fields["legacy.staff.full_time"].value, None);
    a.mark_blank("legacy.staff.part_time").unwrap();
    assert_eq!(
        a.fields["legacy.staff.part_time"].status,
        FieldStatus::Blank
    );
    a.confirm("legacy.fees").unwrap();
    a.acknowledge("L-STAFF", "原表人数合计有误");
    assert_eq!(a.acknowledged["L-STAFF"].note, "原表人数合计有误");
    a.unacknowledge("L-STAFF");
    assert!(a.acknowledged.is_empty());
    a.set_note("第二行\n备注");
    a.set_field_note("legacy.fees", "单位万元").unwrap();
    a.set_span("legacy.fees", crate::value::Span::new(0, 3), REPORT)
        .unwrap();
    assert_eq!(
        a.fields["legacy.fees"].span,
        Some(crate::value::Span::new(0, 3))
    );
    assert_eq!(a.fields["legacy.fees"].evidence, "青");
}

#[test]
fn effective_values_rerun_the_rules() {
    let (_, extraction, mut a) = fixture();
    let names = |a: &Annotation| -> Vec<String> {
        rules::check(&a.effective(&extraction))
            .into_iter()
            .map(|v| v.rule)
            .collect()
    };
    assert_eq!(names(&a), ["L-STAFF"]);
    a.set_value("legacy.staff.total", Some(Number::Int(2)))
        .unwrap();
    assert!(names(&a).is_empty());
    a.mark_absent("legacy.staff.total").unwrap();
    assert!(!a
        .effective(&extraction)
        .fields
        .contains_key("legacy.staff.total"));
}

#[test]
fn save_and_load_round_trip_with_stable_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, mut a) = fixture();
    a.set_value("legacy.staff.total", Some(Number::Int(2)))
        .unwrap();
    let path = dir.path().join("sub/q.txt.json");
    store::save(&path, &a).unwrap();
    let first = std::fs::read(&path).unwrap();
    store::save(&path, &a).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        first,
        "same annotation, same bytes"
    );
    assert!(first.ends_with(b"}\n"));
    let text = String::from_utf8(first).unwrap();
    let order: Vec<usize> = [
        "\"schema_version\"",
        "\"report\"",
        "\"annotator\"",
        "\"fields\"",
        "\"acknowledged\"",
    ]
    .iter()
    .map(|k| text.find(k).unwrap())
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "key order is the declared order"
    );
    assert_eq!(store::load(&path).unwrap(), Some(a));
    // No temporary files are left behind: the file and its previous version only.
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["q.txt.json", "q.txt.json.bak"]);
    assert_eq!(store::load(&dir.path().join("none.json")).unwrap(), None);
}

#[test]
fn unreadable_files_are_reported_with_line_and_column_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, a) = fixture();
    let path = dir.path().join("q.txt.json");
    let corrupt = b"{\n  \"schema_version\": 1,\n  \"report\": oops\n}\n";
    std::fs::write(&path, corrupt).unwrap();
    let e = store::load(&path).unwrap_err().to_string();
    assert!(
        e.contains("q.txt.json") && e.contains("line 3") && e.contains("column"),
        "{e}"
    );
    let refused = store::save(&path, &a).unwrap_err().to_string();
    assert!(refused.contains("not overwritten"), "{refused}");
    assert_eq!(std::fs::read(&path).unwrap(), corrupt);

    let mut future = serde_json::to_value(&a).unwrap();
    future["schema_version"] = 99.into();
    std::fs::write(&path, serde_json::to_string(&future).unwrap()).unwrap();
    let e = store::load(&path).unwrap_err().to_string();
    assert!(e.contains("schema_version 99"), "{e}");

    let mut wrong = serde_json::to_value(&a).unwrap();
    wrong["status"] = "finished".into();
    std::fs::write(&path, serde_json::to_string_pretty(&wrong).unwrap()).unwrap();
    let e = store::load(&path).unwrap_err().to_string();
    assert!(e.contains("line") && e.contains("finished"), "{e}");
}

#[test]
fn locations_and_annotator_names() {
    assert_eq!(
        location(Path::new("samples/a.txt"), "li", None),
        Path::new("samples/.gouji/annotations/li/a.txt.json")
    );
    assert_eq!(
        location(
            Path::new("samples/a.txt"),
            "li",
            Some(Path::new("/tmp/ann"))
        ),
        Path::new("/tmp/ann/a.txt.json")
    );
    assert_eq!(sanitize("../../etc"), "_.._etc");
    assert_eq!(sanitize(""), "anonymous");
    assert_eq!(sanitize("王 五"), "王_五");
    let cfg = config::Config {
        annotator: Some("from-config".into()),
        ..Default::default()
    };
    assert_eq!(config::annotator(Some("cli"), &cfg), "cli");
    assert_eq!(config::annotator(None, &cfg), "from-config");
}

#[test]
fn config_errors_name_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        config::Config::load(Some(dir.path())).unwrap(),
        config::Config::default()
    );
    std::fs::write(
        dir.path().join("config.json"),
        "{\"annotator\": \"li\",\n \"colour\": 1}",
    )
    .unwrap();
    let e = config::Config::load(Some(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("config.json") && e.contains("line 2"), "{e}");
    std::fs::write(
        dir.path().join("config.json"),
        "{\"annotator\": \"li\", \"keymap\": \"vim\"}",
    )
    .unwrap();
    let c = config::Config::load(Some(dir.path())).unwrap();
    assert_eq!(c.keymap.as_deref(), Some("vim"));
    assert_eq!(c.after_enter, config::AfterEnter::NextCell);
    std::fs::write(
        dir.path().join("config.json"),
        "{\"after_enter\": \"stay\"}",
    )
    .unwrap();
    let c = config::Config::load(Some(dir.path())).unwrap();
    assert_eq!(c.after_enter, config::AfterEnter::Stay);
}

#[test]
fn spans_are_reanchored_in_a_changed_report_and_lost_ones_marked_stale() {
    let (report, _, mut a) = fixture();
    let old = a.fields["legacy.staff.total"].span.unwrap();
    assert_eq!(&REPORT[old.range()], "3");
    // A line inserted above moves every span; the staff row's evidence is found again.
    let changed = REPORT.replace("附件\n", "附件\n（本表已于次年更新）\n");
    let r = a.reanchor(&changed);
    let new = a.fields["legacy.staff.total"].span.unwrap();
    assert_eq!(&changed[new.range()], "3");
    assert_eq!(new.start, old.start + "（本表已于次年更新）\n".len());
    assert!(r.moved >= 3 && r.stale == 0, "{r:?}");
    // Evidence that is gone is marked stale; the value is kept.
    let gone = changed.replace("| 人 | 3 |", "| 人 | |");
    let r = a.reanchor(&gone);
    assert_eq!(r.stale, 1);
    let label = &a.fields["legacy.staff.total"];
    assert!(label.stale && label.span.is_none());
    assert_eq!(label.value, Some(Number::Int(3)));
    // Unchanged text changes nothing.
    let mut b = Annotation::from_extraction(&report, &extract(&report), "li");
    assert_eq!(b.reanchor(&report.text), Default::default());
}
