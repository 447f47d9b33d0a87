//! Gold export, agreement between two annotators, and extractor evaluation, on hand-made
//! annotation sets whose answers are known.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gouji::annotate::{store, Annotation, ReportStatus};
use gouji::extract::extract;
use gouji::report::Report;
use gouji::value::Number;

fn gouji(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn annotate(dir: &Path, sample: &str, who: &str, edit: impl FnOnce(&mut Annotation)) {
    let path = PathBuf::from("samples").join(sample);
    let report = Report::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(&path)).unwrap();
    let mut a = Annotation::from_extraction(&report, &extract(&report), who);
    // Recorded relative, as a session started in the checkout records it.
    a.report.path = path.display().to_string();
    edit(&mut a);
    store::save(&store::location(&path, who, Some(dir)), &a).unwrap();
}

/// A fixes the misprinted cell; B keeps it as printed and acknowledges the row sum; on the
/// clean report B marks one cell blank. A also has an unfinished third report.
fn two_sets() -> (tempfile::TempDir, tempfile::TempDir) {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    annotate(a.path(), "2021-t3-errors.txt", "a", |x| {
        x.set_value("t3.total.person", Some(Number::Int(7)))
            .unwrap();
        x.set_status(ReportStatus::Done);
    });
    annotate(a.path(), "2021-clean.txt", "a", |x| {
        x.confirm("t3.new.total").unwrap();
        x.set_status(ReportStatus::Done);
    });
    annotate(a.path(), "prose-clean.txt", "a", |_| {});
    annotate(b.path(), "2021-t3-errors.txt", "b", |x| {
        x.acknowledge("T3-ROW[total]", "the printed total row is wrong");
        x.set_status(ReportStatus::Done);
    });
    annotate(b.path(), "2021-clean.txt", "b", |x| {
        x.mark_blank("t3.new.total").unwrap();
        x.set_status(ReportStatus::Done);
    });
    (a, b)
}

#[test]
fn export_writes_finished_reports_deterministically() {
    let (a, _b) = two_sets();
    let out = tempfile::tempdir().unwrap();
    let gold = out.path().join("gold.jsonl");
    let o = gouji(
        &[
            "export",
            "--annotations",
            a.path().to_str().unwrap(),
            "-o",
            gold.to_str().unwrap(),
        ],
        out.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let first = std::fs::read_to_string(&gold).unwrap();
    let lines: Vec<serde_json::Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "the unfinished report is left out");
    assert_eq!(lines[0]["id"], "2021-clean");
    assert_eq!(lines[1]["fields"]["t3.total.person"]["value"], 7);
    assert_eq!(lines[1]["fields"]["t3.total.person"]["status"], "corrected");
    for key in [
        "sha256",
        "format",
        "year",
        "agency",
        "annotator",
        "created",
        "updated",
        "acknowledged",
    ] {
        assert!(lines[0].get(key).is_some(), "{key}");
    }
    gouji(
        &[
            "export",
            "--annotations",
            a.path().to_str().unwrap(),
            "-o",
            gold.to_str().unwrap(),
        ],
        out.path(),
    );
    assert_eq!(
        std::fs::read_to_string(&gold).unwrap(),
        first,
        "deterministic"
    );
    let all = gouji(
        &[
            "export",
            "--annotations",
            a.path().to_str().unwrap(),
            "--include-unfinished",
        ],
        out.path(),
    );
    assert_eq!(String::from_utf8_lossy(&all.stdout).lines().count(), 3);
    // A corrupt annotation file is named and makes the exit code 2; the rest is exported.
    std::fs::write(a.path().join("broken.txt.json"), "{\"schema_version\": 1,").unwrap();
    let o = gouji(
        &["export", "--annotations", a.path().to_str().unwrap()],
        out.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken.txt.json"));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
}

#[test]
fn export_names_done_reports_left_with_open_hard_problems() {
    let (a, b) = two_sets();
    let out = tempfile::tempdir().unwrap();
    let export = |set: &Path| {
        let o = gouji(
            &["export", "--annotations", set.to_str().unwrap()],
            out.path(),
        );
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(
        !export(a.path()).contains("open hard problems"),
        "A corrected the misprint"
    );
    let said = export(b.path());
    assert!(
        said.contains(
            "gouji: 2 done with open hard problems, neither corrected nor acknowledged: \
             2021-clean (T3-BAL[total], T3-ROW[new]); 2021-t3-errors (T3-BAL[person], T3-SUM[person])"
        ),
        "B blanked a total and acknowledged only one row sum: {said}"
    );
}

#[test]
fn agreement_of_two_annotators() {
    let (a, b) = two_sets();
    let o = gouji(
        &[
            "agree",
            "--json",
            a.path().to_str().unwrap(),
            b.path().to_str().unwrap(),
        ],
        Path::new("."),
    );
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["reports"], 2);
    assert_eq!(
        r["only_in_a"].as_array().unwrap().len(),
        1,
        "prose-clean is A's alone"
    );
    let t3 = &r["groups"]["t3"];
    assert_eq!(t3["total"], 2 * 25 * 7);
    assert_eq!(t3["agree"], 2 * 25 * 7 - 2, "two cells differ in value");
    let dis = r["disagreements"].as_array().unwrap();
    let fields: Vec<&str> = dis.iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert!(
        fields.contains(&"t3.total.person") && fields.contains(&"t3.new.total"),
        "{fields:?}"
    );
    let ack = &r["acknowledgements"]["T3-ROW"];
    assert_eq!(
        (ack["both"].as_u64(), ack["only_b"].as_u64()),
        (Some(0), Some(1))
    );
    let kappa = r["status_kappa"].as_f64().unwrap();
    assert!(kappa > 0.0 && kappa < 1.0, "{kappa}");
    // Against itself: everything agrees.
    let same = gouji(
        &[
            "agree",
            "--json",
            a.path().to_str().unwrap(),
            a.path().to_str().unwrap(),
        ],
        Path::new("."),
    );
    let s: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(s["overall"]["rate"], 1.0);
    assert_eq!(s["status_kappa"], 1.0);
    // Text output names the disagreements.
    let text = gouji(
        &[
            "agree",
            a.path().to_str().unwrap(),
            b.path().to_str().unwrap(),
        ],
        Path::new("."),
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("2021-t3-errors t3.total.person"));
}

#[test]
fn evaluating_the_extractor_against_the_gold() {
    let (a, _b) = two_sets();
    let out = tempfile::tempdir().unwrap();
    let gold = out.path().join("gold.jsonl");
    gouji(
        &[
            "export",
            "--annotations",
            a.path().to_str().unwrap(),
            "-o",
            gold.to_str().unwrap(),
        ],
        out.path(),
    );
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let o = gouji(
        &[
            "eval",
            "--json",
            "--gold",
            gold.to_str().unwrap(),
            samples.to_str().unwrap(),
        ],
        out.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["reports"], 2);
    let t3 = &r["groups"]["t3"];
    assert_eq!(
        t3["agree"].as_u64().unwrap() + 1,
        t3["total"].as_u64().unwrap(),
        "one t3 cell wrong"
    );
    assert_eq!(r["worst"][0]["errors"][0]["field"], "t3.total.person");
    // The text output lists the worst reports' wrong cells: field, extracted → gold.
    let text = gouji(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            samples.to_str().unwrap(),
        ],
        out.path(),
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("    t3.total.person: 9 → 7 (certain)\n"),
        "{text}"
    );
    let extra = r["extra_violations"].as_object().unwrap();
    for rule in ["T3-BAL[person]", "T3-SUM[person]", "T3-ROW[total]"] {
        assert_eq!(extra[rule], 1, "{rule}");
    }
    assert!(r["missed_violations"].as_object().unwrap().is_empty());
    // A gold report that cannot be found is listed and makes the exit code 2.
    let o = gouji(
        &[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            out.path().to_str().unwrap(),
        ],
        out.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("not found"));
}

#[test]
fn a_missing_input_exits_2_and_is_named() {
    let out = tempfile::tempdir().unwrap();
    let o = gouji(&["export", "--annotations", "/nonexistent"], out.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("/nonexistent: no such annotation directory"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Either side of agree: compared with nothing, two sets would agree perfectly.
    let (a, _b) = two_sets();
    for (x, y) in [
        ("/nonexistent", "/x"),
        (a.path().to_str().unwrap(), "/nonexistent/b"),
    ] {
        let o = gouji(&["agree", x, y], out.path());
        assert_eq!(o.status.code(), Some(2), "agree {x} {y}");
        let err = String::from_utf8_lossy(&o.stderr);
        let missing = if x == "/nonexistent" { x } else { y };
        assert!(err.contains(&format!("{missing}: no such")), "{err}");
        assert!(o.stdout.is_empty(), "no agreement is printed");
    }
    // An unreadable file in a set: named, the rest compared, exit 2.
    let (a, b) = two_sets();
    let broken = a.path().join("broken.json");
    std::fs::write(&broken, "{").unwrap();
    let o = gouji(
        &[
            "agree",
            a.path().to_str().unwrap(),
            b.path().to_str().unwrap(),
        ],
        out.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(&broken.display().to_string()));
    assert!(String::from_utf8_lossy(&o.stdout).contains("reports compared: 2"));
}
