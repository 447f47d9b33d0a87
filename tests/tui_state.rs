//! The review state machine: keys in through the default keymap, state and saved files out.

mod common;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gouji::annotate::{store, FieldStatus, ReportStatus};
use gouji::tui::app::{App, Effect, Focus, Msg, Options};
use gouji::tui::editor::Purpose;
use gouji::tui::keymap::Keymap;
use gouji::tui::locks::Locks;
use gouji::tui::run::Runtime;
use gouji::tui::style::Theme;
use gouji::tui::update::update;
use gouji::tui::{loader, queue};
use gouji::value::Number;

struct Session {
    app: App,
    dir: tempfile::TempDir,
    quit: bool,
    runtime: Runtime,
}

fn key_event(spec: &str) -> KeyEvent {
    let (mods, rest) = match spec.strip_prefix("ctrl-") {
        Some(r) => (KeyModifiers::CONTROL, r),
        None => match spec.strip_prefix("alt-") {
            Some(r) => (KeyModifiers::ALT, r),
            None => (KeyModifiers::NONE, spec),
        },
    };
    let code = match rest {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pagedown" => KeyCode::PageDown,
        "pageup" => KeyCode::PageUp,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        s => KeyCode::Char(s.chars().next().unwrap()),
    };
    KeyEvent::new(code, mods)
}

impl Session {
    fn open(files: &[&str]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let options = options_in(dir.path());
        let paths: Vec<PathBuf> = files.iter().map(|f| common::sample(f)).collect();
        Session::start(paths, options, dir)
    }

    /// A session over `paths` with `options`, its first report opened; `dir` is kept for as
    /// long as the session.
    fn start(paths: Vec<PathBuf>, options: Options, dir: tempfile::TempDir) -> Session {
        let (app, effects) = App::new(paths, options, (120, 40));
        let mut s = Session {
            app,
            dir,
            quit: false,
            runtime: Runtime::default(),
        };
        s.run(effects);
        s
    }

    /// A session on the queue over `paths`, every row summarized as the background loader
    /// would.
    fn triage(paths: &[PathBuf]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let options = options_in(dir.path());
        Session::triage_with(paths, options, dir)
    }

    /// A session on the queue over `paths` with `options`; `dir` is kept for as long as the
    /// session.
    fn triage_with(paths: &[PathBuf], options: Options, dir: tempfile::TempDir) -> Session {
        let mut s = Session {
            app: App::triage(paths.to_vec(), options, (120, 40)),
            dir,
            quit: false,
            runtime: Runtime::default(),
        };
        for (i, p) in paths.iter().enumerate() {
            let o = &s.app.options;
            let row = gouji::tui::loader::summarize(p, &o.locations(), o.adjudicate.as_ref());
            let effects = update(&mut s.app, Msg::Summarized(vec![(i, row)]));
            s.run(effects);
        }
        s
    }

    fn run(&mut self, effects: Vec<Effect>) {
        if self.runtime.settle(&mut self.app, effects) {
            self.quit = true;
        }
    }

    fn keys(&mut self, specs: &[&str]) {
        for spec in specs {
            let effects = update(&mut self.app, Msg::Key(key_event(spec)));
            self.run(effects);
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let effects = update(
                &mut self.app,
                Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            );
            self.run(effects);
        }
    }

    fn field(&self) -> String {
        self.app
            .review()
            .unwrap()
            .selected_field()
            .unwrap()
            .to_owned()
    }

    fn go_to(&mut self, field: &str) {
        let review = self.app.review_mut().unwrap();
        review.cursor = gouji::tui::sheet::find(&review.sheet, field).unwrap();
        self.app.focus = Focus::Fields;
    }

    fn saved(&self, report: &str) -> gouji::annotate::Annotation {
        let path = store::location(Path::new(report), "tester", Some(self.dir.path()));
        store::load(&path).unwrap().expect("annotation saved")
    }

    /// The report's saved status, if anything was saved.
    fn saved_status(&self, report: &str) -> Option<ReportStatus> {
        let path = store::location(Path::new(report), "tester", Some(self.dir.path()));
        store::load(&path).unwrap().map(|a| a.status)
    }

    fn problems(&self) -> Vec<String> {
        self.app
            .review()
            .unwrap()
            .open_problems()
            .map(|i| self.app.review().unwrap().problems[i].name())
            .collect()
    }
}

const ERRORS: &str = "2021-t3-errors.txt";
/// Corrects ERRORS's misprinted total, where the cursor is when it opens: 9 → 7.
const FIX: [&str; 4] = ["e", "backspace", "7", "enter"];

/// Session options with annotations in `dir`.
fn options_in(dir: &Path) -> Options {
    Options {
        annotator: "tester".into(),
        annotations_dir: Some(dir.to_owned()),
        keymap: Keymap::base("default").unwrap(),
        keymap_name: "default".into(),
        theme: Theme { color: false },
        rescue_dir: std::env::temp_dir(),
        adjudicate: None,
        annotation_files: Default::default(),
        after_enter: Default::default(),
    }
}

#[test]
fn opening_selects_the_first_problem_cell() {
    let s = Session::open(&[ERRORS]);
    assert_eq!(s.problems().len(), 3);
    assert!(s.field().starts_with("t3."), "{}", s.field());
}

#[test]
fn editing_a_wrong_cell_fixes_the_rules_and_saves() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.total.person");
    s.keys(&["enter", "backspace"]);
    s.type_text("7");
    s.keys(&["enter"]);
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    let a = s.saved(ERRORS);
    let f = &a.fields["t3.total.person"];
    assert_eq!(
        (f.value, f.extracted, f.status),
        (
            Some(Number::Int(7)),
            Some(Number::Int(9)),
            FieldStatus::Corrected
        )
    );
    assert_eq!(a.status, ReportStatus::InProgress);
    assert!(s.app.review().unwrap().is_saved());
}

#[test]
fn invalid_input_is_refused_and_the_old_value_kept() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.total.person");
    s.keys(&["enter", "backspace"]);
    s.type_text("-3");
    s.keys(&["enter"]);
    let editor = s.app.editor.as_ref().expect("editor stays open");
    assert!(editor.error.as_deref().unwrap().contains("negative"));
    s.keys(&["esc"]);
    assert!(s.app.editor.is_none());
    assert_eq!(
        s.app.review().unwrap().value_of("t3.total.person"),
        Some(Number::Int(9))
    );
}

#[test]
fn empty_input_means_blank() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.new.business");
    s.keys(&["enter", "backspace", "enter"]);
    assert_eq!(
        s.saved(ERRORS).fields["t3.new.business"].status,
        FieldStatus::Blank
    );
}

#[test]
fn confirm_mark_absent_blank_and_clean_part() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.new.person");
    s.keys(&["c"]);
    assert_eq!(
        s.saved(ERRORS).fields["t3.new.person"].status,
        FieldStatus::Confirmed
    );
    s.keys(&["down", "A"]);
    let absent = s.field();
    assert_eq!(s.saved(ERRORS).fields[&absent].status, FieldStatus::Absent);
    s.keys(&["down", "B"]);
    let blank = s.field();
    assert_eq!(s.saved(ERRORS).fields[&blank].status, FieldStatus::Blank);
    s.keys(&["C"]);
    let a = s.saved(ERRORS);
    // Values in a failing rule stay unreviewed; clean ones are confirmed.
    assert_eq!(a.fields["t3.total.person"].status, FieldStatus::Unreviewed);
    assert_eq!(
        a.fields["t3.withheld.secret.business"].status,
        FieldStatus::Confirmed
    );
}

#[test]
fn problems_navigation_acknowledge_and_accept_next() {
    let mut s = Session::open(&[ERRORS]);
    let first = s.app.review().unwrap().problem;
    s.keys(&["]"]);
    assert_ne!(s.app.review().unwrap().problem, first);
    s.keys(&["["]);
    assert_eq!(s.app.review().unwrap().problem, first);
    s.keys(&["tab"]);
    assert_eq!(s.app.focus, Focus::Problems);
    s.keys(&["a"]);
    s.type_text("原表如此");
    s.keys(&["alt-enter"]);
    s.type_text("第二行");
    s.keys(&["enter"]);
    let a = s.saved(ERRORS);
    assert_eq!(a.acknowledged.len(), 1);
    assert_eq!(
        a.acknowledged.values().next().unwrap().note,
        "原表如此\n第二行"
    );
    assert_eq!(s.problems().len(), 2);
    s.keys(&["a"]);
    assert!(
        s.saved(ERRORS).acknowledged.is_empty(),
        "acknowledging again reopens it"
    );
    s.keys(&["backtab", "space"]);
    assert_eq!(s.app.focus, Focus::Fields);
}

#[test]
fn fix_candidate_undo_and_redo() {
    let mut s = Session::open(&[ERRORS]);
    let fix = s.app.review().unwrap().fixes[0].clone();
    assert_eq!(fix.edits[0].0, "t3.total.person");
    // The total was read with certainty: the candidate is the report's misprint, offered
    // for acknowledgement of every rule it breaks, its note written.
    s.keys(&["1"]);
    let editor = s.app.editor.as_ref().expect("the acknowledgement opens");
    assert_eq!(
        editor.purpose,
        Purpose::Acknowledge(vec![
            "T3-BAL[person]".into(),
            "T3-SUM[person]".into(),
            "T3-ROW[total]".into()
        ])
    );
    assert_eq!(
        editor.text(),
        "（七）总计·个人 prints 9, the sums want 7 (one mistyped digit)"
    );
    s.keys(&["enter"]);
    assert!(s.problems().is_empty());
    assert_eq!(
        s.saved(ERRORS).fields["t3.total.person"].value,
        Some(Number::Int(9)),
        "the gold keeps what the report prints"
    );
    s.keys(&["u"]);
    assert_eq!(s.problems().len(), 3);
    // Read without certainty, the same candidate corrects the reading.
    {
        let review = s.app.review_mut().unwrap();
        review
            .extraction
            .fields
            .get_mut("t3.total.person")
            .unwrap()
            .reading = gouji::extract::Reading::Ambiguous;
        review.refresh();
    }
    s.go_to("t3.new.person");
    s.keys(&["1"]);
    assert!(s.problems().is_empty());
    assert_eq!(
        s.field(),
        "t3.total.person",
        "the selection moves to the changed cell"
    );
    assert_eq!(
        s.app.message.as_deref(),
        Some("applied: （七）总计·个人 9 → 7 (one mistyped digit)")
    );
    s.keys(&["u"]);
    assert_eq!(s.problems().len(), 3);
    assert_eq!(
        s.saved(ERRORS).fields["t3.total.person"].value,
        Some(Number::Int(9))
    );
    s.keys(&["ctrl-r"]);
    assert!(s.problems().is_empty());
    assert_eq!(
        s.saved(ERRORS).fields["t3.total.person"].value,
        Some(Number::Int(7))
    );
    s.keys(&["2", "3"]);
    assert!(s
        .app
        .message
        .as_deref()
        .unwrap()
        .contains("no fix candidate"));
}

#[test]
fn notes_paste_and_chinese_text() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.new.total");
    s.keys(&["m"]);
    let effects = update(&mut s.app, Msg::Paste("核对原文：\n第七行".into()));
    s.run(effects);
    s.keys(&["enter"]);
    assert_eq!(
        s.saved(ERRORS).fields["t3.new.total"].note,
        "核对原文：\n第七行"
    );
    s.keys(&["M"]);
    s.type_text("整表已核");
    s.keys(&["enter"]);
    assert_eq!(s.saved(ERRORS).note, "整表已核");
}

#[test]
fn search_steps_and_reanchors_evidence() {
    let mut s = Session::open(&[ERRORS]);
    s.keys(&["/"]);
    s.type_text("申请");
    s.keys(&["enter"]);
    let hits = s.app.review().unwrap().search.as_ref().unwrap().hits.len();
    assert!(hits > 3);
    let before = s.app.review().unwrap().search.as_ref().unwrap().current;
    s.keys(&["n"]);
    assert_eq!(
        s.app.review().unwrap().search.as_ref().unwrap().current,
        (before + 1) % hits
    );
    s.keys(&["N", "N"]);
    s.go_to("t3.new.total");
    s.keys(&["r"]);
    let hit = s
        .app
        .review()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .hit()
        .unwrap();
    assert_eq!(s.saved(ERRORS).fields["t3.new.total"].span, Some(hit));
}

#[test]
fn movement_in_every_pane() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.new.person");
    s.keys(&["right", "l"]);
    assert_eq!(s.field(), "t3.new.research");
    s.keys(&["left", "down", "j"]);
    assert_eq!(s.field(), "t3.granted.business");
    s.keys(&["up", "k", "home"]);
    assert_eq!(s.field(), "meta.year");
    s.keys(&["end"]);
    assert!(s.field().starts_with("t4."));
    s.keys(&["pageup", "pagedown"]);
    s.keys(&["backtab"]);
    assert_eq!(s.app.focus, Focus::Report);
    let top = s.app.review().unwrap().report_top;
    s.keys(&["pagedown"]);
    assert!(s.app.review().unwrap().report_top > top);
    s.keys(&["home"]);
    assert_eq!(s.app.review().unwrap().report_top.line, 0);
}

#[test]
fn reports_queue_done_and_help_and_quit() {
    let mut s = Session::open(&["2021-clean.txt", ERRORS, "not-a-report.txt"]);
    // Next and previous follow the queue's order; in file order here.
    s.app.triage.cycle_sort();
    assert_eq!(s.app.triage.sort, gouji::tui::queue::SortBy::Path);
    s.keys(&[">"]);
    assert_eq!(s.app.current, 1);
    s.keys(&["<"]);
    assert_eq!(s.app.current, 0);
    s.keys(&["d", "y"]);
    assert_eq!(s.saved("2021-clean.txt").status, ReportStatus::Done);
    assert_eq!(
        s.app.current, 1,
        "done moves on to the next report not done"
    );
    s.keys(&[">"]);
    assert!(s
        .app
        .broken
        .get(&2)
        .unwrap()
        .message
        .contains("not a report"));
    s.keys(&["?"]);
    assert!(s.app.help);
    // Moving keys scroll help rather than closing it; at 120×40 it is longer than the screen.
    s.keys(&["j", "j", "k"]);
    assert!(s.app.help);
    assert_eq!(s.app.help_top, 1);
    s.keys(&["end"]);
    let bottom = gouji::tui::view::overlay::help_max_top(&s.app.options.keymap, (120, 40));
    assert!(bottom > 0);
    assert_eq!(s.app.help_top, bottom);
    s.keys(&["x"]);
    assert!(!s.app.help);
    assert_eq!(s.app.help_top, 0);
    s.keys(&["q"]);
    assert!(s.quit);
}

#[test]
fn reopening_restores_the_annotation() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.total.person");
    s.keys(&["enter", "backspace"]);
    s.type_text("7");
    s.keys(&["enter"]);
    let dir = s.dir;
    // The first session lets go of the annotation set, as quitting would.
    drop(s.runtime);
    let options = options_in(dir.path());
    let again = Session::start(vec![common::sample(ERRORS)], options, dir);
    assert_eq!(
        again.app.review().unwrap().value_of("t3.total.person"),
        Some(Number::Int(7))
    );
    assert!(again.problems().is_empty());
}

#[test]
fn mouse_selects_cells_problems_and_numbers_in_the_report() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use gouji::tui::view::{fields_pane, layout};
    let mut s = Session::open(&[ERRORS]);
    let panes = layout::panes(ratatui::layout::Rect::new(0, 0, 120, 40)).unwrap();
    let click = |x, y| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    // A click on the second problem row selects it and its cell.
    let problems = layout::inner(panes.problems);
    let effects = update(
        &mut s.app,
        Msg::Mouse(click(problems.x + 2, problems.y + 1)),
    );
    s.run(effects);
    assert_eq!(s.app.focus, Focus::Problems);
    assert_eq!(s.app.review().unwrap().problem, 1);
    // A click on a grid cell selects that cell.
    let fields = layout::inner(panes.fields);
    let mut hit = None;
    'search: for y in fields.y..fields.y + fields.height {
        for x in fields.x..fields.x + fields.width {
            if let Some(c) = fields_pane::cell_at(s.app.review().unwrap(), fields, x, y) {
                let id = gouji::tui::sheet::field_at(&s.app.review().unwrap().sheet, c).unwrap();
                if id == "t3.total.business" {
                    hit = Some((x, y));
                    break 'search;
                }
            }
        }
    }
    let (x, y) = hit.expect("the cell is on screen");
    let effects = update(&mut s.app, Msg::Mouse(click(x, y)));
    s.run(effects);
    assert_eq!(s.field(), "t3.total.business");
    // The wheel scrolls the report pane under the pointer.
    let report = layout::inner(panes.report);
    let top = s.app.review().unwrap().report_top;
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: report.x + 1,
        row: report.y + 1,
        modifiers: KeyModifiers::NONE,
    };
    let effects = update(&mut s.app, Msg::Mouse(wheel));
    s.run(effects);
    assert!(s.app.review().unwrap().report_top > top);
}

#[test]
fn a_changed_report_opens_with_a_warning_and_its_values_kept() {
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("r.txt");
    std::fs::copy(common::sample(ERRORS), &copy).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let options = || options_in(dir.path());
    let mut s = Session::start(vec![copy.clone()], options(), tempfile::tempdir().unwrap());
    s.keys(&FIX);
    drop(s);
    let mut text = std::fs::read_to_string(&copy).unwrap();
    text.push_str("\n附：本报告已更正排版。\n");
    std::fs::write(&copy, text).unwrap();
    let again = Session::start(vec![copy], options(), tempfile::tempdir().unwrap());
    assert!(again
        .app
        .message
        .as_deref()
        .unwrap()
        .contains("changed since it was annotated"));
    assert_eq!(
        again.app.review().unwrap().value_of("t3.total.person"),
        Some(Number::Int(7))
    );
}

#[test]
fn an_unreadable_annotation_is_reported_and_left_alone() {
    let s = Session::open(&[]);
    let dir = s.dir.path();
    let path = store::location(Path::new(ERRORS), "tester", Some(dir));
    std::fs::write(&path, "{ not json").unwrap();
    let options = options_in(dir);
    let err = match loader::open(&Locks::default(), &common::sample(ERRORS), &options) {
        Err(e) => e,
        Ok(_) => panic!("an unreadable annotation must not open"),
    };
    assert!(
        err.message.contains("line 1") && err.message.contains(".json"),
        "{err:?}"
    );
    assert_eq!(err.unreadable_annotation.as_deref(), Some(path.as_path()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
}

#[test]
fn a_second_session_on_the_same_annotations_is_read_only() {
    let mut first = Session::open(&[ERRORS]);
    first.keys(&FIX);
    let options = options_in(first.dir.path());
    let mut second = Session::start(
        vec![common::sample(ERRORS)],
        options,
        tempfile::tempdir().unwrap(),
    );
    let holder = second
        .app
        .review()
        .unwrap()
        .read_only
        .clone()
        .expect("read-only");
    assert!(
        holder.contains(&format!("pid {}", std::process::id())),
        "{holder}"
    );
    assert!(second.app.message.as_deref().unwrap().contains("read-only"));
    let before = std::fs::read(store::location(
        Path::new(ERRORS),
        "tester",
        Some(first.dir.path()),
    ))
    .unwrap();
    second.keys(&["u", "c", "A"]);
    assert!(second.app.message.as_deref().unwrap().contains("read-only"));
    let after = std::fs::read(store::location(
        Path::new(ERRORS),
        "tester",
        Some(first.dir.path()),
    ))
    .unwrap();
    assert_eq!(before, after, "the read-only session wrote nothing");
}

#[test]
fn starting_afresh_moves_the_unreadable_file_aside() {
    let mut s = Session::open(&[]);
    let path = store::location(Path::new(ERRORS), "tester", Some(s.dir.path()));
    std::fs::write(&path, "{ broken").unwrap();
    s.app.report_paths = vec![common::sample(ERRORS)];
    s.run(vec![Effect::Open(0)]);
    assert!(s.app.broken[&0].unreadable_annotation.is_some());
    s.keys(&["F"]);
    assert!(s.app.review().is_some(), "the report opens afresh");
    let aside: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read_to_string(s.dir.path().join(&aside[0])).unwrap(),
        "{ broken"
    );
}

#[test]
fn failed_saves_are_reported_kept_in_memory_and_retried() {
    let mut s = Session::open(&[ERRORS]);
    // The annotation directory becomes a file: every save now fails.
    let dir = s.dir.path().to_owned();
    let ann = s.app.review().unwrap().annotation_path.clone();
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, "not a directory").unwrap();
    s.keys(&FIX);
    let review = s.app.review().unwrap();
    assert!(review.save_error.is_some());
    assert!(!review.is_saved());
    assert!(s.app.message.as_deref().unwrap().contains("NOT SAVED"));
    s.keys(&["q"]);
    assert!(!s.quit, "quitting with unsaved work is refused");
    assert!(s.app.editor.is_some(), "and writing elsewhere is offered");
    s.keys(&["esc"]);
    // The disk comes back: the retry writes the edit.
    std::fs::remove_file(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let effects = gouji::tui::update::retry_saves(&mut s.app);
    s.run(effects);
    assert!(s.app.review().unwrap().is_saved());
    let saved = store::load(&ann).unwrap().unwrap();
    assert_eq!(saved.fields["t3.total.person"].value, Some(Number::Int(7)));
    s.keys(&["q"]);
    assert!(s.quit);
}

#[test]
fn unsaved_work_can_be_written_elsewhere_before_quitting() {
    let mut s = Session::open(&[ERRORS]);
    let dir = s.dir.path().to_owned();
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, "not a directory").unwrap();
    s.keys(&FIX);
    s.keys(&["q"]);
    let rescue = tempfile::tempdir().unwrap();
    let target = rescue.path().join("rescued");
    // Replace the offered directory with ours.
    let editor = s.app.editor.as_mut().expect("offered");
    editor.textarea.select_all();
    editor.textarea.cut();
    editor.paste(&target.display().to_string());
    s.keys(&["enter"]);
    assert!(s.quit, "{:?}", s.app.message);
    let saved = store::load(&target.join("2021-t3-errors.txt.json"))
        .unwrap()
        .unwrap();
    assert_eq!(saved.fields["t3.total.person"].value, Some(Number::Int(7)));
    std::fs::remove_file(&dir).unwrap();
}

/// A session whose saves fail (its annotation directory became a file) with one unsaved
/// fix, and its report copied into a directory of its own.
fn unsaved_session() -> (Session, tempfile::TempDir) {
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join(ERRORS);
    std::fs::copy(common::sample(ERRORS), &report).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let options = options_in(dir.path());
    let mut s = Session::start(vec![report], options, dir);
    let ann = s.dir.path().to_owned();
    std::fs::remove_dir_all(&ann).unwrap();
    std::fs::write(&ann, "not a directory").unwrap();
    s.keys(&FIX);
    assert!(s.app.review().unwrap().save_error.is_some());
    (s, reports)
}

#[test]
fn crash_recovery_writes_unsaved_work_and_restores_it() {
    use gouji::tui::recovery::{self, Recovery};
    let (s, _reports) = unsaved_session();
    // What a stop or the panic hook does: write what is not on disk, in this session's
    // own file in the first directory that takes it.
    let data = tempfile::tempdir().unwrap();
    let blocked = data.path().join("a-file");
    std::fs::write(&blocked, "").unwrap();
    let first = Recovery::new(vec![blocked.join("data"), data.path().join("config")]);
    let entries = s.app.unsaved();
    let file = first.write(&entries).unwrap();
    assert!(
        file.starts_with(data.path().join("config")),
        "{}",
        file.display()
    );
    // Absolute paths, the report's sha256 and the annotator.
    let e = &recovery::load(&file).unwrap()[0];
    assert!(e.report.is_absolute() && e.path.is_absolute());
    assert_eq!(e.sha256, s.app.review().unwrap().report.sha256);
    assert_eq!(e.annotator, "tester");
    assert_eq!(
        e.annotation.fields["t3.total.person"].value,
        Some(Number::Int(7))
    );
    // A second session writes a file of its own: both are offered.
    let second = Recovery::new(vec![data.path().join("config")]);
    let other = Recovery::new(vec![data.path().join("config")]);
    assert_ne!(other.write(&entries).unwrap(), file);
    // Files named after this (running) process are its own, not offered; rename them as if
    // left by a process that is gone.
    for f in std::fs::read_dir(data.path().join("config")).unwrap() {
        let f = f.unwrap().path();
        let name = f.file_name().unwrap().to_str().unwrap().to_owned();
        let dead = name.replace(&format!("-{}-", std::process::id()), "-4194304999-");
        std::fs::rename(&f, f.with_file_name(dead)).unwrap();
    }
    let (offers, notes) = second.offers();
    assert_eq!(offers.len(), 2, "{offers:?}");
    assert!(notes.is_empty());
    // Next start, the disk is back: the work lands in its annotation file.
    std::fs::remove_file(s.dir.path()).unwrap();
    let failed = recovery::restore(&offers[0], |e| {
        store::save(&e.path, &e.annotation).map_err(|e| e.to_string())
    });
    assert!(failed.is_empty(), "{failed:?}");
    let restored = store::load(&e.path).unwrap().unwrap();
    assert_eq!(
        restored.fields["t3.total.person"].value,
        Some(Number::Int(7))
    );
    assert!(!offers[0].file.exists(), "set aside, not offered again");
    let kept = std::fs::read_dir(data.path().join("config"))
        .unwrap()
        .count();
    assert_eq!(kept, 2, "and never deleted");
}

#[test]
fn recovery_restores_only_into_the_same_report_and_keeps_offering_what_failed() {
    use gouji::tui::recovery::{self, Recovery};
    let (s, reports) = unsaved_session();
    let data = tempfile::tempdir().unwrap();
    let rec = Recovery::new(vec![data.path().to_owned()]);
    let file = rec.write(&s.app.unsaved()).unwrap();
    let dead = file.with_file_name("recovery-4194304999-x.json");
    std::fs::rename(&file, &dead).unwrap();
    // The report was edited since: restoring into its annotation would mislabel it.
    let report = reports.path().join(ERRORS);
    let mut text = std::fs::read_to_string(&report).unwrap();
    text.push_str("\n补充说明。\n");
    std::fs::write(&report, text).unwrap();
    std::fs::remove_file(s.dir.path()).unwrap();
    std::fs::create_dir(s.dir.path()).unwrap();
    let (offers, _) = rec.offers();
    let failed = recovery::restore(&offers[0], |e| {
        store::save(&e.path, &e.annotation).map_err(|e| e.to_string())
    });
    assert_eq!(failed.len(), 1);
    assert!(failed[0].contains("sha256 differs"), "{failed:?}");
    let ann = store::location(&report, "tester", Some(s.dir.path()));
    assert!(!ann.exists(), "nothing was written");
    let (again, _) = rec.offers();
    assert_eq!(again.len(), 1, "a failed restore is offered again");
    // A corrupt recovery file is moved aside with a message, and the rest still offered.
    let corrupt = data.path().join("recovery-4194304998-y.json");
    std::fs::write(&corrupt, "{ not json").unwrap();
    let (offers, notes) = rec.offers();
    assert_eq!(offers.len(), 1);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("moved aside") && notes[0].contains("recovery-4194304998-y.json"),
        "{notes:?}"
    );
    assert!(!corrupt.exists());
}

#[test]
fn saves_run_on_the_worker_in_order_while_the_screen_stays_live() {
    use gouji::tui::run::Performed;
    let mut s = Session::open(&[ERRORS]);
    let review = s.app.review().unwrap();
    let path = review.annotation_path.clone();
    let mut annotation = review.annotation.clone();
    // Many saves asked for at once: each returns at once, handed to the worker.
    for n in 1..=200u64 {
        annotation.set_note(&format!("note {n}"));
        let effect = Effect::Save {
            report: 0,
            generation: n,
            path: path.clone(),
            annotation: Box::new(annotation.clone()),
        };
        assert!(matches!(
            s.runtime.perform(effect, &s.app),
            Performed::Queued
        ));
    }
    let done = s.runtime.wait_for_saves(std::time::Duration::from_secs(60));
    let generations: Vec<u64> = done
        .iter()
        .map(|m| match m {
            Msg::Saved {
                generation, result, ..
            } => {
                assert!(result.is_ok(), "{result:?}");
                *generation
            }
            _ => panic!("only saves"),
        })
        .collect();
    assert_eq!(
        generations,
        (1..=200).collect::<Vec<_>>(),
        "in the order asked"
    );
    assert_eq!(store::load(&path).unwrap().unwrap().note, "note 200");
    // An edit shows `saving…` until the worker reports back.
    let effects = update(&mut s.app, Msg::Key(key_event("c")));
    assert!(!s.app.review().unwrap().is_saved());
    s.run(effects);
    assert!(s.app.review().unwrap().is_saved());
}

#[test]
fn a_save_is_refused_once_another_gouji_holds_the_set() {
    let mut s = Session::open(&[ERRORS]);
    // The annotation directory is deleted while gouji runs, and a second gouji takes it.
    std::fs::remove_dir_all(s.dir.path()).unwrap();
    let other = gouji::annotate::lock::acquire(s.dir.path()).unwrap();
    assert!(matches!(other, gouji::annotate::lock::Acquired::Writer(_)));
    s.keys(&FIX);
    let review = s.app.review().unwrap();
    let err = review.save_error.clone().expect("not saved");
    assert!(err.contains("held by"), "{err}");
    let ann = review.annotation_path.clone();
    assert!(!ann.exists(), "the other writer's set was not written");
    // Once it has gone, the retry takes the set back and saves.
    drop(other);
    let effects = gouji::tui::update::retry_saves(&mut s.app);
    s.run(effects);
    assert!(s.app.review().unwrap().is_saved());
    assert!(ann.exists());
}

#[test]
fn the_recovery_offer_is_answered_by_enter_or_esc() {
    let mut s = Session::open(&[ERRORS]);
    s.app.recovery = Some(vec![]);
    s.keys(&["j"]);
    assert!(s.app.recovery.is_some(), "other keys wait for an answer");
    let effects = update(&mut s.app, Msg::Key(key_event("esc")));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Recover { restore: false }]
    ));
    let effects = update(&mut s.app, Msg::Key(key_event("enter")));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Recover { restore: true }]
    ));
}

#[test]
fn the_queue_sorts_filters_opens_and_follows_its_order() {
    use gouji::tui::app::Screen;
    use gouji::tui::queue::Filter;
    let names = [
        "2021-clean.txt",
        ERRORS,
        "prose-reply-mismatch.txt",
        "prose-clean.txt",
    ];
    let paths: Vec<PathBuf> = names.iter().map(|n| common::sample(n)).collect();
    let mut s = Session::triage(&paths);
    assert_eq!(s.app.screen, Screen::Queue);
    // Hard problems first: the three-rule report, then the one-rule report.
    assert_eq!(&s.app.triage.order[..2], &[1, 2]);
    s.keys(&["f"]);
    assert_eq!(s.app.triage.filter, Filter::HardProblems);
    assert_eq!(s.app.triage.order, [1, 2]);
    s.keys(&["f", "f", "f", "f"]);
    assert_eq!(s.app.triage.filter, Filter::All);
    s.keys(&["s"]);
    assert_eq!(s.app.triage.order, [0, 1, 3, 2], "by path");
    s.keys(&["s", "s", "s", "s", "s"]);
    // Open the top report (the three-problem one), fix it, mark it done: the next opens.
    s.keys(&["home", "enter"]);
    assert_eq!(s.app.screen, Screen::Review);
    assert_eq!(s.app.current, 1);
    s.keys(&FIX);
    s.keys(&["d", "y"]);
    assert_ne!(s.app.current, 1, "done moves on");
    let row = &s.app.triage.rows[1];
    assert!(
        matches!(row, queue::QueueRow::Loaded(r) if r.status == gouji::annotate::ReportStatus::Done && r.hard.is_empty())
    );
    s.keys(&["Q"]);
    assert_eq!(s.app.screen, Screen::Queue);
    assert_eq!(s.app.triage.done(), 1);
}

/// Options comparing the sets in `li` and `wang`, saving into `dir` as `adjudicated`.
fn adjudication_options(dir: &Path, li: &Path, wang: &Path) -> Options {
    use gouji::annotate::adjudicate::{Adjudication, SetSource};
    let mut options = options_in(dir);
    options.annotator = "adjudicated".into();
    options.adjudicate = Some(Adjudication {
        a: SetSource {
            name: "li".into(),
            dir: Some(li.to_owned()),
            files: Default::default(),
        },
        b: SetSource {
            name: "wang".into(),
            dir: Some(wang.to_owned()),
            files: Default::default(),
        },
    });
    options
}

/// An adjudication session over `report`, comparing the sets in `li` and `wang`, saving into
/// a fresh directory as `adjudicated`.
fn adjudicating(report: &Path, li: &Path, wang: &Path) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let options = adjudication_options(dir.path(), li, wang);
    Session::start(vec![report.to_owned()], options, dir)
}

#[test]
fn adjudication_marks_disagreements_takes_either_side_or_a_third_value_and_saves_a_third_set() {
    let root = tempfile::tempdir().unwrap();
    let report = common::sample(ERRORS);
    let (li, wang) = common::two_annotators(root.path(), &report);
    let li_before = std::fs::read(store::location(&report, "li", Some(&li))).unwrap();
    let mut s = adjudicating(&report, &li, &wang);
    let review = s.app.review().unwrap();
    assert_eq!(review.disagreements, ["t3.new.law_firm", "t3.total.person"]);
    // Disagreements come first among the problems, saying what each annotator gave.
    let first = &review.problems[0];
    assert_eq!(first.name(), "disagree:t3.new.law_firm");
    assert_eq!(first.message, "li 0 confirmed · wang 2 corrected");
    let row = review
        .problems
        .iter()
        .find(|p| p.name() == "T3-ROW[total]")
        .unwrap();
    assert!(
        row.message.ends_with("only wang acknowledged it: 印刷如此"),
        "{}",
        row.message
    );
    // What both said is already the adjudicated label.
    assert_eq!(
        review.annotation.fields["t3.new.total"].status,
        FieldStatus::Confirmed
    );

    s.go_to("t2.rules.issued");
    s.keys(&["}"]);
    assert_eq!(s.field(), "t3.new.law_firm");
    s.keys(&["."]);
    assert_eq!(
        s.field(),
        "t3.total.person",
        "taking a side moves on to the next disagreement"
    );
    assert_eq!(
        s.app.review().unwrap().unresolved().collect::<Vec<_>>(),
        ["t3.total.person"]
    );
    s.keys(&["d"]);
    assert!(
        s.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("not marked done: 1 disagreements left"),
        "{:?}",
        s.app.message
    );
    // Neither side: the adjudicator types a third value.
    s.keys(&["e", "backspace"]);
    s.type_text("8");
    s.keys(&["enter"]);
    assert_eq!(s.app.review().unwrap().unresolved().count(), 0);
    s.keys(&["u"]);
    assert_eq!(s.app.review().unwrap().unresolved().count(), 1, "undo");
    s.keys(&["ctrl-r", "d", "y"]);

    let saved = store::load(&store::location(&report, "adjudicated", Some(s.dir.path())))
        .unwrap()
        .expect("a third annotation set");
    assert_eq!(saved.annotator, "adjudicated");
    assert_eq!(saved.status, ReportStatus::Done);
    let law_firm = &saved.fields["t3.new.law_firm"];
    assert_eq!(
        (law_firm.value, law_firm.status),
        (Some(Number::Int(2)), FieldStatus::Corrected)
    );
    assert_eq!(saved.fields["t3.total.person"].value, Some(Number::Int(8)));
    assert_eq!(saved.fields["t3.new.total"].status, FieldStatus::Confirmed);
    assert!(
        saved.acknowledged.is_empty(),
        "one side's acknowledgement is not carried over unasked"
    );
    assert_eq!(
        std::fs::read(store::location(&report, "li", Some(&li))).unwrap(),
        li_before,
        "the annotators' own files are only read"
    );
}

#[test]
fn adjudicating_takes_the_first_side_and_reopens_a_saved_adjudication() {
    let root = tempfile::tempdir().unwrap();
    let report = common::sample(ERRORS);
    let (li, wang) = common::two_annotators(root.path(), &report);
    let mut s = adjudicating(&report, &li, &wang);
    s.go_to("t3.total.person");
    s.keys(&[","]);
    let review = s.app.review().unwrap();
    assert_eq!(review.value_of("t3.total.person"), Some(Number::Int(7)));
    assert!(
        !review.problems.iter().any(|p| p.name() == "T3-BAL[person]"),
        "li's correction makes the balance hold"
    );
    // Opened again, the saved adjudication is what shows, and what is left to settle.
    let dir = s.dir;
    let mut options = s.app.options;
    options.annotations_dir = Some(dir.path().to_owned());
    let again = Session::start(vec![report.clone()], options, dir);
    let review = again.app.review().unwrap();
    assert_eq!(review.value_of("t3.total.person"), Some(Number::Int(7)));
    assert_eq!(review.unresolved().collect::<Vec<_>>(), ["t3.new.law_firm"]);
}

#[test]
fn adjudication_steps_back_undoes_a_pick_and_accepts_a_one_sided_acknowledgement() {
    let root = tempfile::tempdir().unwrap();
    let report = common::sample(ERRORS);
    let (li, wang) = common::two_annotators(root.path(), &report);
    let mut s = adjudicating(&report, &li, &wang);
    let unresolved = |s: &Session| -> Vec<String> {
        let review = s.app.review().unwrap();
        review.unresolved().map(str::to_owned).collect()
    };
    let person = |s: &Session| {
        let label = &s.app.review().unwrap().annotation.fields["t3.total.person"];
        (label.value, label.status)
    };

    // `{` goes back to the previous disagreement, wrapping around.
    s.go_to("t3.total.person");
    s.keys(&["{"]);
    assert_eq!(s.field(), "t3.new.law_firm");
    s.keys(&["{"]);
    assert_eq!(s.field(), "t3.total.person", "wraps round to the last");

    // On a disagreeing cell `a` acknowledges one of its rules, never the disagreement.
    s.keys(&["a"]);
    match &s
        .app
        .editor
        .as_ref()
        .expect("an acknowledgement editor")
        .purpose
    {
        Purpose::Acknowledge(rules) => assert_eq!(*rules, ["T3-BAL[person]"]),
        other => panic!("{other:?}"),
    }
    s.keys(&["esc"]);
    // With the disagreement itself selected among the problems, `a` says how to settle it.
    s.app.review_mut().unwrap().select_problem(0);
    s.app.focus = Focus::Problems;
    s.keys(&["a"]);
    assert!(s.app.editor.is_none());
    assert!(
        s.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("a disagreement is settled by taking a side"),
        "{:?}",
        s.app.message
    );

    // Taking a side is undone and redone like any other edit.
    s.go_to("t3.total.person");
    s.keys(&["."]);
    assert_eq!(person(&s), (Some(Number::Int(9)), FieldStatus::Confirmed));
    assert_eq!(unresolved(&s), ["t3.new.law_firm"]);
    assert_eq!(
        s.app.message.as_deref(),
        Some("took wang's 9 for t3.total.person; 1 disagreements left")
    );
    s.keys(&["u"]);
    assert_eq!(person(&s), (Some(Number::Int(9)), FieldStatus::Unreviewed));
    assert_eq!(unresolved(&s), ["t3.new.law_firm", "t3.total.person"]);
    s.keys(&["ctrl-r"]);
    assert_eq!(person(&s).1, FieldStatus::Confirmed);

    // Only wang acknowledged T3-ROW[total]: `a` on it starts from wang's note, enter accepts.
    let review = s.app.review_mut().unwrap();
    let row = review
        .problems
        .iter()
        .position(|p| p.name() == "T3-ROW[total]")
        .unwrap();
    review.select_problem(row);
    s.app.focus = Focus::Problems;
    s.keys(&["a"]);
    let editor = s.app.editor.as_ref().expect("an acknowledgement editor");
    assert_eq!(
        editor.purpose,
        Purpose::Acknowledge(vec!["T3-ROW[total]".into()])
    );
    assert_eq!(editor.textarea.lines(), ["印刷如此"]);
    s.keys(&["enter"]);
    let saved = store::load(&store::location(&report, "adjudicated", Some(s.dir.path())))
        .unwrap()
        .unwrap();
    assert_eq!(saved.acknowledged["T3-ROW[total]"].note, "印刷如此");
    assert_eq!(saved.fields["t3.total.person"].value, Some(Number::Int(9)));
    assert!(
        !saved
            .acknowledged
            .keys()
            .any(|k| k.starts_with("disagree:")),
        "{:?}",
        saved.acknowledged
    );
}

#[test]
fn adjudicating_the_queue_counts_the_disagreements_left_per_report() {
    let root = tempfile::tempdir().unwrap();
    let report = common::sample(ERRORS);
    let clean = common::sample("2021-clean.txt");
    let (li, wang) = common::two_annotators(root.path(), &report);
    let dir = tempfile::tempdir().unwrap();
    let options = adjudication_options(dir.path(), &li, &wang);
    let mut s = Session::triage_with(&[clean, report], options, dir);
    let left = |s: &Session, i: usize| match &s.app.triage.rows[i] {
        queue::QueueRow::Loaded(r) => r.disagreements,
        other => panic!("{other:?}"),
    };
    assert_eq!(left(&s, 0), Some(0), "nobody annotated the clean report");
    assert_eq!(left(&s, 1), Some(2));
    // Settling one in the report shows in its row.
    s.app.triage.select(1);
    s.keys(&["enter"]);
    assert_eq!(s.app.current, 1);
    s.keys(&[","]);
    s.keys(&["Q"]);
    assert_eq!(left(&s, 1), Some(1));
    // An unreadable side: the row names the file, and so does opening the report.
    let broken = store::location(&common::sample(ERRORS), "li", Some(&li));
    std::fs::write(&broken, "[]").unwrap();
    let o = &s.app.options;
    let row = loader::summarize(
        &common::sample(ERRORS),
        &o.locations(),
        o.adjudicate.as_ref(),
    );
    match row {
        queue::QueueRow::Broken(trouble, why) => {
            assert_eq!(trouble, queue::Trouble::UnreadableSide);
            assert!(why.contains(&broken.display().to_string()), "{why}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unreadable_side_stops_the_report_and_names_the_file() {
    let root = tempfile::tempdir().unwrap();
    let report = common::sample(ERRORS);
    let (li, wang) = common::two_annotators(root.path(), &report);
    let broken = store::location(&report, "wang", Some(&wang));
    std::fs::write(&broken, "{ not json").unwrap();
    let s = adjudicating(&report, &li, &wang);
    assert!(s.app.review().is_none());
    let why = &s.app.broken[&0];
    assert!(
        why.message.contains(&broken.display().to_string()),
        "{}",
        why.message
    );
    assert_eq!(
        why.unreadable_annotation, None,
        "never offered to move another annotator's file aside"
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "{ not json");
}

#[test]
fn with_one_side_missing_there_is_nothing_to_settle_and_keys_say_so() {
    let root = tempfile::tempdir().unwrap();
    let report = common::sample(ERRORS);
    let (li, _) = common::two_annotators(root.path(), &report);
    let mut s = adjudicating(&report, &li, &root.path().join("nobody"));
    let review = s.app.review().unwrap();
    assert!(review.disagreements.is_empty());
    assert_eq!(review.value_of("t3.total.person"), Some(Number::Int(7)));
    s.keys(&["."]);
    assert_eq!(
        s.app.message.as_deref(),
        Some("wang did not annotate this report")
    );
    let mut plain = Session::open(&[ERRORS]);
    plain.keys(&["}"]);
    assert!(plain
        .app
        .message
        .as_deref()
        .unwrap()
        .starts_with("not adjudicating"));
}

#[test]
fn cross_year_carry_links_the_two_nanxi_samples_across_formats_both_ways() {
    // 2022 (text) carries 2 requests forward; the 2023 web page carries none over.
    let paths = [
        common::sample("2022-carry-forward.txt"),
        common::sample("2023-web-page.html"),
    ];
    let mut s = Session::triage(&paths);
    assert_eq!(s.app.triage.cross_year(0).len(), 1);
    assert_eq!(s.app.triage.cross_year(1).len(), 1);
    for (from, field, to, other) in [
        (1, "t3.carried_over.total", 0, "t3.carried_forward.total"),
        (0, "t3.carried_forward.total", 1, "t3.carried_over.total"),
    ] {
        s.keys(&["Q"]);
        s.app
            .triage
            .select(s.app.triage.order.iter().position(|&i| i == from).unwrap());
        s.keys(&["enter"]);
        assert_eq!(s.app.current, from);
        let review = s.app.review().unwrap();
        let x = review
            .problems
            .iter()
            .position(|p| p.name() == "X-CARRY")
            .expect("X-CARRY on both years");
        assert!(
            review.problems[x]
                .message
                .contains("2022 carried forward 2, but 2023 carried over 0"),
            "{}",
            review.problems[x].message
        );
        s.app.review_mut().unwrap().select_problem(x);
        assert_eq!(s.field(), field);
        s.keys(&["L"]);
        assert_eq!(s.app.current, to, "L opens the other year");
        assert_eq!(s.field(), other, "at its cell");
    }
}

#[test]
fn same_named_reports_in_one_annotations_directory_get_a_file_each() {
    use gouji::annotate::store::Locations;
    let reports = tempfile::tempdir().unwrap();
    let (a, b) = (reports.path().join("a"), reports.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(common::sample(ERRORS), a.join("report.txt")).unwrap();
    std::fs::copy(common::sample("2021-clean.txt"), b.join("report.txt")).unwrap();
    let paths = vec![a.join("report.txt"), b.join("report.txt")];
    let dir = tempfile::tempdir().unwrap();
    // An earlier session, on b's report alone, saved it under the plain name.
    let plain = store::location(&paths[1], "tester", Some(dir.path()));
    let earlier = {
        let report = gouji::report::Report::load(&paths[1]).unwrap();
        let mut ann = gouji::annotate::Annotation::from_extraction(
            &report,
            &gouji::extract::extract(&report),
            "tester",
        );
        ann.set_note("b's earlier work");
        store::save(&plain, &ann).unwrap();
        ann
    };
    let mut options = options_in(dir.path());
    options.annotation_files = Locations::new("tester", Some(dir.path()), &paths).files;
    let mut s = Session::start(paths.clone(), options, dir);
    s.keys(&FIX);
    s.run(vec![Effect::Open(1)]);
    s.app.current = 1;
    s.keys(&["M"]);
    s.type_text("b again");
    s.keys(&["enter"]);
    let (first, second) = (
        s.app.reviews[&0].annotation_path.clone(),
        s.app.reviews[&1].annotation_path.clone(),
    );
    assert_ne!(first, second);
    assert_eq!(
        second, plain,
        "the existing file stays b's: nothing is moved"
    );
    assert!(first.starts_with(s.dir.path()));
    let a_saved = store::load(&first).unwrap().unwrap();
    assert_eq!(
        a_saved.fields["t3.total.person"].value,
        Some(Number::Int(7))
    );
    let b_saved = store::load(&second).unwrap().unwrap();
    assert_eq!(b_saved.report.sha256, earlier.report.sha256);
    assert!(b_saved.note.ends_with("b again"), "{}", b_saved.note);
}

#[test]
fn shift_letter_in_a_keymap_is_the_upper_case_key_and_counts_as_binding_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = options_in(dir.path());
    options.keymap = Keymap::parse(r#"{"normal": {"shift-x": "help"}}"#, "keymap.json").unwrap();
    let mut s = Session::start(vec![common::sample(ERRORS)], options, dir);
    s.keys(&["x"]);
    assert!(!s.app.help, "shift-x is not x");
    s.keys(&["X"]);
    assert!(s.app.help, "shift-x is X");
    s.keys(&["X"]);
    // A terminal may report shift with the lower-case letter: still X.
    let effects = update(
        &mut s.app,
        Msg::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::SHIFT)),
    );
    s.run(effects);
    assert!(s.app.help);
    let twice = Keymap::parse(
        r#"{"normal": {"G": "bottom", "shift-g": "top"}}"#,
        "keymap.json",
    )
    .unwrap_err()
    .to_string();
    assert!(
        twice.contains("keymap.json: normal.\"shift-g\"") && twice.contains("already bound"),
        "{twice}"
    );
    let layout = Keymap::parse(r#"{"normal": {"shift-1": "help"}}"#, "keymap.json")
        .unwrap_err()
        .to_string();
    assert!(layout.contains("malformed key \"shift-1\""), "{layout}");
}

#[test]
fn cross_year_carry_counts_in_the_queue_soft_column_and_in_problems_left() {
    let paths = [
        common::sample("2022-carry-forward.txt"),
        common::sample("2023-web-page.html"),
    ];
    let mut s = Session::triage(&paths);
    let own = |s: &Session, i: usize| match &s.app.triage.rows[i] {
        queue::QueueRow::Loaded(r) => (r.hard.len(), r.soft.len()),
        other => panic!("{other:?}"),
    };
    let total_own = |s: &Session| (0..2).map(|i| own(s, i).0 + own(s, i).1).sum::<usize>();
    for i in 0..2 {
        assert_eq!(s.app.triage.soft(i), own(&s, i).1 + 1, "row {i}");
    }
    assert_eq!(s.app.triage.problems_left(), total_own(&s) + 2);
    // Acknowledged on one report, the link still counts on the other.
    s.app.triage.select(0);
    s.keys(&["enter"]);
    let x = s
        .app
        .review()
        .unwrap()
        .problems
        .iter()
        .position(|p| p.name() == "X-CARRY")
        .unwrap();
    s.app.review_mut().unwrap().select_problem(x);
    s.app.focus = Focus::Problems;
    s.keys(&["a"]);
    s.type_text("上年结转口径不同");
    s.keys(&["enter"]);
    assert_eq!(s.app.triage.soft(0), own(&s, 0).1);
    assert_eq!(s.app.triage.soft(1), own(&s, 1).1 + 1);
    assert_eq!(s.app.triage.problems_left(), total_own(&s) + 1);
}

#[test]
fn meta_rows_are_cells_edited_confirmed_marked_and_their_evidence_shown() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("meta.year");
    let review = s.app.review().unwrap();
    let span = review.span_of("meta.year").expect("the year's evidence");
    assert_eq!(span.slice(&review.report.text), Some("2023"));
    s.keys(&["c"]);
    let meta = s.saved(ERRORS).meta;
    assert_eq!(meta.status["year"], FieldStatus::Confirmed);
    // Refused input keeps the editor open with the reason, then a correction is saved.
    s.keys(&["e"]);
    s.keys(&["backspace"; 8]);
    s.type_text("二〇二三");
    s.keys(&["enter"]);
    let editor = s.app.editor.as_ref().expect("editor stays open");
    assert!(editor
        .error
        .as_deref()
        .unwrap()
        .contains("meta.year is a year"));
    s.keys(&["backspace"; 8]);
    s.type_text("2022");
    s.keys(&["enter"]);
    assert!(s.app.editor.is_none());
    let meta = s.saved(ERRORS).meta;
    assert_eq!(
        (meta.year, meta.status["year"]),
        (Some(2022), FieldStatus::Corrected)
    );
    assert_eq!(
        s.app
            .review()
            .unwrap()
            .effective
            .meta
            .year
            .as_ref()
            .unwrap()
            .value,
        2022
    );

    s.go_to("meta.agency");
    let review = s.app.review().unwrap();
    let span = review.span_of("meta.agency").unwrap();
    assert_eq!(
        span.slice(&review.report.text),
        Some("东湖区市场监督管理局")
    );
    s.keys(&["A"]);
    let meta = s.saved(ERRORS).meta;
    assert_eq!(
        (meta.agency, meta.status["agency"]),
        (None, FieldStatus::Absent)
    );
    s.keys(&["B"]);
    assert_eq!(s.saved(ERRORS).meta.status["agency"], FieldStatus::Blank);
    s.keys(&["e"]);
    s.type_text("东湖区人民政府");
    s.keys(&["enter"]);
    let meta = s.saved(ERRORS).meta;
    assert_eq!(meta.agency.as_deref(), Some("东湖区人民政府"));
    assert_eq!(meta.status["agency"], FieldStatus::Corrected);

    // The format: never absent; correcting it lays the sheet out for the other template.
    s.go_to("meta.format");
    s.keys(&["A"]);
    assert!(
        s.app
            .message
            .as_deref()
            .unwrap()
            .contains("always has a value"),
        "{:?}",
        s.app.message
    );
    s.keys(&["e"]);
    s.keys(&["backspace"; 20]);
    s.type_text("template-2019");
    s.keys(&["enter"]);
    let a = s.saved(ERRORS);
    assert_eq!(a.format, gouji::fields::Format::Template2019);
    assert_eq!(a.meta.status["format"], FieldStatus::Corrected);
    let review = s.app.review().unwrap();
    assert!(gouji::tui::sheet::find(&review.sheet, "t3.other.person").is_some());
    assert_eq!(s.field(), "meta.format", "the cursor stays on its row");
    s.keys(&["u"]);
    let review = s.app.review().unwrap();
    assert!(gouji::tui::sheet::find(&review.sheet, "t3.other.misc.person").is_some());
}

/// README's "A first session": open, find the problem, fix a cell, acknowledge one, `d`.
#[test]
fn the_first_session_of_the_readme_works_as_written() {
    let mut s = Session::open(&["2020-text-mismatch.txt"]);
    assert_eq!(s.problems(), ["T4-SUM[review]", "N-TEXT[t3.new.total]"]);
    assert_eq!(
        s.field(),
        "t4.review.corrected",
        "the cell fix candidate 1 changes"
    );
    s.keys(&["e", "backspace"]);
    s.type_text("2");
    s.keys(&["enter"]);
    assert_eq!(s.problems(), ["N-TEXT[t3.new.total]"]);
    s.keys(&["]"]);
    assert_eq!(s.field(), "t3.new.total");
    s.keys(&["a"]);
    s.type_text("正文写15件，表三为17件，以表为准");
    s.keys(&["enter"]);
    assert!(s.problems().is_empty());
    s.keys(&["d"]);
    assert!(s
        .app
        .message
        .as_deref()
        .is_some_and(|m| m.ends_with("values unreviewed — mark done anyway? y/n")));
    s.keys(&["y"]);
    let a = s.saved("2020-text-mismatch.txt");
    assert_eq!(a.status, ReportStatus::Done);
    assert!(a.acknowledged.contains_key("N-TEXT[t3.new.total]"));
    assert_eq!(a.fields["t4.review.corrected"].value, Some(Number::Int(2)));
}

/// A failed hard rule on a value read without certainty is the reader's to check, listed
/// before the report's own errors, and `]` lands on the value in doubt; once the analyst has
/// confirmed it, the same failure is the report's error.
#[test]
fn a_failure_on_an_unsure_value_asks_to_check_the_reading_first() {
    use gouji::extract::Reading;
    use gouji::tui::review::{Review, Whose};
    let path = common::sample(ERRORS);
    let report = gouji::report::Report::load(&path).unwrap();
    let mut extraction = gouji::extract::extract(&report);
    extraction.fields.get_mut("t3.new.person").unwrap().reading = Reading::Ambiguous;
    let annotation = gouji::annotate::Annotation::from_extraction(&report, &extraction, "tester");
    let mut review = Review::new(report, extraction, annotation, path, None, 60);
    let kinds: Vec<(String, Whose)> = review
        .problems
        .iter()
        .map(|p| (p.name(), p.whose()))
        .collect();
    assert_eq!(
        kinds[0],
        ("T3-BAL[person]".to_owned(), Whose::Reading),
        "{kinds:?}"
    );
    assert!(
        kinds[1..].iter().all(|(_, w)| *w != Whose::Reading),
        "{kinds:?}"
    );
    review.select_problem(0);
    assert_eq!(review.selected_field(), Some("t3.new.person"));
    review.annotation.confirm("t3.new.person").unwrap();
    review.refresh();
    let bal = review
        .problems
        .iter()
        .find(|p| p.name() == "T3-BAL[person]")
        .unwrap();
    assert_eq!(bal.whose(), Whose::Report, "reviewed values are read");
}

#[test]
fn enter_moves_on_along_the_row_and_a_typed_row_fills_its_cells_in_one_change() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.granted.person");
    s.keys(&["e", "backspace"]);
    s.type_text("5");
    s.keys(&["enter"]);
    assert_eq!(
        s.field(),
        "t3.granted.business",
        "enter moves to the next cell"
    );

    s.go_to("t3.partial.person");
    s.keys(&["e", "backspace"]);
    s.type_text("1 2\t0 0 0 0 3");
    s.keys(&["enter"]);
    let a = s.saved(ERRORS);
    let row: Vec<Option<Number>> = gouji::fields::T3_COLUMNS
        .iter()
        .map(|(c, _)| a.fields[&format!("t3.partial.{c}")].value)
        .collect();
    let n = |i| Some(Number::Int(i));
    assert_eq!(row, [n(1), n(2), n(0), n(0), n(0), n(0), n(3)]);
    assert_eq!(
        s.field(),
        "t3.partial.total",
        "the cursor stops at the row's end"
    );
    assert_eq!(s.app.message.as_deref(), Some("7 cells of the row filled"));
    s.keys(&["u"]);
    assert_eq!(
        s.saved(ERRORS).fields["t3.partial.business"].value,
        n(0),
        "one undo takes the whole row back"
    );

    s.go_to("t3.partial.nonprofit");
    s.keys(&["e", "backspace"]);
    s.type_text("1 2 3 4 5");
    s.keys(&["enter"]);
    let editor = s
        .app
        .editor
        .as_ref()
        .expect("too many values keep the editor open");
    assert_eq!(
        editor.error.as_deref(),
        Some("5 values typed, but this row has 4 cells from here")
    );
}

#[test]
fn closing_help_is_all_its_closing_key_does() {
    let mut s = Session::open(&[ERRORS]);
    s.keys(&["?"]);
    assert!(s.app.help);
    s.keys(&["d"]);
    assert!(!s.app.help);
    assert!(s.app.question.is_none(), "d only closed help");
    s.keys(&["?", "q"]);
    assert!(!s.app.help && !s.app.quit_pending, "q only closed help");
}

#[test]
fn marking_done_with_open_problems_asks_and_only_y_says_yes() {
    let mut s = Session::open(&[ERRORS]);
    s.keys(&["d"]);
    assert_eq!(
        s.app.message.as_deref(),
        Some("3 hard problems open, 200 values unreviewed — mark done anyway? y/n")
    );
    s.keys(&["d"]);
    assert_eq!(s.app.message.as_deref(), Some("not marked done"));
    s.keys(&["d", "y"]);
    assert_eq!(s.saved(ERRORS).status, ReportStatus::Done);
}

#[test]
fn a_message_lasts_until_the_next_key() {
    let mut s = Session::open(&[ERRORS]);
    s.keys(&["e", "esc"]);
    assert!(s.app.message.is_some(), "cancelling says so");
    s.keys(&["j"]);
    assert_eq!(s.app.message, None, "moving on makes it stale");
}

#[test]
fn undo_says_what_it_changed_in_the_sheets_words() {
    let mut s = Session::open(&[ERRORS]);
    s.keys(&FIX);
    s.keys(&["u"]);
    assert_eq!(
        s.app.message.as_deref(),
        Some("undone: （七）总计·个人 7 → 9")
    );
    s.keys(&["ctrl-r"]);
    assert_eq!(
        s.app.message.as_deref(),
        Some("redone: （七）总计·个人 9 → 7")
    );
}

#[test]
fn reopening_an_acknowledged_problem_says_so_and_keeps_its_note() {
    let mut s = Session::open(&[ERRORS]);
    s.app.focus = Focus::Problems;
    s.keys(&["a"]);
    s.type_text("原表如此");
    s.keys(&["enter"]);
    let acked = {
        let review = s.app.review().unwrap();
        review
            .problems
            .iter()
            .position(|p| p.acknowledged.is_some())
            .unwrap()
    };
    s.app.review_mut().unwrap().problem = acked;
    s.keys(&["a"]);
    let message = s.app.message.clone().unwrap();
    assert!(message.starts_with("reopened T3-"), "{message}");
    assert!(s.saved(ERRORS).acknowledged.is_empty());
    s.keys(&["a"]);
    assert_eq!(
        s.app.editor.as_ref().map(|e| e.text()).as_deref(),
        Some("原表如此"),
        "acknowledging it again starts from its note"
    );
}

#[test]
fn on_the_queue_the_status_bar_speaks_of_the_selected_row() {
    use ratatui::backend::TestBackend;
    let paths = vec![common::sample("2021-clean.txt"), common::sample(ERRORS)];
    let mut s = Session::triage(&paths);
    let status_of = |s: &Session| {
        let mut terminal = ratatui::Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|f| gouji::tui::view::render(f, &s.app))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..120u16)
            .map(|x| buffer[(x, 38)].symbol().to_owned())
            .collect::<String>()
    };
    let first = s.app.triage.selected().unwrap();
    s.keys(&["j"]);
    let second = s.app.triage.selected().unwrap();
    assert_ne!(first, second);
    let name = paths[second]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let bar = status_of(&s);
    assert!(bar.contains(&format!("{name} [2/2] todo")), "{bar}");
}

#[test]
fn laid_out_text_opens_unwrapped_and_scrolls_sideways_to_its_evidence() {
    let mut s = Session::open(&["layout-pdftotext.txt"]);
    let review = s.app.review().unwrap();
    assert!(review.unwrapped, "columns parted by spaces open unwrapped");
    // The selected value's evidence is on screen: its column is inside the pane.
    let (width, _) = gouji::tui::update::report_view_size(&s.app);
    let span = review.span_of(review.selected_field().unwrap()).unwrap();
    let start = review.report.text[..span.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let column = gouji::text::width::str_width(&review.report.text[start..span.start]);
    assert!(
        (review.report_left..review.report_left + width).contains(&column),
        "column {column} shown from {} in {width}",
        review.report_left
    );
    s.app.focus = Focus::Report;
    s.app.review_mut().unwrap().report_left = 0;
    s.keys(&["l", "l"]);
    assert_eq!(s.app.review().unwrap().report_left, 16);
    s.keys(&["h"]);
    assert_eq!(s.app.review().unwrap().report_left, 8);
    s.keys(&["w"]);
    let review = s.app.review().unwrap();
    assert!(!review.unwrapped);
    assert_eq!(review.report_left, 0);

    let prose = Session::open(&["prose-clean.txt"]);
    assert!(!prose.app.review().unwrap().unwrapped, "prose wraps");
}

#[test]
fn a_row_read_into_the_wrong_columns_shifts_back_in_one_change() {
    let mut s = Session::open(&[ERRORS]);
    s.go_to("t3.granted.business");
    let row = |s: &Session| -> Vec<Option<Number>> {
        let review = s.app.review().unwrap();
        gouji::fields::T3_COLUMNS
            .iter()
            .map(|(c, _)| review.effective.value(&format!("t3.granted.{c}")))
            .collect()
    };
    let before = row(&s);
    s.keys(&[")"]);
    let after = row(&s);
    assert_eq!(after[0], None, "the cell left empty is blank");
    assert_eq!(after[1..], before[..6]);
    assert!(s
        .app
        .message
        .as_deref()
        .unwrap()
        .contains("shifted one column right"));
    s.keys(&["("]);
    assert_eq!(row(&s)[..6], before[..6]);
    assert_eq!(row(&s)[6], None, "the value pushed off the end went");
    s.keys(&["u", "u"]);
    assert_eq!(row(&s), before);
    s.go_to("t2.rules.issued");
    s.keys(&["("]);
    assert_eq!(
        s.app.message.as_deref(),
        Some("only a grid's rows shift (表三, 表四)")
    );
}

#[test]
fn a_row_printed_but_not_read_is_a_problem_that_shows_where_its_label_is() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::sample("2021-clean.txt")).unwrap();
    let printed = "5.要求行政机关确认或重新出具已获取信息 |\n";
    let row = format!("{printed}{}||\n", "0 |\n".repeat(7));
    assert!(text.contains(&row));
    let path = dir.path().join("unread.txt");
    std::fs::write(&path, text.replace(&row, &format!("{printed}||\n"))).unwrap();
    let s = Session::start(vec![path], options_in(dir.path()), dir);
    let review = s.app.review().unwrap();
    let problem = review
        .problems
        .iter()
        .find(|p| p.name() == "flag:row-not-read")
        .expect("the unread row is a problem");
    assert_eq!(
        problem.message,
        "row 5.要求行政机关确认或重新出具已… is in the text but its numbers were not read"
    );
    let span = review.span_of("t3.rejected.confirm.person").unwrap();
    assert!(
        review.report.text[span.start..span.end].starts_with("5.要求行政机关确认"),
        "selecting its cell shows its label"
    );
}

#[test]
fn a_total_left_blank_in_many_rows_is_one_problem_acknowledged_at_once() {
    let mut s = Session::open(&["2021-clean.txt"]);
    let rows = [
        "t3.new",
        "t3.granted",
        "t3.unable.not_held",
        "t3.rejected.repeat",
    ];
    for row in rows {
        s.go_to(&format!("{row}.total"));
        s.keys(&["B"]);
    }
    let review = s.app.review().unwrap();
    let grouped: Vec<&gouji::tui::review::Problem> = review
        .problems
        .iter()
        .filter(|p| p.name().starts_with("T3-ROW"))
        .collect();
    assert_eq!(
        grouped.len(),
        1,
        "one cause, one problem: {:?}",
        s.problems()
    );
    assert_eq!(grouped[0].name(), "T3-ROW×4");
    assert_eq!(grouped[0].message, "总计 left blank in 4 rows");
    let index = review
        .problems
        .iter()
        .position(|p| p.name() == "T3-ROW×4")
        .unwrap();
    s.app.review_mut().unwrap().problem = index;
    s.app.focus = Focus::Problems;
    s.keys(&["a"]);
    s.type_text("原表总计栏空白");
    s.keys(&["enter"]);
    let a = s.saved("2021-clean.txt");
    let acked: Vec<&String> = a
        .acknowledged
        .keys()
        .filter(|r| r.starts_with("T3-ROW"))
        .collect();
    assert_eq!(acked.len(), 4, "{acked:?}");
    assert!(!s.problems().iter().any(|p| p.starts_with("T3-ROW")));
}

#[test]
fn values_typed_into_a_row_not_read_take_their_evidence_from_beside_its_label() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::sample("2021-clean.txt")).unwrap();
    let printed = "5.要求行政机关确认或重新出具已获取信息 |\n";
    let row = format!("{printed}{}||\n", "0 |\n".repeat(7));
    // The row's numbers glued into one line no reader takes for cells.
    let path = dir.path().join("unread.txt");
    std::fs::write(
        &path,
        text.replace(
            &row,
            &format!("{printed}见附表：０件 0件 1件 0 0 0 1\n||\n"),
        ),
    )
    .unwrap();
    let mut s = Session::start(vec![path], options_in(dir.path()), dir);
    assert!(
        !s.app
            .review()
            .unwrap()
            .extraction
            .fields
            .contains_key("t3.rejected.confirm.person"),
        "the row is printed but not read"
    );
    s.go_to("t3.rejected.confirm.person");
    s.keys(&["e", "backspace"]);
    s.type_text("0 0 1 0 0 0 1");
    s.keys(&["enter"]);
    let review = s.app.review().unwrap();
    let a = &review.annotation;
    let span = |f: &str| a.fields[f].span.unwrap();
    let text = &review.report.text;
    assert_eq!(
        &text[span("t3.rejected.confirm.person").start..span("t3.rejected.confirm.person").end],
        "０"
    );
    assert_eq!(
        &text[span("t3.rejected.confirm.research").start..span("t3.rejected.confirm.research").end],
        "1"
    );
    assert!(
        span("t3.rejected.confirm.research").start > span("t3.rejected.confirm.business").start
    );
}

#[test]
fn a_report_shows_its_text_while_its_tables_are_read_and_takes_no_edit_meanwhile() {
    use gouji::tui::locks::Locks;
    let dir = tempfile::tempdir().unwrap();
    let options = options_in(dir.path());
    let path = common::sample(ERRORS);
    let (mut app, _) = App::new(vec![path.clone()], options.clone(), (120, 40));
    let report = gouji::tui::loader::load(&path).unwrap();
    update(&mut app, Msg::Previewed(0, Box::new(report.clone())));
    let screen = |app: &App| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| gouji::tui::view::render(f, app)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..40u16)
            .map(|y| {
                (0..120u16)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let first = screen(&app);
    assert!(first.contains("reading the tables…"), "{first}");
    assert!(
        first.replace(' ', "").contains("政府信息公开"),
        "the text shows: {first}"
    );
    assert!(
        first.lines().any(|l| l.starts_with(" reading… ")),
        "nothing is saved yet, and the status bar does not say so: {first}"
    );
    for key in ["c", "M", "e", "a"] {
        let effects = update(&mut app, Msg::Key(key_event(key)));
        assert!(effects.is_empty() && app.editor.is_none(), "{key}");
        assert_eq!(
            app.message.as_deref(),
            Some("still reading the tables; a moment"),
            "{key}"
        );
    }
    update(&mut app, Msg::Key(key_event("w")));
    assert!(
        app.review().unwrap().unwrapped,
        "the text can be unwrapped meanwhile"
    );
    let loaded = gouji::tui::loader::open_loaded(&Locks::default(), &path, report, &options);
    update(&mut app, Msg::Opened(0, loaded.map(Box::new)));
    let opened = screen(&app);
    assert!(!opened.contains("reading the tables…"), "{opened}");
    assert!(opened.contains("3 open"), "{opened}");
}

#[test]
fn in_the_vim_keymap_dd_marks_nothing_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = options_in(dir.path());
    options.keymap = Keymap::base("vim").unwrap();
    let paths = vec![common::sample(ERRORS), common::sample("2021-clean.txt")];
    let mut s = Session::start(paths, options, dir);
    s.keys(&["d", "d"]);
    assert_eq!(s.app.message.as_deref(), Some("not marked done"));
    assert_eq!(s.app.current, 0, "still on the first report");
    assert_ne!(s.saved_status(ERRORS), Some(ReportStatus::Done));
}

#[test]
fn the_queue_counts_a_total_left_blank_in_many_rows_as_one_problem() {
    let report = gouji::report::Report::load(&common::sample("2021-clean.txt")).unwrap();
    let mut effective = gouji::extract::extract(&report);
    for row in ["t3.new", "t3.granted", "t3.unable.not_held"] {
        effective
            .fields
            .get_mut(&format!("{row}.total"))
            .unwrap()
            .value = None;
    }
    let violations = gouji::rules::check(&effective);
    let summary = queue::QueueSummary::new(&effective, &violations, 0.5, None, None, None);
    assert!(
        summary.hard.contains(&"T3-ROW×3".to_owned()),
        "{:?}",
        summary.hard
    );
    assert!(!summary.hard.iter().any(|r| r.starts_with("T3-ROW[")));
}

#[test]
fn values_read_without_certainty_are_a_problem_to_check_until_reviewed() {
    use gouji::tui::review::Whose;
    let mut s = Session::open(&["layout-web-flattened.txt"]);
    let unsure = |s: &Session| {
        s.app
            .review()
            .unwrap()
            .problems
            .iter()
            .find(|p| p.name() == "unsure")
            .map(|p| (p.fields.clone(), p.whose()))
    };
    let (fields, whose) = unsure(&s).expect("the flattened sample has glued runs read ambiguously");
    assert_eq!(whose, Whose::Reading);
    let index = s
        .app
        .review()
        .unwrap()
        .problems
        .iter()
        .position(|p| p.name() == "unsure")
        .unwrap();
    s.app.review_mut().unwrap().select_problem(index);
    assert_eq!(s.field(), fields[0], "it selects the first value to check");
    s.keys(&["c"]);
    let left = unsure(&s).map_or(0, |(f, _)| f.len());
    assert_eq!(left, fields.len() - 1, "a confirmed value is read");
    // `space` confirms and goes on to the next value in doubt.
    s.app.review_mut().unwrap().select_problem(index);
    assert_eq!(s.field(), fields[1]);
    s.keys(&["space"]);
    assert_eq!(s.field(), fields[2], "on to the next value to check");
}
