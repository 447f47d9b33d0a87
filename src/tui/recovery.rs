//! Unsaved work survives a crash, a stop signal and a closed terminal: the annotations not yet
//! on disk are remembered as the session runs, written to this session's own recovery file
//! when gouji panics or is stopped with work unsaved, and offered back at the next start.
//!
//! An entry names its report and annotation file by absolute path and keeps the report's
//! sha256 and the annotator, so it is restored only into the annotation of the same report,
//! whatever directory the next session starts in.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::annotate::Annotation;

/// One annotation that was not on disk, and where it belongs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The report, absolute.
    pub report: PathBuf,
    /// sha256 of the report's bytes when the work was done.
    pub sha256: String,
    pub annotator: String,
    /// The annotation file, absolute.
    pub path: PathBuf,
    pub annotation: Annotation,
    /// The change count of the review it came from: a save of this generation or a later
    /// one makes the entry moot.
    #[serde(skip)]
    pub generation: u64,
}

impl Entry {
    /// Whether the report at the entry's path is still the one the work was done on.
    pub fn same_report(&self) -> Result<(), String> {
        let bytes = crate::report::read_file(&self.report, crate::report::MAX_FILE_BYTES)
            .map_err(|e| format!("{}: {e}", self.report.display()))?;
        if crate::report::sha256_hex(&bytes) == self.sha256 {
            Ok(())
        } else {
            Err(format!(
                "{}: the report changed since (sha256 differs); not restored into it",
                self.report.display()
            ))
        }
    }
}

/// What is not on disk right now, shared with the panic hook and the watchdog.
#[derive(Clone, Default)]
pub struct Unsaved(Arc<Mutex<Vec<Entry>>>);

impl Unsaved {
    /// Remembers what is not yet on disk (usually nothing: every change is saved at once).
    pub fn remember(&self, entries: Vec<Entry>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = entries;
        }
    }

    /// The entries remembered, less those a later save has written. Never waits: the panic
    /// hook may run while the event loop holds the lock.
    pub fn take(&self, saved: impl Fn(&Path, u64) -> bool) -> Vec<Entry> {
        self.0
            .try_lock()
            .map(|slot| {
                slot.iter()
                    .filter(|e| !saved(&e.path, e.generation))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Where recovery files are written and looked for: the data directory, else the config
/// directory, else a directory of this user's in `$TMPDIR` — the first that can be written.
/// Each session writes its own file, named after its process and start time, so a second
/// session never replaces the first one's.
#[derive(Clone, Debug)]
pub struct Recovery {
    pub dirs: Vec<PathBuf>,
    name: String,
}

/// A recovery file left by an earlier session, and its entries.
#[derive(Clone, Debug)]
pub struct Offer {
    pub file: PathBuf,
    pub entries: Vec<Entry>,
}

const PREFIX: &str = "recovery";

impl Recovery {
    pub fn new(dirs: Vec<PathBuf>) -> Recovery {
        static SESSIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let stamp = crate::annotate::time::now_rfc3339().replace(':', "");
        Recovery {
            dirs,
            name: format!("{PREFIX}-{}-{stamp}-{n}.json", std::process::id()),
        }
    }

    /// `$XDG_DATA_HOME/gouji`, `$XDG_CONFIG_HOME/gouji`, `$TMPDIR/gouji-<uid>`.
    pub fn default_dirs() -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        if let Some(d) = directories::ProjectDirs::from("", "", "gouji") {
            dirs.push(d.data_dir().to_owned());
            dirs.push(d.config_dir().to_owned());
        }
        dirs.push(std::env::temp_dir().join(format!("gouji-{}", user_id())));
        dirs
    }

    /// Writes `entries` to this session's recovery file in the first directory where that
    /// works, and returns the file; the error says why each directory failed.
    pub fn write(&self, entries: &[Entry]) -> Result<PathBuf, String> {
        let bytes = serde_json::to_vec_pretty(entries).map_err(|e| e.to_string())?;
        let mut failures = Vec::new();
        for dir in &self.dirs {
            let file = dir.join(&self.name);
            let written = create_private_dir(dir).and_then(|()| {
                crate::annotate::disk::replace(&crate::annotate::disk::RealDisk, &file, &bytes)
            });
            match written {
                Ok(()) => return Ok(file),
                Err(e) => failures.push(format!("{}: {e}", file.display())),
            }
        }
        Err(failures.join("; "))
    }

    /// The recovery files earlier sessions left (not those of sessions still running), with
    /// their entries. A file that cannot be read is moved aside, and the message says where.
    pub fn offers(&self) -> (Vec<Offer>, Vec<String>) {
        let mut offers = Vec::new();
        let mut messages = Vec::new();
        for dir in &self.dirs {
            // A session killed while writing its recovery file leaves a temporary file.
            crate::annotate::disk::remove_stale_temporaries(dir);
            let Ok(listing) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = listing
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_recovery_file(p) && !of_running_session(p))
                .collect();
            files.sort();
            for file in files {
                match load(&file) {
                    Ok(entries) if entries.is_empty() => {
                        set_aside(&file, "empty");
                    }
                    Ok(entries) => offers.push(Offer { file, entries }),
                    Err(e) => {
                        let aside = set_aside(&file, "unreadable");
                        messages.push(format!(
                            "recovery file unreadable ({e}); moved aside to {}",
                            aside.display()
                        ));
                    }
                }
            }
        }
        (offers, messages)
    }
}

/// `recovery.json` (older sessions) or `recovery-<pid>-<time>.json`, not one set aside.
fn is_recovery_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(PREFIX))
        .is_some_and(|rest| rest == ".json" || (rest.starts_with('-') && rest.ends_with(".json")))
}

/// A file named after a process that still runs (this one included) belongs to a session
/// still going: it may yet write it again.
fn of_running_session(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(PREFIX)?.strip_prefix('-'))
        .and_then(|rest| rest.split('-').next()?.parse::<u32>().ok())
        .is_some_and(crate::annotate::process::alive)
}

/// Creates `dir` (and its parents) for this user alone: the recovery file holds the
/// analyst's notes.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(unix)]
fn user_id() -> u32 {
    // SAFETY: getuid cannot fail.
    unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn user_id() -> u32 {
    0
}

/// The entries of a recovery file.
pub fn load(path: &Path) -> Result<Vec<Entry>, String> {
    let bytes = crate::report::read_file(path, crate::report::MAX_FILE_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{}: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Writes every entry of `offer` with `save`, which must first check that the report is
/// the same. A file all of whose entries were restored is kept as `<file>.restored-<time>`
/// (never deleted); one with failures keeps the failed entries, to be offered again.
/// Returns what could not be restored.
pub fn restore(offer: &Offer, save: impl Fn(&Entry) -> Result<(), String>) -> Vec<String> {
    let mut failed = Vec::new();
    let mut left = Vec::new();
    for entry in &offer.entries {
        if let Err(e) = entry.same_report().and_then(|()| save(entry)) {
            failed.push(e);
            left.push(entry.clone());
        }
    }
    if left.is_empty() {
        set_aside(&offer.file, "restored");
    } else if left.len() < offer.entries.len() {
        let kept = serde_json::to_vec_pretty(&left)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                crate::annotate::disk::replace(
                    &crate::annotate::disk::RealDisk,
                    &offer.file,
                    &bytes,
                )
            });
        if let Err(e) = kept {
            failed.push(format!("{}: {e}", offer.file.display()));
        }
    }
    failed
}

/// Moves a recovery file aside with a time stamp; returns where.
pub fn set_aside(path: &Path, why: &str) -> PathBuf {
    let stamp = crate::annotate::time::now_rfc3339().replace(':', "");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{why}-{stamp}"));
    let aside = path.with_file_name(name);
    let _ = std::fs::rename(path, &aside);
    aside
}
