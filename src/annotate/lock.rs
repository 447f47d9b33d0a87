//! One writer per annotation set: an `flock` on a lock file in the annotation directory, which
//! also names who holds it. A second gouji opens the set read-only; a dead process holds no
//! `flock`, so its lock is taken over.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const LOCK_FILE: &str = ".gouji.lock";

/// Who holds an annotation set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    pub user: String,
    pub since: String,
}

impl Holder {
    fn me() -> Holder {
        Holder {
            pid: std::process::id(),
            host: hostname(),
            user: std::env::var("USER").unwrap_or_else(|_| "unknown".into()),
            since: super::time::now_rfc3339(),
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "{}@{} (pid {}) since {}",
            self.user, self.host, self.pid, self.since
        )
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "localhost".into())
}

/// A held lock: the lock file, open and `flock`ed. Released (the file removed, then closed,
/// which drops the `flock`) when dropped; the kernel drops the `flock` of a process that dies.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    file: File,
}

impl Lock {
    /// Makes sure this process still holds the set before it writes: the lock file at the
    /// path must still be the one it locked. When the file was removed or replaced (the
    /// directory deleted while gouji ran), the lock is taken again if no one else holds it;
    /// if another gouji does, the error names it and nothing may be written.
    pub fn check(&mut self) -> std::io::Result<()> {
        if same_file(&self.file, &self.path) {
            return Ok(());
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        match take(&self.path)? {
            Taken::Mine(file) => {
                self.file = file;
                Ok(())
            }
            Taken::Theirs(holder) => Err(std::io::Error::other(format!(
                "{}: the annotation set is now held by {}; not written, so as not to overwrite its work",
                self.path.display(),
                holder.describe()
            ))),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own file is removed; the `flock` is held until `file` closes, after this,
        // and a process that opened the removed file finds it is no longer at the path.
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The outcome of trying to lock an annotation directory.
#[derive(Debug)]
pub enum Acquired {
    Writer(Lock),
    /// Someone else holds it: open read-only.
    ReadOnly(Holder),
}

/// Locks `dir` for writing. The lock is an `flock` on the lock file, so taking it is atomic
/// however many processes try at once, and a lock whose process died is free. Temporary
/// files that dead processes left in `dir` are removed once the lock is held.
pub fn acquire(dir: &Path) -> std::io::Result<Acquired> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(LOCK_FILE);
    match take(&path)? {
        Taken::Mine(file) => {
            super::disk::remove_stale_temporaries(dir);
            Ok(Acquired::Writer(Lock { path, file }))
        }
        Taken::Theirs(holder) => Ok(Acquired::ReadOnly(holder)),
    }
}

enum Taken {
    Mine(File),
    Theirs(Holder),
}

/// How often opening and locking is tried while the file keeps being removed under us.
const ATTEMPTS: usize = 100;

fn take(path: &Path) -> std::io::Result<Taken> {
    for _ in 0..ATTEMPTS {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A symlink planted at the lock's name is refused, not followed and truncated.
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let mut file = options.open(path)?;
        if !try_flock(&file)? {
            return Ok(Taken::Theirs(read_holder(path)));
        }
        // The holder before us may have removed the file between our open and our lock:
        // then we locked a file no one else will ever look at. Start again.
        if !same_file(&file, path) {
            continue;
        }
        let me = serde_json::to_string(&Holder::me()).unwrap_or_default();
        file.set_len(0)?;
        file.write_all(me.as_bytes())?;
        file.sync_all()?;
        return Ok(Taken::Mine(file));
    }
    Err(std::io::Error::other(format!(
        "{}: could not take the lock (the file keeps being removed)",
        path.display()
    )))
}

/// Who holds the lock, as its file says. The holder writes its name just after taking the
/// lock, so an empty or half-written file is read again for a moment before giving up.
fn read_holder(path: &Path) -> Holder {
    for _ in 0..50 {
        let holder = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str::<Holder>(&t).ok());
        if let Some(h) = holder {
            return h;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    Holder {
        pid: 0,
        host: "?".into(),
        user: "another gouji".into(),
        since: "?".into(),
    }
}

/// Takes an exclusive `flock` without waiting: `false` when another open file holds it.
#[cfg(unix)]
fn try_flock(file: &File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: a valid open descriptor; flock only changes its lock.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(not(unix))]
fn try_flock(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

/// Whether `path` names the very file `file` has open (same device and inode).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_gets_read_only_and_the_first_releases() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        assert!(matches!(first, Acquired::Writer(_)));
        match acquire(dir.path()).unwrap() {
            Acquired::ReadOnly(h) => {
                assert_eq!(h.pid, std::process::id());
                assert!(h.describe().contains("pid"));
            }
            Acquired::Writer(_) => panic!("two writers"),
        }
        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists());
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Writer(_)));
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        // A child that has exited: its pid names no process.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let stale = Holder {
            pid,
            host: hostname(),
            user: "ghost".into(),
            since: "2020-01-01T00:00:00Z".into(),
        };
        std::fs::write(
            dir.path().join(LOCK_FILE),
            serde_json::to_string(&stale).unwrap(),
        )
        .unwrap();
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Writer(_)));
        // A process killed but not yet reaped (a zombie) holds nothing either.
        let mut zombie = std::process::Command::new("true").spawn().unwrap();
        let zpid = zombie.id();
        while !crate::annotate::process::is_zombie(zpid as libc::pid_t) {
            std::thread::yield_now();
        }
        let held = Holder { pid: zpid, ..stale };
        std::fs::write(
            dir.path().join(LOCK_FILE),
            serde_json::to_string(&held).unwrap(),
        )
        .unwrap();
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Writer(_)));
        zombie.wait().unwrap();
        // A lock file that is not JSON (a crash while writing it) is taken over too.
        std::fs::write(dir.path().join(LOCK_FILE), "{").unwrap();
        let taken = acquire(dir.path()).unwrap();
        assert!(matches!(taken, Acquired::Writer(_)));
    }

    #[test]
    fn racing_takeovers_of_a_stale_lock_leave_one_writer() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = serde_json::to_string(&Holder {
            pid: dead,
            host: hostname(),
            user: "ghost".into(),
            since: "2020-01-01T00:00:00Z".into(),
        })
        .unwrap();
        for round in 0..300 {
            let dir = tempfile::tempdir().unwrap();
            if round % 2 == 0 {
                std::fs::write(dir.path().join(LOCK_FILE), &stale).unwrap();
            }
            let barrier = std::sync::Barrier::new(3);
            let outcomes: Vec<Acquired> = std::thread::scope(|s| {
                let tries: Vec<_> = (0..3)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            acquire(dir.path()).unwrap()
                        })
                    })
                    .collect();
                tries.into_iter().map(|t| t.join().unwrap()).collect()
            });
            let writers = outcomes
                .iter()
                .filter(|a| matches!(a, Acquired::Writer(_)))
                .count();
            assert_eq!(writers, 1, "round {round}: {outcomes:?}");
        }
    }

    #[test]
    fn a_lock_whose_directory_was_deleted_is_checked_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let sets = dir.path().join("set");
        let Acquired::Writer(mut first) = acquire(&sets).unwrap() else {
            panic!("first is the writer");
        };
        first.check().unwrap();
        std::fs::remove_dir_all(&sets).unwrap();
        let second = acquire(&sets).unwrap();
        assert!(matches!(second, Acquired::Writer(_)), "the set looked free");
        let err = first.check().unwrap_err().to_string();
        assert!(err.contains("held by") && err.contains(LOCK_FILE), "{err}");
        // Once the other one has gone, the set is taken again.
        drop(second);
        first.check().unwrap();
        assert!(matches!(acquire(&sets).unwrap(), Acquired::ReadOnly(_)));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_lock_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let sets = dir.path().join("set");
        std::fs::create_dir(&sets).unwrap();
        std::os::unix::fs::symlink(&victim, sets.join(LOCK_FILE)).unwrap();
        assert!(acquire(&sets).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }
}
