//! The steps of an atomic replace, behind a trait so tests can make each step fail and check
//! that the old file survives every failure.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The file-system operations an atomic replace is made of.
pub trait Disk {
    fn create(&self, path: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).create_new(true).open(path)
    }
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::copy(from, to).map(|_| ())
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }
}

/// The real file system.
pub struct RealDisk;

impl Disk for RealDisk {}

/// The previous version of `path`, kept beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn temp_path(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".gouji-{}-{n}.tmp", std::process::id()))
}

/// Replaces `path` with `bytes` so that at every instant the file is either wholly the old
/// version or wholly the new one: write a temp file in the same directory, fsync it, keep
/// the old version as `<name>.bak` (itself replaced atomically), rename the temp file over
/// `path`, fsync the directory. On failure the temp files are removed and `path` is untouched.
pub fn replace(disk: &dyn Disk, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = temp_path(dir);
    let result = (|| {
        let mut file = disk.create(&tmp)?;
        disk.write(&mut file, bytes)?;
        disk.sync(&file)?;
        drop(file);
        if path.exists() {
            let bak_tmp = temp_path(dir);
            let kept = disk
                .copy(path, &bak_tmp)
                .and_then(|()| disk.rename(&bak_tmp, &backup_path(path)));
            if kept.is_err() {
                let _ = std::fs::remove_file(&bak_tmp);
            }
            kept?;
        }
        disk.rename(&tmp, path)?;
        disk.sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
        fn create(&self, path: &Path) -> io::Result<File> {
            self.step()?;
            RealDisk.create(path)
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
        fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            std::fs::copy(from, to).map(|_| ())
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            std::fs::rename(from, to)
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
}
