//! `cargo bench --bench corpus`: corpus triage at scale on the 10,000 generated reports of
//! `benches/check.rs` (generated here too when absent): how soon the queue shows its first
//! rows and when every row is counted; `export` and `agree` over 10,000 annotations.

mod synth;

use std::path::{Path, PathBuf};
use std::time::Instant;

use gouji::annotate::{store, Annotation, ReportStatus};
use gouji::extract::extract;
use gouji::report::Report;
use gouji::tui::queue;

fn main() {
    let reports = 10_000u64;
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("corpus");
    let mut paths = Vec::new();
    for i in 0..reports {
        let sub = dir.join(format!("{:03}", i / 100));
        std::fs::create_dir_all(&sub).expect("dir");
        let p = sub.join(format!("r{i:05}.txt"));
        std::fs::write(&p, synth::report(i, 20_000)).expect("write");
        paths.push(p);
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);

    // The queue: first rows, then all.
    let started = Instant::now();
    let rx = queue::spawn_loader(
        paths.clone(),
        "bench".into(),
        Some(root.path().join("none")),
        None,
        threads,
    );
    let mut first = None;
    for n in 1..=paths.len() {
        rx.recv().expect("row");
        if n == 50 {
            first = Some(started.elapsed());
        }
    }
    let all = started.elapsed();
    println!(
        "queue over {reports} reports on {threads} threads: first 50 rows after {:.0} ms, all counted after {:.2} s",
        first.unwrap_or_default().as_secs_f64() * 1e3,
        all.as_secs_f64()
    );

    // 10,000 annotations, then a second annotator's copy that differs in one cell each.
    let a = root.path().join("a");
    let b = root.path().join("b");
    for (i, p) in paths.iter().enumerate() {
        let report = Report::load(p).expect("load");
        let mut ann = Annotation::from_extraction(&report, &extract(&report), "a");
        ann.set_status(ReportStatus::Done);
        store::save(&store::location(p, "a", Some(&a)), &ann).expect("save");
        if let Some(first) = ann.fields.keys().next().cloned() {
            if i % 2 == 0 {
                let _ = ann.mark_blank(&first);
            }
        }
        ann.annotator = "b".into();
        store::save(&store::location(p, "b", Some(&b)), &ann).expect("save");
    }
    let gouji = env!("CARGO_BIN_EXE_gouji");
    let gold = root.path().join("gold.jsonl");
    let t = Instant::now();
    run(
        gouji,
        &[
            "export",
            "--annotations",
            a.to_str().unwrap(),
            "-o",
            gold.to_str().unwrap(),
        ],
        root.path(),
    );
    println!(
        "export of 10,000 annotations: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    run(
        gouji,
        &["agree", "--json", a.to_str().unwrap(), b.to_str().unwrap()],
        root.path(),
    );
    println!(
        "agree over 2 × 10,000 annotations: {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

fn run(bin: &str, args: &[&str], cwd: &Path) {
    let out = std::process::Command::new(PathBuf::from(bin))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
