//! The steps of an atomic replace, behind a trait so tests can make each step fail and check
//! that the old file survives every failure.
//!
//! Temporary files are created by `tempfile` with `O_EXCL` and a random name in the target's
//! directory: a name planted in advance (a symlink, a file) is never opened, let alone
//! written through. Their names carry the creating process's id, so temporaries a killed
//! process left behind can be recognised and removed.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Temporary files start with this, then the creating process's id and a `-`.
const TEMP_PREFIX: &str = ".gouji-";
const TEMP_SUFFIX: &str = ".tmp";

/// The file-system operations an atomic replace is made of.
pub trait Disk {
    /// A new, empty temporary file in `dir`, never one that existed before.
    fn create(&self, dir: &Path) -> io::Result<NamedTempFile> {
        tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)
    }
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }
    /// Copies the file at `from` into `to`; `from` is not followed if it is a symlink.
    fn copy(&self, from: &Path, to: &mut File) -> io::Result<()> {
        let mut source = open_nofollow(from)?;
        io::copy(&mut source, to).map(|_| ())
    }
    /// Renames the temporary file over `to` (a symlink at `to` is replaced, not followed).
    fn rename(&self, from: NamedTempFile, to: &Path) -> io::Result<()> {
        from.persist(to).map(|_| ()).map_err(|e| e.error)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }
}

/// The real file system.
pub struct RealDisk;

impl Disk for RealDisk {}

/// Opens `path` for reading, refusing a symlink (`ELOOP`) rather than reading its target.
pub fn open_nofollow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// The previous version of `path`, kept beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Replaces `path` with `bytes` so that at every instant the file is either wholly the old
/// version or wholly the new one: write a temp file in the same directory, fsync it, keep
/// the old version as `<name>.bak` (itself replaced atomically), rename the temp file over
/// `path`, fsync the directory. On failure the temp files are removed (dropping a
/// `NamedTempFile` deletes it) and `path` is untouched.
pub fn replace(disk: &dyn Disk, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = disk.create(dir)?;
    disk.write(tmp.as_file_mut(), bytes)?;
    disk.sync(tmp.as_file())?;
    // A symlink at `path` is replaced by the new file, not followed: its target is left as
    // it was, so there is nothing to back up.
    if path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        let mut bak = disk.create(dir)?;
        disk.copy(path, bak.as_file_mut())?;
        disk.rename(bak, &backup_path(path))?;
    }
    disk.rename(tmp, path)?;
    disk.sync_dir(dir)
}

/// Removes the temporary files in `dir` that a process no longer running left behind (a
/// `kill -9` between creating and renaming one). Only regular files and symlinks named like
/// ours are removed; a symlink is removed itself, never its target.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .filter(|n| n.ends_with(TEMP_SUFFIX))
            .and_then(|n| n.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir && !super::process::alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Fails the `n`-th operation (0-based) with an injected error.
    struct Failing {
        at: usize,
        count: Cell<usize>,
    }

    impl Failing {
        fn step(&self) -> io::Result<()> {
            let n = self.count.get();
            self.count.set(n + 1);
            if n == self.at {
                Err(io::Error::other(format!("injected failure at step {n}")))
            } else {
                Ok(())
            }
        }
    }

    impl Disk for Failing {
        fn create(&self, dir: &Path) -> io::Result<NamedTempFile> {
            self.step()?;
            RealDisk.create(dir)
        }
        fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
            self.step()?;
            // A failing write may leave half its bytes behind.
            file.write_all(&bytes[..bytes.len() / 2])?;
            self.step()?;
            file.write_all(&bytes[bytes.len() / 2..])
        }
        fn sync(&self, file: &File) -> io::Result<()> {
            self.step()?;
            file.sync_all()
        }
        fn copy(&self, from: &Path, to: &mut File) -> io::Result<()> {
            self.step()?;
            RealDisk.copy(from, to)
        }
        fn rename(&self, from: NamedTempFile, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.rename(from, to)
        }
        fn sync_dir(&self, dir: &Path) -> io::Result<()> {
            self.step()?;
            File::open(dir)?.sync_all()
        }
    }

    #[test]
    fn the_old_file_survives_a_failure_at_every_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"old version\n").unwrap();
        let mut failures = 0;
        for at in 0..20 {
            let disk = Failing {
                at,
                count: Cell::new(0),
            };
            match replace(&disk, &path, b"new version, longer than the old one\n") {
                Ok(()) => {
                    // Past the last step: the replace went through; reset for the next round.
                    assert_eq!(
                        std::fs::read(&path).unwrap(),
                        b"new version, longer than the old one\n"
                    );
                    std::fs::write(&path, b"old version\n").unwrap();
                    break;
                }
                Err(e) => {
                    failures += 1;
                    assert!(e.to_string().contains("injected"), "{e}");
                    let now = std::fs::read(&path).unwrap();
                    // Failing at the directory fsync comes after the rename: the file is
                    // wholly new. Before it, wholly old. Never anything in between.
                    assert!(
                        now == b"old version\n" || now == b"new version, longer than the old one\n",
                        "step {at}: {:?}",
                        String::from_utf8_lossy(&now)
                    );
                    std::fs::write(&path, b"old version\n").unwrap();
                }
            }
            let litter: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect();
            assert!(litter.is_empty(), "step {at}: {litter:?}");
        }
        assert!(failures >= 7, "every step was exercised ({failures})");
    }

    #[test]
    fn the_previous_version_is_kept_as_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        replace(&RealDisk, &path, b"one").unwrap();
        assert!(!backup_path(&path).exists());
        replace(&RealDisk, &path, b"two").unwrap();
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"one");
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn planted_symlinks_are_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"one").unwrap();
        // Every name the old scheme would have used, and the backup's own name, point at
        // the victim.
        let pid = std::process::id();
        for n in 0..2000 {
            std::os::unix::fs::symlink(&victim, dir.path().join(format!(".gouji-{pid}-{n}.tmp")))
                .unwrap();
        }
        std::os::unix::fs::symlink(&victim, backup_path(&path)).unwrap();
        replace(&RealDisk, &path, b"two").unwrap();
        replace(&RealDisk, &path, b"three").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let bak = backup_path(&path);
        assert!(
            bak.symlink_metadata().unwrap().is_file(),
            "the link was replaced"
        );
        assert_eq!(std::fs::read(bak).unwrap(), b"two");
        // An annotation file that is itself a symlink is replaced, its target left alone.
        let link = dir.path().join("b.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        replace(&RealDisk, &link, b"mine").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(link.symlink_metadata().unwrap().is_file());
    }

    #[test]
    fn temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!(".gouji-{dead}-x1y2z3.tmp"));
        let live = dir
            .path()
            .join(format!(".gouji-{}-a1b2c3.tmp", std::process::id()));
        let other = dir.path().join("notes.tmp");
        for p in [&stale, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        remove_stale_temporaries(dir.path());
        assert!(!stale.exists(), "a dead process's temporary is removed");
        assert!(live.exists(), "a running process's temporary is kept");
        assert!(other.exists(), "files not named like ours are kept");
    }
}
