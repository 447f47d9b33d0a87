//! The reader measured on the real reports of `../shared/real` against their gold labels,
//! as `gouji eval` measures it: the targets of the layout issue, met or failed here.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use gouji::gold::eval::{evaluate, Evaluation};
use gouji::gold::export::read_jsonl;

/// The evaluation of the real reports whose path `keep` accepts, PDFs included; every gold
/// record must have its file.
fn evaluation(keep: fn(&std::path::Path) -> bool) -> Option<Evaluation> {
    let dir = common::shared_real()?;
    let gold = read_jsonl(&dir.join("gold.jsonl")).unwrap();
    let files = gouji::corpus::find_reports(
        std::slice::from_ref(&dir),
        &gouji::corpus::report_extensions(),
    )
    .files;
    let by_sha: HashMap<String, PathBuf> = files
        .into_iter()
        .map(|p| (gouji::report::sha256_hex(&std::fs::read(&p).unwrap()), p))
        .collect();
    let missing: Vec<_> = gold
        .iter()
        .filter(|r| !by_sha.contains_key(&r.sha256))
        .map(|r| r.path.clone())
        .collect();
    assert!(
        missing.is_empty(),
        "gold records without a file: {missing:?}"
    );
    let records: Vec<_> = gold
        .into_iter()
        .filter(|r| keep(&by_sha[&r.sha256]))
        .collect();
    Some(evaluate(&records, &|r| by_sha.get(&r.sha256).cloned()))
}

fn is_pdf(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "pdf")
}

fn rate(e: &Evaluation, groups: &[&str]) -> f64 {
    let (agree, total) = groups
        .iter()
        .filter_map(|g| e.groups.get(*g))
        .fold((0, 0), |(a, t), r| (a + r.agree, t + r.total));
    // A group the reports lack (the PDFs hold no legacy table) has nothing wrong.
    if total == 0 {
        return 1.0;
    }
    agree as f64 / total as f64
}

#[test]
fn every_real_report_is_read_to_the_targets() {
    let Some(e) = evaluation(|_| true) else {
        return;
    };
    assert_targets(&e);
}

/// The PDFs alone, so their cells cannot hide among the text conversions' (which hold the same
/// tables): the page text laid out from the PDF reads to the same targets.
#[test]
fn the_real_pdfs_are_read_to_the_targets() {
    let Some(e) = evaluation(is_pdf) else {
        return;
    };
    assert_eq!(e.reports, 2, "the two real PDFs are evaluated");
    assert_targets(&e);
}

fn assert_targets(e: &Evaluation) {
    let wrong: Vec<String> = e
        .worst
        .iter()
        .flat_map(|s| {
            s.errors.iter().map(move |w| {
                format!(
                    "{} {}: {:?} → {:?} ({:?})",
                    s.path, w.field, w.extracted, w.gold, w.reading
                )
            })
        })
        .collect();
    let tables = rate(e, &["t2", "t3", "t4"]);
    assert!(
        tables >= 0.99,
        "表二/三/四 cells {tables:.4}; wrong:\n{}",
        wrong.join("\n")
    );
    let legacy = rate(e, &["legacy"]);
    assert!(
        legacy >= 0.97,
        "legacy fields {legacy:.4}; wrong:\n{}",
        wrong.join("\n")
    );
    assert_eq!(e.format.agree, e.format.total, "formats");
    assert_eq!(e.year.agree, e.year.total, "years");
    assert!(
        e.extra_violations.is_empty(),
        "false alarms {:?}",
        e.extra_violations
    );
    assert!(
        e.missed_violations.is_empty(),
        "missed {:?}",
        e.missed_violations
    );
    assert_eq!(
        e.wrong_certain,
        0,
        "wrong values marked certain:\n{}",
        wrong.join("\n")
    );
}
