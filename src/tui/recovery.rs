//! Unsaved work survives a crash: the annotations not yet on disk are remembered as the
//! session runs, written to a recovery file if gouji panics, and offered back at the next
//! start.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::annotate::Annotation;

use super::app::App;

/// One annotation that was not on disk, and where it belongs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: PathBuf,
    pub annotation: Annotation,
}

static UNSAVED: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// `$XDG_DATA_HOME/gouji/recovery.json`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gouji").map(|d| d.data_dir().join("recovery.json"))
}

/// Remembers what is not yet on disk (usually nothing: every change is saved at once).
pub fn remember(app: &App) {
    let unsaved: Vec<Entry> = app
        .reviews
        .values()
        .filter(|r| !r.is_saved())
        .map(|r| Entry {
            path: r.annotation_path.clone(),
            annotation: r.annotation.clone(),
        })
        .collect();
    if let Ok(mut slot) = UNSAVED.lock() {
        *slot = unsaved;
    }
}

/// Nothing is unsaved any more.
pub fn clear() {
    if let Ok(mut slot) = UNSAVED.lock() {
        slot.clear();
    }
}

/// Writes what was unsaved, if anything, to `path`: from the panic hook, and when the
/// terminal or a signal ends the session.
pub fn write_unsaved(path: &Path) {
    let Ok(slot) = UNSAVED.try_lock() else { return };
    if slot.is_empty() {
        return;
    }
    let _ = write(path, &slot);
}

pub fn write(path: &Path, entries: &[Entry]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let bytes = serde_json::to_vec_pretty(entries).map_err(std::io::Error::other)?;
    crate::annotate::disk::replace(&crate::annotate::disk::RealDisk, path, &bytes)
}

/// The entries of a recovery file, if there is one.
pub fn load(path: &Path) -> Result<Option<Vec<Entry>>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
            format!(
                "{}: line {}, column {}: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Writes every entry to its annotation file; the recovery file is then kept as
/// `recovery.json.restored-<time>` (never deleted). Returns what could not be written.
pub fn restore(path: &Path, entries: &[Entry]) -> Vec<String> {
    let failed: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            crate::annotate::store::save(&e.path, &e.annotation)
                .err()
                .map(|err| err.to_string())
        })
        .collect();
    set_aside(path, "restored");
    failed
}

/// Moves the recovery file aside with a time stamp.
pub fn set_aside(path: &Path, why: &str) {
    let stamp = crate::annotate::time::now_rfc3339().replace(':', "");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{why}-{stamp}"));
    let _ = std::fs::rename(path, path.with_file_name(name));
}
