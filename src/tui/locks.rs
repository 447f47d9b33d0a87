//! The locks this session holds on annotation sets, shared by the loader, which takes them,
//! the save worker, which checks them before every write, and the watchdog, which releases
//! them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::annotate::lock::{self, Acquired};
use crate::annotate::{self, Annotation};

/// The locks held on annotation sets, by directory; shared with the save worker, which
/// checks the lock before every write, and with the watchdog, which releases them.
pub type Locks = Arc<Mutex<HashMap<PathBuf, Acquired>>>;

/// The lock of the annotation set `dir`, taken if this session does not hold it yet.
/// Returns who holds it when that is another gouji.
pub fn lock_dir(locks: &Locks, dir: &Path) -> Result<Option<String>, String> {
    let dir = &same_dir(dir);
    let mut held = locks
        .lock()
        .map_err(|_| "the lock table is poisoned".to_owned())?;
    if !held.contains_key(dir) {
        let acquired =
            lock::acquire(dir).map_err(|e| format!("{}: cannot lock: {e}", dir.display()))?;
        held.insert(dir.to_owned(), acquired);
    }
    Ok(match held.get(dir) {
        Some(Acquired::ReadOnly(holder)) => Some(holder.describe()),
        _ => None,
    })
}

/// Writes an annotation after making sure this session still holds its set: the lock file
/// may have been removed and the set taken by another gouji since it was opened.
pub fn save_locked(locks: &Locks, path: &Path, annotation: &Annotation) -> Result<(), String> {
    let dir = annotation_dir(path);
    if let Some(holder) = lock_dir(locks, &dir)? {
        return Err(format!("{}: read-only, held by {holder}", path.display()));
    }
    {
        let mut held = locks
            .lock()
            .map_err(|_| "the lock table is poisoned".to_owned())?;
        if let Some(Acquired::Writer(lock)) = held.get_mut(&same_dir(&dir)) {
            lock.check().map_err(|e| e.to_string())?;
        }
    }
    annotate::store::save(path, annotation).map_err(|e| e.to_string())
}

/// One name for a directory however it was reached (`ann`, `./ann`, its absolute path), so
/// that the session never locks one set twice.
pub fn same_dir(dir: &Path) -> PathBuf {
    dir.canonicalize()
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_owned())
}

pub fn annotation_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}
