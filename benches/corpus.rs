//! `cargo bench --bench corpus`: corpus triage at scale on the 10,000 generated reports of
//! `benches/check.rs`: how soon the queue shows its first rows and when every row is
//! counted; `export` and `agree` over 10,000 annotations, with their peak memory.
//!
//! The reports (`target/bench-corpus-10000`) and the annotations of them
//! (`target/bench-corpus-10000-annotations`) are generated once and reused, so the outputs
//! left there, `gold.jsonl` and `agree.json`, can be compared between runs.

mod harness;
mod synth;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use gouji::annotate::{store, Annotation, ReportStatus};
use gouji::extract::extract;
use gouji::report::Report;
use gouji::tui::loader;

fn main() {
    let reports = 10_000u64;
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let paths = harness::ensure_corpus(&target.join(format!("bench-corpus-{reports}")), reports);
    let work = target.join(format!("bench-corpus-{reports}-annotations"));
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);

    // The queue: first rows, then all.
    let started = Instant::now();
    let rx = loader::spawn_loader(
        paths.clone(),
        store::Locations::new("bench", Some(&work.join("none")), &[]),
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

    let (a, b) = ensure_annotations(&work, &paths);
    let gouji = env!("CARGO_BIN_EXE_gouji");
    let gold = work.join("gold.jsonl");
    let (time, rss, ok) = harness::run(Command::new(gouji).args([
        "export".as_ref(),
        "--annotations".as_ref(),
        a.as_os_str(),
        "-o".as_ref(),
        gold.as_os_str(),
    ]));
    assert!(ok, "export failed");
    println!(
        "export of 10,000 annotations: {:.2} s, peak RSS {:.0} MB",
        time.as_secs_f64(),
        rss as f64 / 1024.0
    );
    let out = std::fs::File::create(work.join("agree.json")).expect("agree output");
    let (time, rss, ok) = harness::run(
        Command::new(gouji)
            .args([
                "agree".as_ref(),
                "--json".as_ref(),
                a.as_os_str(),
                b.as_os_str(),
            ])
            .stdout(Stdio::from(out)),
    );
    assert!(ok, "agree failed");
    println!(
        "agree over 2 × 10,000 annotations: {:.2} s, peak RSS {:.0} MB",
        time.as_secs_f64(),
        rss as f64 / 1024.0
    );
    println!("outputs in {}", work.display());
}

/// Two annotators' sets of every report, written unless complete: `a` finished each one as
/// extracted, `b` is `a`'s copy with the first cell of every second report marked blank.
fn ensure_annotations(work: &Path, paths: &[PathBuf]) -> (PathBuf, PathBuf) {
    let (a, b) = (work.join("a"), work.join("b"));
    let done = work.join(".complete");
    if !done.exists() {
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
        std::fs::write(&done, b"").expect("mark annotations complete");
    }
    (a, b)
}
