//! The batch commands as a script would run them: output, JSON contract, exit codes.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

fn gouji(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A small legacy 统计表 report of our own; `staff` is printed as the total of 1 + 1.
fn legacy(staff: u32) -> String {
    format!(
        "青川县审计局2014年政府信息公开工作年度报告\n附件\n政府信息公开情况统计表\n统 计 指 标 | 单位 | 统计数 |\n（一）主动公开政府信息数 | 条 | 40 |\n（三）从事政府信息公开工作人员数 | 人 | {staff} |\n1.专职人员数 | 人 | 1 |\n2.兼职人员数 | 人 | 1 |\n"
    )
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
    std::fs::write(dir.path().join("a.txt"), legacy(2)).unwrap();
    std::fs::write(dir.path().join("b/c/d.txt"), legacy(2)).unwrap();
    std::fs::write(dir.path().join("b/skip.md"), legacy(2)).unwrap();
    dir
}

#[test]
fn check_walks_directories_in_order_and_exits_0_when_all_hold() {
    let dir = corpus();
    let o = gouji(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("./a.txt\tlegacy-table\t2014\tok"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("./b/c/d.txt"));
    let with_md = gouji(&["check", "--ext", "txt,md", "."], dir.path());
    assert_eq!(stdout(&with_md).lines().count(), 3);
}

#[test]
fn a_failed_hard_rule_exits_1_and_is_named() {
    let dir = corpus();
    std::fs::write(dir.path().join("a.txt"), legacy(3)).unwrap();
    let o = gouji(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("FAIL 1 hard: L-STAFF"),
        "{}",
        stdout(&o)
    );
    let json = gouji(&["check", "--json", "a.txt"], dir.path());
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&json).trim()).unwrap();
    for key in [
        "path",
        "sha256",
        "format",
        "year",
        "agency",
        "hard",
        "soft",
        "flags",
        "violations",
    ] {
        assert!(v.get(key).is_some(), "{key} missing in {v}");
    }
    assert_eq!(v["hard"], 1);
    let violation = &v["violations"][0];
    assert_eq!(violation["rule"], "L-STAFF");
    assert_eq!(violation["severity"], "hard");
    assert_eq!(violation["expected"], 2);
    assert_eq!(violation["actual"], 3);
    assert_eq!(violation["difference"], -1);
    assert_eq!(violation["blanks_as_zero"], 0);
    assert!(violation["message"].as_str().unwrap().contains("off by -1"));
}

#[test]
fn a_reader_that_stops_early_ends_the_check_quietly_with_0() {
    // As `gouji check . | head -1` once head has its line: the pipe is closed before gouji
    // writes, so every write fails with EPIPE. A failed rule would otherwise exit 1.
    let dir = corpus();
    std::fs::write(dir.path().join("a.txt"), legacy(3)).unwrap();
    for args in [
        &["check", "."][..],
        &["check", "--json", "."],
        &["extract", "."],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gouji"))
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

#[test]
fn files_that_are_not_reports_exit_2_and_the_rest_are_still_checked() {
    let dir = corpus();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::write(dir.path().join("binary.txt"), b"\x89PNG\x00\x01\x02").unwrap();
    std::fs::write(dir.path().join("garbage.txt"), b"ok \xFF\xFF\xFF").unwrap();
    let o = gouji(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for name in ["empty.txt", "binary.txt", "garbage.txt"] {
        assert_eq!(err.matches(name).count(), 1, "{name} in {err}");
    }
    assert!(stdout(&o).contains("./a.txt\tlegacy-table"));
    let json = gouji(&["check", "--json", "."], dir.path());
    let errors: Vec<serde_json::Value> = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 3);
    let missing = gouji(&["check", "no-such-dir"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-dir"));
}

#[test]
fn extract_prints_the_contract_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = legacy(2);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let files: [(&str, Vec<u8>, &str); 4] = [
        ("u8.txt", text.as_bytes().to_vec(), "utf-8"),
        ("bom.txt", bom, "utf-8-bom"),
        ("gbk.txt", gbk.into_owned(), "gb18030"),
        ("u16.txt", utf16, "utf-16le"),
    ];
    for (name, bytes, encoding) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = gouji(&["extract", name], dir.path());
        assert_eq!(o.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(v["encoding"], *encoding);
        assert_eq!(v["sha256"], format!("{:x}", Sha256::digest(bytes)));
        assert_eq!(v["format"], "legacy-table");
        assert_eq!(v["year"], 2014);
        let staff = &v["fields"]["legacy.staff.total"];
        assert_eq!(staff["value"], 2);
        assert_eq!(staff["source"], "table");
        assert!(staff["label"].as_str().unwrap().contains("工作人员数"));
        let span: Vec<usize> = serde_json::from_value(staff["span"].clone()).unwrap();
        assert_eq!(&text[span[0]..span[1]], "2");
        for key in ["unmapped", "flags", "violations", "text_values"] {
            assert!(v[key].is_array() || v[key].is_object(), "{key}");
        }
    }
    let pretty = gouji(&["extract", "--pretty", "u8.txt"], dir.path());
    assert!(stdout(&pretty).lines().count() > 10);
    serde_json::from_str::<serde_json::Value>(&stdout(&pretty)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_a_warning_not_followed_forever() {
    let dir = corpus();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("b/loop")).unwrap();
    let o = gouji(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "every file is a report");
    assert!(
        stderr(&o).contains("warning: ./b/loop: symlink loop, not followed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn the_real_reports_check_without_refusals() {
    let Some(dir) = common::shared_reports() else {
        return;
    };
    let o = gouji(&["check", dir.to_str().unwrap()], Path::new("."));
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().filter(|l| !l.starts_with("  ")).count(),
        5
    );
}

#[test]
fn the_samples_check_as_documented() {
    let o = gouji(&["check", "samples"], Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(o.status.code(), Some(2), "not-a-report.txt is refused");
    let out = stdout(&o);
    assert!(
        out.contains("samples/2021-t3-errors.txt\ttemplate-2021\t2023\tFAIL 3 hard"),
        "{out}"
    );
    assert!(
        out.contains("samples/2021-clean.txt\ttemplate-2021\t2022\tok"),
        "{out}"
    );
}

#[test]
fn check_links_one_agencys_consecutive_years_by_x_carry_after_the_reports() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let dir = tempfile::tempdir().unwrap();
    for name in ["2022-carry-forward.txt", "2023-web-page.html"] {
        std::fs::copy(samples.join(name), dir.path().join(name)).unwrap();
    }
    let alone = gouji(&["check", "2022-carry-forward.txt"], dir.path());
    assert!(
        !stdout(&alone).contains("X-CARRY"),
        "one report links to nothing"
    );

    let text = gouji(&["check", "."], dir.path());
    let out = stdout(&text);
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("./")).collect();
    assert_eq!(
        lines.last().copied(),
        Some("./2022-carry-forward.txt → ./2023-web-page.html\tX-CARRY (soft): 2022 carried forward 2, but 2023 carried over 0"),
        "{out}"
    );
    let json = gouji(&["check", "--json", "."], dir.path());
    assert_eq!(
        json.status.code(),
        text.status.code(),
        "a soft rule leaves the exit code"
    );
    let last: serde_json::Value =
        serde_json::from_str(stdout(&json).lines().last().unwrap()).unwrap();
    assert_eq!(last["rule"], "X-CARRY");
    assert_eq!(last["severity"], "soft");
    assert_eq!(last["earlier"], "./2022-carry-forward.txt");
    assert_eq!(last["later"], "./2023-web-page.html");
    assert_eq!(
        last["fields"],
        serde_json::json!(["t3.carried_forward.total", "t3.carried_over.total"])
    );
}

#[test]
fn web_pages_are_taken_from_directories_and_their_spans_point_into_gouji_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = gouji(&["check", "samples"], root);
    let out = stdout(&o);
    assert!(
        out.contains("samples/2023-web-page.html\ttemplate-2021\t2023\tok"),
        "{out}"
    );
    assert!(out.contains("samples/2022-web-merged.htm\t"), "{out}");

    let o = gouji(&["extract", "samples/2023-web-page.html"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let record: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(record["document"], "html");
    assert_eq!(record["encoding"], "gb18030");
    let text = gouji(&["text", "samples/2023-web-page.html"], root).stdout;
    let field = &record["fields"]["t2.normative.in_force"];
    let span = field["span"].as_array().unwrap();
    let (start, end) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
    assert_eq!(&text[start as usize..end as usize], b"27");
    assert_eq!(field["value"], 27);
    assert!(!String::from_utf8(text).unwrap().contains("<td"));

    let plain = gouji(&["extract", "samples/2021-clean.txt"], root);
    let record: serde_json::Value = serde_json::from_str(stdout(&plain).trim()).unwrap();
    assert_eq!(record["document"], "text");
}

#[test]
fn adjudicate_refuses_a_missing_directory_and_one_set_against_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = gouji(
        &[
            "adjudicate",
            "./no/such/set",
            "wang",
            "samples/2021-clean.txt",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("./no/such/set: no such annotation directory"),
        "{}",
        stderr(&o)
    );
    let o = gouji(&["adjudicate", "li", "li", "samples/2021-clean.txt"], root);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("li and li are the same annotation set"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn control_characters_in_names_and_reports_are_escaped_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    // A file name that clears the screen, a report whose agency holds a C1 CSI, and a file
    // that is not a report, also named with an escape sequence.
    let name = "a\u{1b}[2J\u{9b}31m.txt";
    let text = legacy(3).replace("青川县审计局", "青川县\u{9b}2J审计局");
    std::fs::write(dir.path().join(name), text).unwrap();
    std::fs::write(dir.path().join("bad\u{1b}]0;x\u{7}.txt"), b"").unwrap();
    let raw = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .chars()
            .any(|c| c != '\n' && c != '\t' && c.is_control())
    };
    for args in [
        vec!["check", "."],
        vec!["check", "--json", "."],
        vec!["extract", "."],
        vec!["extract", "--pretty", "."],
    ] {
        let o = gouji(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!raw(&o.stdout), "{args:?} stdout: {:?}", stdout(&o));
        assert!(!raw(&o.stderr), "{args:?} stderr: {:?}", stderr(&o));
    }
    let o = gouji(&["check", "."], dir.path());
    assert!(
        stdout(&o).contains("a␛[2J�31m.txt\tlegacy-table"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("bad␛]0;x␇.txt"), "{}", stderr(&o));
    // JSON keeps the same values: the escapes are JSON's own.
    let o = gouji(&["check", "--json", name], dir.path());
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["path"], name);
    // Piped, `gouji text` prints the text as it is: spans are offsets into it.
    let o = gouji(&["text", name], dir.path());
    assert!(stdout(&o).contains("青川县\u{9b}2J审计局"));
}

#[test]
fn adjudicating_into_one_of_the_two_sets_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), legacy(2)).unwrap();
    let sets = dir.path().join("sets");
    std::fs::create_dir_all(sets.join("li")).unwrap();
    std::fs::create_dir_all(sets.join("wang")).unwrap();
    let li = sets.join("li");
    let li = li.to_str().unwrap();
    let wang = sets.join("wang");
    let wang = wang.to_str().unwrap();
    for args in [
        vec!["adjudicate", "li", "wang", "--annotator", "li", "r.txt"],
        vec!["adjudicate", "li", "wang", "--annotator", "wang", "."],
        vec!["adjudicate", li, wang, "--annotations", wang, "r.txt"],
    ] {
        let o = gouji(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("only reads"), "{}", stderr(&o));
    }
    assert!(
        !dir.path().join(".gouji/annotations/li").exists(),
        "nothing was written"
    );
}

#[test]
fn the_field_and_rule_reference_in_docs_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = gouji(&["fields", "--markdown"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let committed = std::fs::read_to_string(root.join("docs/FIELDS.md")).unwrap();
    assert!(
        stdout(&o) == committed,
        "docs/FIELDS.md is not current: run `cargo run -- fields --markdown > docs/FIELDS.md`"
    );
    // Every field id and every rule id of the catalogs is in it.
    for d in gouji::fields::catalog() {
        assert!(
            committed.contains(&format!("| `{}` | {} |", d.id, d.label)),
            "{}",
            d.id
        );
    }
    for r in &gouji::rules::catalog::RULES {
        assert!(committed.contains(&format!("### `{}`", r.id)), "{}", r.id);
    }
    let tsv = gouji(&["fields"], root);
    assert!(stdout(&tsv).contains("t3.new.total\tcount\t一、本年新收政府信息公开申请数量 × 总计\n"));
}

#[test]
fn readme_key_table_is_the_default_keymap() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let begin = "<!-- keys: begin -->\n";
    let start = readme.find(begin).expect("README marks its key table") + begin.len();
    let end = readme[start..].find("<!-- keys: end -->").unwrap() + start;
    let expected = gouji::tui::keymap::Keymap::base("default")
        .unwrap()
        .markdown();
    assert!(
        readme[start..end] == expected,
        "README's key table differs from keymaps/default.json; it should read:\n{expected}"
    );
}

#[test]
fn help_texts_say_what_each_argument_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let adjudicate = stdout(&gouji(&["adjudicate", "--help"], root));
    let annotator = adjudicate
        .lines()
        .find(|l| l.trim_start().starts_with("--annotator"))
        .unwrap();
    assert!(annotator.contains("(default: adjudicated)"), "{annotator}");
    let eval = stdout(&gouji(&["eval", "--help"], root));
    let gold = eval
        .lines()
        .find(|l| l.trim_start().starts_with("--gold"))
        .unwrap();
    assert!(gold.contains("gold JSONL file"), "{gold}");
    let agree = stdout(&gouji(&["agree", "--help"], root));
    for side in ["<A>", "<B>"] {
        let line = agree
            .lines()
            .find(|l| l.trim_start().starts_with(side))
            .unwrap();
        assert!(line.trim() != side, "{side} has no help: {agree}");
    }
}

#[test]
fn the_review_tui_without_a_terminal_says_it_needs_one() {
    let o = gouji(
        &["samples/2021-clean.txt"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        "gouji: the review TUI needs a terminal: standard input and output must be a TTY (for scripts: gouji check, gouji extract)"
    );
}
