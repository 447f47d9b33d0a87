//! Running one job per report on every core, printing results in input order while holding
//! only a few reports in memory at a time.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// What a job made of one file: text to print, or an error naming the file.
pub enum Outcome {
    Printed { stdout: String, failed: bool },
    Refused { stdout: String, error: String },
}

/// Totals for the exit code.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BatchTotals {
    pub reports: usize,
    pub failed: usize,
    pub refused: usize,
}

/// Runs `job` over `files` on `threads` workers and writes outcomes to `out` in file order.
/// Errors go to `err` as they are printed. Workers may run ahead of the printer only by a
/// bounded window, so memory does not grow with the corpus.
pub fn run<F>(
    files: &[PathBuf],
    threads: usize,
    job: F,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<BatchTotals>
where
    F: Fn(&PathBuf) -> Outcome + Sync,
{
    let threads = threads.clamp(1, files.len().max(1));
    let window = threads * 16;
    let next = AtomicUsize::new(0);
    let printed = AtomicUsize::new(0);
    let mut summary = BatchTotals::default();
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    std::thread::scope(|scope| -> std::io::Result<()> {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, printed, job) = (&next, &printed, &job);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                while i >= printed.load(Ordering::Acquire) + window {
                    std::thread::park_timeout(std::time::Duration::from_millis(1));
                }
                if tx.send((i, job(&files[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            while let Some(outcome) = pending.remove(&want) {
                match outcome {
                    Outcome::Printed { stdout, failed } => {
                        summary.reports += 1;
                        summary.failed += usize::from(failed);
                        out.write_all(stdout.as_bytes())?;
                    }
                    Outcome::Refused { stdout, error } => {
                        summary.refused += 1;
                        out.write_all(stdout.as_bytes())?;
                        writeln!(
                            err,
                            "gouji: {}",
                            crate::text::width::escape_controls(&error)
                        )?;
                    }
                }
                want += 1;
                printed.store(want, Ordering::Release);
            }
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_in_input_order_and_counts() {
        let files: Vec<PathBuf> = (0..200).map(|i| PathBuf::from(i.to_string())).collect();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let summary = run(
            &files,
            4,
            |p| {
                let n: usize = p.to_str().unwrap().parse().unwrap();
                if n % 50 == 7 {
                    Outcome::Refused {
                        stdout: String::new(),
                        error: format!("{n}: bad"),
                    }
                } else {
                    Outcome::Printed {
                        stdout: format!("{n}\n"),
                        failed: n % 10 == 0,
                    }
                }
            },
            &mut out,
            &mut err,
        )
        .unwrap();
        let lines: Vec<usize> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
        let expected: Vec<usize> = (0..200).filter(|n| n % 50 != 7).collect();
        assert_eq!(lines, expected);
        assert_eq!(
            summary,
            BatchTotals {
                reports: 196,
                failed: 20,
                refused: 4
            }
        );
        assert_eq!(String::from_utf8(err).unwrap().lines().count(), 4);
    }

    #[test]
    fn no_files_is_fine() {
        let summary = run(&[], 2, |_| unreachable!(), &mut Vec::new(), &mut Vec::new()).unwrap();
        assert_eq!(summary, BatchTotals::default());
    }
}
