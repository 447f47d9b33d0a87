//! kill -9 at random moments, many times: after each kill the annotation file parses and
//! holds every edit the screen had reported saved. (`GOUJI_KILLS` sets the count; 200 by
//! default.)

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::Tmux;

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
        eprintln!("skipping: tmux is not installed");
    }
    ok
}

/// A small deterministic generator, so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn saved_note(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the annotation file does not parse after a kill: {e}\n{text}"));
    Some(json["note"].as_str().expect("note is a string").to_owned())
}

/// Waits until process `pid` has exited: gone, or a zombie not yet reaped (its files are
/// closed by then). Without `/proc`, a short pause instead.
fn wait_exited(pid: u32) {
    let started = std::time::Instant::now();
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        std::thread::sleep(std::time::Duration::from_millis(200));
        return;
    }
    while started.elapsed() < std::time::Duration::from_secs(10) {
        let Ok(stat) = std::fs::read_to_string(proc.join(pid.to_string()).join("stat")) else {
            return;
        };
        // `pid (comm) S …`: the state follows the last `)`.
        let state = stat
            .rsplit(')')
            .next()
            .and_then(|r| r.trim_start().chars().next());
        if matches!(state, Some('Z' | 'X')) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("process {pid} still running 10 s after kill -9");
}

#[test]
fn kill_minus_9_never_loses_what_was_reported_saved() {
    if !have_tmux() {
        return;
    }
    let kills: u64 = std::env::var("GOUJI_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(common::sample("2021-clean.txt"), dir.path().join("r.txt")).unwrap();
    let annotation = dir.path().join(".gouji/annotations/k/r.txt.json");
    let bin = env!("CARGO_BIN_EXE_gouji");
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut confirmed = String::new();
    let mut reported = 0;
    for i in 0..kills {
        let t = Tmux::start(
            &format!("kill{i}"),
            &format!("exec {bin} --annotator k r.txt"),
            dir.path(),
            &[
                ("HOME", home.path()),
                ("XDG_CONFIG_HOME", &home.path().join("c")),
                ("XDG_DATA_HOME", &home.path().join("d")),
            ],
        );
        t.wait_for("saved");
        let mark = format!("k{i}.");
        t.keys(&["M"]);
        t.wait_for("note on the report");
        t.type_text(&mark);
        // The editor shows what was typed: the keys have reached gouji.
        t.wait_for(&mark);
        let moment = rng.below(3);
        let mut was_reported = false;
        match moment {
            // Kill while typing, before the note is submitted.
            0 => {}
            // Kill right after submitting, without waiting.
            1 => t.keys(&["Enter"]),
            // Kill once the screen says the note is saved.
            _ => {
                t.keys(&["Enter"]);
                // Judged on the status bar alone: `saved` with the mode back to REVIEW. A
                // frame reaches tmux in several writes, so a screen caught between them can
                // show the editor gone above a status bar still saying `saved … EDIT` from
                // before the note was submitted; cells are written in reading order, so a
                // status bar that already says REVIEW has its `saved` from the same frame.
                t.wait_until("the note saved", |s| {
                    !s.contains("note on the report")
                        && s.lines()
                            .any(|l| l.starts_with(" saved ") && l.contains(" · REVIEW · "))
                });
                was_reported = true;
            }
        }
        let pid = t.pid();
        let status = Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        // `kill` returns before the process is gone: until it has exited (a zombie has), its
        // files, the lock among them, are still open, and the next start would find the set
        // held and open it read-only.
        wait_exited(pid);
        let note = saved_note(&annotation);
        if was_reported {
            reported += 1;
            confirmed.push_str(&mark);
            let note = note.as_deref().expect("a saved note means a file");
            assert!(note.ends_with(&mark), "kill {i}: {note:?} lost {mark:?}");
        }
        if let Some(note) = note {
            // Everything confirmed before is still there, in order.
            let mut rest = note.as_str();
            for part in confirmed.split_inclusive('.') {
                let at = rest
                    .find(part)
                    .unwrap_or_else(|| panic!("kill {i}: {part:?} lost from {note:?}"));
                rest = &rest[at + part.len()..];
            }
        }
        // The dead process's lock is taken over by the next start.
        drop(t);
    }
    assert!(
        reported > kills / 5,
        "{reported} of {kills} kills came after a reported save"
    );
}
