//! What the batch benchmarks share: the corpus of synthetic reports, generated once and
//! reused so that runs compare the same files, and running the binary with its peak memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Bytes of one synthetic report of the corpus.
pub const REPORT_BYTES: usize = 20_000;

/// The paths of a corpus of `reports` synthetic reports in `dir`, written unless a complete
/// one is already there.
pub fn ensure_corpus(dir: &Path, reports: u64) -> Vec<PathBuf> {
    let paths: Vec<PathBuf> = (0..reports)
        .map(|i| {
            dir.join(format!("{:03}", i / 100))
                .join(format!("r{i:05}.txt"))
        })
        .collect();
    let done = dir.join(".complete");
    if !done.exists() {
        let started = Instant::now();
        for (i, p) in (0..reports).zip(&paths) {
            std::fs::create_dir_all(p.parent().expect("in a subdir")).expect("create corpus dir");
            std::fs::write(p, crate::synth::report(i, REPORT_BYTES)).expect("write report");
        }
        std::fs::write(&done, b"").expect("mark corpus complete");
        println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    }
    paths
}

/// Runs a command to its end; returns its wall time, peak RSS in KiB and whether it exited 0.
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
pub fn run(cmd: &mut Command) -> (Duration, i64, bool) {
    let started = Instant::now();
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child with valid pointers to locals.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed for {cmd:?}");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (started.elapsed(), usage.ru_maxrss, ok)
}
