//! The real binary in tmux, as an analyst would use it: fix a wrong cell of a report whose
//! 表三 does not balance, write a Chinese note, quit, and find the work in the saved JSON;
//! reopen and find it restored.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tmux::Tmux;

fn have_tmux() -> bool {
    let ok = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("tmux is required under CI (.ci/run installs it)");
        }
        eprintln!("skipping: tmux is not installed");
    }
    ok
}

const ERRORS_SAMPLE: &str = "2021-t3-errors.txt";

/// `command` in a tmux window in `dir`, with `home` as HOME and its `.config` as the config dir.
fn session(name: &str, command: &str, dir: &Path, home: &Path) -> Tmux {
    let config = home.join(".config");
    Tmux::start(
        name,
        command,
        dir,
        &[("HOME", home), ("XDG_CONFIG_HOME", &config)],
    )
}

/// `gouji export -o gold.jsonl` in `dir`, and the gold lines it wrote.
fn export(dir: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["export", "-o", "gold.jsonl"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(dir.join("gold.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn start(name: &str, dir: &Path, home: &Path) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_gouji");
    let cmd = format!("{bin} --annotator e2e 2021-t3-errors.txt");
    session(name, &cmd, dir, home)
}

#[test]
fn fix_a_cell_write_a_note_quit_and_reopen() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::sample("2021-t3-errors.txt"),
        dir.path().join("2021-t3-errors.txt"),
    )
    .unwrap();

    let t = start("fix", dir.path(), home.path());
    t.wait_for("3 open, 3 report error");
    // The first problem selects its most suspect cell, 总计's 个人: the one the first fix
    // candidate changes.
    t.keys(&["Enter"]);
    t.wait_for("t3.total.person: value");
    t.keys(&["BSpace", "7", "Enter"]);
    t.wait_for("every rule holds");
    // `enter` moved on to the next cell of the row; back to write the note.
    t.keys(&["h", "m"]);
    t.wait_for("note on t3.total.person");
    t.type_text("核对：原表总计有误");
    t.keys(&["Enter"]);
    t.wait_until("the note is saved", |s| {
        !s.contains("note on") && s.contains("saved")
    });
    t.keys(&["q"]);
    t.wait_exit();

    let saved = dir
        .path()
        .join(".gouji/annotations/e2e/2021-t3-errors.txt.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    let cell = &json["fields"]["t3.total.person"];
    assert_eq!(cell["value"], 7);
    assert_eq!(cell["extracted"], 9);
    assert_eq!(cell["status"], "corrected");
    assert_eq!(cell["note"], "核对：原表总计有误");
    assert_eq!(json["annotator"], "e2e");
    assert_eq!(json["status"], "in_progress");

    let again = start("reopen", dir.path(), home.path());
    again.wait_for("every rule holds");
    // Nothing is open, so the cursor starts at the top: meta, ten 表二 rows, then 表三's
    // 总计 row is the 24th.
    let downs: Vec<&str> = std::iter::repeat_n("j", 34).collect();
    again.keys(&downs);
    let screen = again.wait_for("7*");
    assert!(screen.contains("（七）总计"), "{screen}");
    again.keys(&["q"]);
    again.wait_exit();
}

#[test]
fn sigterm_saves_and_exits_cleanly() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::sample("2021-t3-errors.txt"),
        dir.path().join("2021-t3-errors.txt"),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_gouji");
    let t = session(
        "term",
        &format!("exec {bin} --annotator e2e 2021-t3-errors.txt"),
        dir.path(),
        home.path(),
    );
    t.wait_for("3 open, 3 report error");
    t.keys(&["Enter", "BSpace", "7", "Enter"]);
    t.wait_for("every rule holds");
    let pid = t.pid();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    t.wait_exit();
    let saved = dir
        .path()
        .join(".gouji/annotations/e2e/2021-t3-errors.txt.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(saved).unwrap()).unwrap();
    assert_eq!(json["fields"]["t3.total.person"]["value"], 7);
    // The lock is released on a clean exit.
    assert!(!dir
        .path()
        .join(".gouji/annotations/e2e/.gouji.lock")
        .exists());
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    if !have_tmux() || !Path::new("/bin/bash").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(common::sample("2021-clean.txt"), dir.path().join("r.txt")).unwrap();
    let bin = env!("CARGO_BIN_EXE_gouji");
    // An interactive shell with job control, as an analyst has.
    let t = session(
        "suspend",
        "bash --norc --noprofile -i",
        dir.path(),
        home.path(),
    );
    t.type_text(&format!("PS1='ready> '; {bin} --annotator e2e r.txt"));
    t.keys(&["Enter"]);
    t.wait_for("every rule holds");
    t.keys(&["C-z"]);
    t.wait_for("Stopped");
    t.type_text("fg");
    t.keys(&["Enter"]);
    t.wait_for("every rule holds");
    t.keys(&["q"]);
    t.wait_until("the shell prompt", |s| s.trim_end().ends_with("ready>"));
}

#[test]
fn triage_three_reports_to_done_and_export_the_gold() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    for name in ["2021-t3-errors.txt", "2021-clean.txt", "prose-clean.txt"] {
        std::fs::copy(common::sample(name), dir.path().join(name)).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_gouji");
    let t = session(
        "triage",
        &format!("{bin} --annotator e2e ."),
        dir.path(),
        home.path(),
    );
    t.wait_for("read 3/3");
    t.wait_for("3 T3-BAL[person]");
    // The report with hard problems is first; fix it with the first candidate, mark done.
    t.keys(&["Enter"]);
    t.wait_for("3 open, 3 report error");
    t.keys(&["Enter", "BSpace", "7", "Enter"]);
    t.wait_for("every rule holds");
    // Its values are not all reviewed: `d` asks first, and only `y` marks it done.
    t.keys(&["d"]);
    t.wait_for("values unreviewed — mark done anyway? y/n");
    t.keys(&["d"]);
    t.wait_for("not marked done");
    t.keys(&["d"]);
    t.wait_for("mark done anyway? y/n");
    t.keys(&["y"]);
    t.wait_for("done 1/3");
    t.keys(&["d", "y"]);
    t.wait_for("done 2/3");
    t.keys(&["d", "y"]);
    t.wait_for("done 3/3");
    t.keys(&["Q"]);
    t.wait_for("QUEUE");
    t.keys(&["q"]);
    t.wait_exit();

    let lines = export(dir.path());
    assert_eq!(lines.len(), 3);
    assert!(lines
        .iter()
        .all(|l| l["status"] == "done" && l["annotator"] == "e2e"));
    let fixed = lines.iter().find(|l| l["id"] == "2021-t3-errors").unwrap();
    assert_eq!(fixed["fields"]["t3.total.person"]["value"], 7);
}

/// Runs gouji on a clean report under `wrapper` (`{gouji}` stands for the command), closes
/// the terminal, and waits for gouji to be gone; its lock must be gone with it.
fn close_the_terminal_under(name: &str, wrapper: &str) {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(common::sample("2021-clean.txt"), dir.path().join("r.txt")).unwrap();
    let bin = env!("CARGO_BIN_EXE_gouji");
    let marker = format!("{name}{}", std::process::id());
    let t = session(
        name,
        &wrapper.replace("{gouji}", &format!("{bin} --annotator {marker} r.txt")),
        dir.path(),
        home.path(),
    );
    t.wait_for("every rule holds");
    let lock = dir
        .path()
        .join(format!(".gouji/annotations/{marker}/.gouji.lock"));
    assert!(lock.exists());
    let pids = Command::new("pgrep")
        .args(["-f", &marker])
        .output()
        .unwrap();
    let pids: Vec<String> = String::from_utf8_lossy(&pids.stdout)
        .lines()
        .map(str::to_owned)
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/cmdline")).is_ok_and(|c| c.starts_with(bin))
        })
        .collect();
    assert_eq!(pids.len(), 1, "{pids:?}");
    t.kill_server();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while Path::new(&format!("/proc/{}", pids[0])).exists() {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", pids[0])).unwrap_or_default();
        if stat
            .rsplit_once(')')
            .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "gouji still runs after its terminal closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        !lock.exists(),
        "the lock is released when the terminal closes"
    );
}

#[test]
fn closing_the_terminal_ends_gouji() {
    if !have_tmux() || !Path::new("/proc").exists() {
        return;
    }
    // Under a shell, so gouji is not the session leader that the hangup signal goes to.
    close_the_terminal_under("hangup", "sh -c '{gouji}; true'");
}

#[test]
fn closing_the_terminal_under_a_parent_ignoring_sighup_ends_gouji() {
    if !have_tmux() || !Path::new("/proc").exists() {
        return;
    }
    // The session leader ignores the hangup and lives on: no signal reaches gouji, only
    // the terminal's end.
    close_the_terminal_under("nohup", "trap '' HUP; {gouji}; true");
}

#[test]
fn sigterm_while_not_saved_writes_a_recovery_file_that_the_next_start_restores() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(common::sample(ERRORS_SAMPLE), dir.path().join("r.txt")).unwrap();
    // The data directory cannot be created (its parent is a file): recovery falls back to
    // the config directory.
    std::fs::write(home.path().join("blocked"), "").unwrap();
    let config = home.path().join(".config");
    let data = home.path().join("blocked/data");
    let env = [
        ("HOME", home.path()),
        ("XDG_CONFIG_HOME", config.as_path()),
        ("XDG_DATA_HOME", data.as_path()),
    ];
    let bin = env!("CARGO_BIN_EXE_gouji");
    let command = format!("exec {bin} --annotator e2e --annotations ann r.txt 2>err.txt");
    let t = Tmux::start("notsaved", &command, dir.path(), &env);
    t.wait_for("3 open, 3 report error");
    // The annotation directory becomes a file: the next save fails.
    let ann = dir.path().join("ann");
    std::fs::remove_dir_all(&ann).unwrap();
    std::fs::write(&ann, "in the way").unwrap();
    t.keys(&["Enter", "BSpace", "7", "Enter"]);
    t.wait_for("NOT SAVED");
    let pid = t.pid();
    assert!(Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    t.wait_exit();
    let err = std::fs::read_to_string(dir.path().join("err.txt")).unwrap();
    let file = err
        .lines()
        .find_map(|l| l.strip_prefix("gouji: unsaved work written to "))
        .unwrap_or_else(|| panic!("stderr names the recovery file: {err:?}"));
    let file = PathBuf::from(file.split(" (").next().unwrap());
    assert!(file.starts_with(config.join("gouji")), "{}", file.display());
    let entries: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        entries[0]["annotation"]["fields"]["t3.total.person"]["value"],
        7
    );
    // The disk is back; the next start offers the work and `enter` restores it.
    std::fs::remove_file(&ann).unwrap();
    std::fs::create_dir(&ann).unwrap();
    let again = Tmux::start("restore", &command, dir.path(), &env);
    again.wait_for("unsaved work from the last session");
    again.keys(&["Enter"]);
    again.wait_for("restored unsaved work for 1 reports");
    again.keys(&["q"]);
    again.wait_exit();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ann.join("r.txt.json")).unwrap()).unwrap();
    assert_eq!(saved["fields"]["t3.total.person"]["value"], 7);
}

#[test]
fn adjudicate_two_annotators_and_export_the_settled_labels() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let report = dir.path().join("2021-t3-errors.txt");
    std::fs::copy(common::sample("2021-t3-errors.txt"), &report).unwrap();
    // li's and wang's sets where `gouji review` keeps them: beside the report.
    common::two_annotators(&dir.path().join(".gouji/annotations"), &report);
    let bin = env!("CARGO_BIN_EXE_gouji");
    let t = session(
        "adjudicate",
        &format!("{bin} adjudicate li wang 2021-t3-errors.txt"),
        dir.path(),
        home.path(),
    );
    t.wait_for("li ≠ wang: 2 of 2 disagreements left");
    t.wait_for("ADJUDICATE");
    // The first disagreement is selected: 法律服务机构's new requests, li 0, wang 2.
    t.keys(&["."]);
    t.wait_for("took wang's 2 for t3.new.law_firm");
    t.wait_for("disagreements: 1 left");
    t.keys(&["d"]);
    t.wait_for("not marked done: 1 disagreements left");
    t.keys(&[","]);
    t.wait_for("0 of 2 disagreements left");
    t.keys(&["d", "y"]);
    t.wait_for("every report is done");
    t.keys(&["q"]);
    t.wait_exit();

    let gold = export(dir.path());
    assert_eq!(gold.len(), 1, "only the adjudicated set is done: {gold:?}");
    let settled = &gold[0];
    assert_eq!(settled["annotator"], "adjudicated");
    assert_eq!(settled["fields"]["t3.new.law_firm"]["value"], 2);
    assert_eq!(settled["fields"]["t3.total.person"]["value"], 7);
    assert_eq!(settled["fields"]["t3.new.total"]["status"], "confirmed");
}

/// What `gouji check --json` says of the real reports that fail a hard rule: their path and
/// the failed rules.
fn failing_real_reports(real: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let out = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["check", "--json"])
        .arg(real)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["hard"].as_u64().is_some_and(|n| n > 0))
        .map(|r| {
            let rules = r["violations"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|v| v["severity"] == "hard")
                .map(|v| v["rule"].as_str().unwrap().to_owned())
                .collect();
            (PathBuf::from(r["path"].as_str().unwrap()), rules)
        })
        .collect()
}

/// Every real report that does not add up, reviewed to no open hard problem as an analyst
/// would: each is the report's own error (read with certainty), so it is acknowledged with a
/// note. The keystrokes are counted and printed.
#[test]
fn real_reports_that_do_not_add_up_are_acknowledged_to_zero_open_problems() {
    let Some(real) = common::shared_real() else {
        return;
    };
    if !have_tmux() {
        return;
    }
    let failing = failing_real_reports(&real);
    assert!(!failing.is_empty(), "some real report fails a hard rule");
    let bin = env!("CARGO_BIN_EXE_gouji");
    for (n, (report, rules)) in failing.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let name = report.file_name().unwrap();
        std::fs::copy(report, dir.path().join(name)).unwrap();
        let t = session(
            &format!("real{n}"),
            &format!("{bin} --annotator e2e {}", name.to_string_lossy()),
            dir.path(),
            home.path(),
        );
        // The problems pane's title counts the open hard problems of each kind.
        let open = |screen: &str| {
            screen
                .lines()
                .find(|l| l.contains(" problems: "))
                .is_some_and(|l| l.contains("report error") || l.contains("to check the reading"))
        };
        let ready = |s: &str| s.contains(" problems: ") && !s.contains("reading the tables");
        let mut screen = t.wait_until("the report is open", ready);
        assert!(
            !screen
                .lines()
                .any(|l| l.contains(" problems: ") && l.contains("to check the reading")),
            "a real report's failures are read with certainty:\n{screen}"
        );
        let mut keystrokes = 0;
        let mut rounds = 0;
        while open(&screen) {
            rounds += 1;
            assert!(rounds <= rules.len(), "no progress:\n{screen}");
            let note = "原表如此";
            t.keys(&["a"]);
            t.wait_for("why (the report itself is wrong)");
            t.type_text(note);
            t.keys(&["Enter"]);
            t.wait_until("the acknowledgement is taken", |s| {
                s.contains("acknowledged")
            });
            t.keys(&["]"]);
            keystrokes += 3 + note.chars().count();
            screen = t.wait_until("the next problem", ready);
        }
        t.keys(&["q"]);
        t.wait_exit();
        let saved = dir
            .path()
            .join(".gouji/annotations/e2e")
            .join(format!("{}.json", name.to_string_lossy()));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(saved).unwrap()).unwrap();
        for rule in rules {
            assert!(
                json["acknowledged"].get(rule).is_some(),
                "{rule} acknowledged in {}",
                name.to_string_lossy()
            );
        }
        eprintln!(
            "{}: {} hard rules failing, to zero open in {keystrokes} keystrokes ({rounds} acknowledgements)",
            name.to_string_lossy(),
            rules.len()
        );
    }
}
