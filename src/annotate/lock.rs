//! One writer per annotation set: a lock file in the annotation directory names who holds it.
//! A second gouji opens the set read-only; a lock left by a dead process is taken over.

use std::fs::OpenOptions;
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

    /// A holder on this machine whose process no longer exists.
    fn is_dead(&self) -> bool {
        self.host == hostname() && !process_alive(self.pid)
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "localhost".into())
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks whether the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    let exists = r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    exists && !is_zombie(pid)
}

/// A process killed but not yet reaped still answers signal 0; it holds nothing.
#[cfg(unix)]
fn is_zombie(pid: libc::pid_t) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // The state follows the command name, which is in parentheses and may hold spaces.
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next().map(|s| s == "Z"))
        })
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// A held lock; released (the file removed) when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The outcome of trying to lock an annotation directory.
#[derive(Debug)]
pub enum Acquired {
    Writer(Lock),
    /// Someone else holds it: open read-only.
    ReadOnly(Holder),
}

/// Locks `dir` for writing, taking over a lock whose process is dead.
pub fn acquire(dir: &Path) -> std::io::Result<Acquired> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(LOCK_FILE);
    for _ in 0..3 {
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let me = serde_json::to_string(&Holder::me()).unwrap_or_default();
                file.write_all(me.as_bytes())?;
                file.sync_all()?;
                return Ok(Acquired::Writer(Lock { path }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|t| serde_json::from_str::<Holder>(&t).ok());
                match holder {
                    Some(h) if !h.is_dead() => return Ok(Acquired::ReadOnly(h)),
                    // Dead or unreadable (a crash while writing it): take it over.
                    _ => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "{}: could not take the lock",
        path.display()
    )))
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
        while !is_zombie(zpid as libc::pid_t) {
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
}
