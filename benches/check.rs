//! `cargo bench --bench check`: `gouji check` over a generated corpus of 10,000 synthetic
//! reports (≈200 MB): wall time and peak memory of the real binary, the ratio to
//! `grep -c 申请 -r`, and extraction time per byte as inputs grow (linearity).
//!
//! Environment: `GOUJI_BENCH_REPORTS` (default 10000), `GOUJI_BENCH_DIR` (default
//! `target/bench-corpus-<n>`; generated once and reused).

mod harness;
mod synth;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use harness::{run, REPORT_BYTES};

fn main() {
    let reports: u64 = std::env::var("GOUJI_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = std::env::var_os("GOUJI_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus-{reports}")),
        PathBuf::from,
    );
    let bytes: u64 = harness::ensure_corpus(&dir, reports)
        .iter()
        .map(|p| std::fs::metadata(p).expect("stat").len())
        .sum();
    println!(
        "corpus: {reports} reports, {:.1} MB in {}",
        bytes as f64 / 1e6,
        dir.display()
    );

    let gouji = env!("CARGO_BIN_EXE_gouji");
    let dir_arg = dir.to_str().expect("corpus path is UTF-8");
    // Warm the page cache so both commands read from memory.
    let grep = || {
        run(Command::new("grep")
            .args(["-c", "申请", "-r", dir_arg])
            .stdout(Stdio::null()))
    };
    grep();
    let (check_time, check_rss, _) = run(Command::new(gouji)
        .args(["check", "--json", dir_arg])
        .stdout(Stdio::null()));
    let (grep_time, _, _) = grep();
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

/// Extraction time per byte for one report repeated 1, 8 and 64 times, and for hostile input.
fn linearity() {
    let base = synth::report(0, REPORT_BYTES)
        + &synth::report(2, REPORT_BYTES)
        + &synth::report(3, REPORT_BYTES);
    // Patterns are compiled on first use: that one-time cost is not a per-byte one.
    report_rate("warm-up", &base);
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
