//! `cargo bench --bench check`: `gouji check` over a generated corpus of 10,000 synthetic
//! reports (≈200 MB): wall time and peak memory of the real binary, the ratio to
//! `grep -c 申请 -r`, and extraction time per byte as inputs grow (linearity).
//!
//! Environment: `GOUJI_BENCH_REPORTS` (default 10000), `GOUJI_BENCH_DIR` (default
//! `target/bench-corpus-<n>`; generated once and reused).

mod synth;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPORT_BYTES: usize = 20_000;

fn main() {
    let reports: u64 = std::env::var("GOUJI_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = std::env::var_os("GOUJI_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus-{reports}")),
        PathBuf::from,
    );
    let bytes = ensure_corpus(&dir, reports);
    println!(
        "corpus: {reports} reports, {:.1} MB in {}",
        bytes as f64 / 1e6,
        dir.display()
    );

    let gouji = env!("CARGO_BIN_EXE_gouji");
    let dir_arg = dir.to_str().expect("corpus path is UTF-8");
    // Warm the page cache so both commands read from memory.
    let _ = run(Command::new("grep").args(["-c", "申请", "-r", dir_arg]));
    let (check_time, check_rss) = run(Command::new(gouji).args(["check", "--json", dir_arg]));
    let (grep_time, _) = run(Command::new("grep").args(["-c", "申请", "-r", dir_arg]));
    println!(
        "gouji check --json: {:.2} s, peak RSS {:.1} MB, {:.0} MB/s",
        check_time.as_secs_f64(),
        check_rss as f64 / 1024.0,
        bytes as f64 / 1e6 / check_time.as_secs_f64()
    );
    println!(
        "grep -c 申请 -r:     {:.2} s; gouji/grep = {:.1}×",
        grep_time.as_secs_f64(),
        check_time.as_secs_f64() / grep_time.as_secs_f64()
    );
    linearity();
}

/// Writes the corpus unless a complete one is already there; returns its size in bytes.
fn ensure_corpus(dir: &Path, reports: u64) -> u64 {
    let done = dir.join(".complete");
    if !done.exists() {
        let started = Instant::now();
        std::fs::create_dir_all(dir).expect("create corpus dir");
        for i in 0..reports {
            let sub = dir.join(format!("{:03}", i / 100));
            std::fs::create_dir_all(&sub).expect("create corpus subdir");
            std::fs::write(
                sub.join(format!("r{i:05}.txt")),
                synth::report(i, REPORT_BYTES),
            )
            .expect("write report");
        }
        std::fs::write(&done, b"").expect("mark corpus complete");
        println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    }
    walkdir_size(dir)
}

fn walkdir_size(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("read corpus dir").flatten() {
        let meta = entry.metadata().expect("stat");
        total += if meta.is_dir() {
            walkdir_size(&entry.path())
        } else {
            meta.len()
        };
    }
    total
}

/// Runs a command with stdout discarded; returns its wall time and peak RSS in KiB.
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn run(cmd: &mut Command) -> (Duration, i64) {
    let started = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child with valid pointers to locals.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed for {cmd:?}");
    (started.elapsed(), usage.ru_maxrss)
}

/// Extraction time per byte for one report repeated 1, 8 and 64 times, and for hostile input.
fn linearity() {
    let base = synth::report(0, REPORT_BYTES)
        + &synth::report(2, REPORT_BYTES)
        + &synth::report(3, REPORT_BYTES);
    for k in [1, 8, 64] {
        let text = base.repeat(k);
        report_rate(&format!("synthetic ×{k}"), &text);
    }
    report_rate("10^6 '|'", &"|".repeat(1_000_000));
    report_rate("1 MB single line", &"收到申请1件，".repeat(1_000_000 / 18));
    report_rate(
        "40-digit cells",
        &"1234567890123456789012345678901234567890 |\n".repeat(20_000),
    );
}

fn report_rate(name: &str, text: &str) {
    let report = gouji::report::Report::from_text("bench.txt", text);
    let started = Instant::now();
    let extraction = gouji::extract::extract(&report);
    let violations = gouji::rules::check(&extraction);
    let elapsed = started.elapsed();
    println!(
        "extract+check {name:>18}: {:>8.2} MB in {:>8.1} ms = {:>6.1} ns/byte ({} fields, {} violations)",
        text.len() as f64 / 1e6,
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_nanos() as f64 / text.len() as f64,
        extraction.fields.len(),
        violations.len()
    );
}
