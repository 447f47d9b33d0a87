//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod tmux;

use std::path::PathBuf;

/// `../shared/reports` beside the checkout. When it is absent the caller skips with a printed
/// notice, except under CI (`CI` set), where its absence is a failure.
pub fn shared_reports() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reports");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI is set", dir.display());
    }
    eprintln!(
        "skipping: {} is absent (real reports are not part of this repository)",
        dir.display()
    );
    None
}

/// The shared report whose file name starts with `prefix` (`"004"`).
pub fn shared_report(prefix: &str) -> Option<PathBuf> {
    let dir = shared_reports()?;
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix));
    Some(entry.unwrap_or_else(|| panic!("no report {prefix}_* in {}", dir.display())))
}

/// Path of a file under `samples/`.
pub fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}
