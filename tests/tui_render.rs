//! Whole-screen renders of every sample on ratatui's `TestBackend`, snapshotted with insta,
//! at 80×24, 120×40 and 99×31 (odd pane widths, where a Han character lands on the last
//! column); and every
//! size from 1×1 to 200×60 renders without panic inside its area.

mod common;

use std::path::PathBuf;

use gouji::tui::app::{App, Effect, Options};
use gouji::tui::keymap::Keymap;
use gouji::tui::run::Runtime;
use gouji::tui::style::Theme;
use gouji::tui::update::update;
use gouji::tui::view;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

fn options(dir: &std::path::Path) -> Options {
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

/// A session over `files`, with its first report opened, sized `w`×`h`.
fn session(files: Vec<PathBuf>, w: u16, h: u16, dir: &std::path::Path) -> App {
    let (mut app, effects) = App::new(files, options(dir), (w, h));
    run_effects(&mut app, effects);
    app
}

fn run_effects(app: &mut App, effects: Vec<Effect>) {
    Runtime::default().settle(app, effects);
}

fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

fn samples() -> Vec<PathBuf> {
    // Relative paths, so snapshots do not depend on where the checkout is. The files a
    // directory walk takes: not the README, nor the script writing the PDF samples.
    let extensions = gouji::corpus::report_extensions();
    let mut v: Vec<PathBuf> = std::fs::read_dir(common::sample(""))
        .unwrap()
        .map(|e| PathBuf::from("samples").join(e.unwrap().file_name()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| extensions.iter().any(|x| e == x.as_str()))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_sample_at_standard_and_awkward_sizes() {
    let dir = tempfile::tempdir().unwrap();
    for path in samples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for (w, h) in [(80, 24), (120, 40), (99, 31)] {
            let app = session(vec![path.clone()], w, h, dir.path());
            let screen = text(&draw(&app, w, h));
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn every_size_renders_inside_its_area() {
    let dir = tempfile::tempdir().unwrap();
    let files = samples();
    let mut app = session(files, 120, 40, dir.path());
    let sizes = (1..=200u16)
        .step_by(7)
        .chain([59, 60, 61, 199, 200, 400])
        .flat_map(|w| {
            (1..=60u16)
                .step_by(5)
                .chain([15, 16, 17, 60, 120])
                .map(move |h| (w, h))
        });
    // Sizes in turn, as a window dragged through them would deliver them.
    for (w, h) in sizes {
        {
            let effects = update(&mut app, gouji::tui::app::Msg::Resize(w, h));
            run_effects(&mut app, effects);
            let buffer = draw(&app, w, h);
            assert_eq!(buffer.area.width, w);
            // Every row's symbols fit the width: no wide character hangs over the edge.
            for y in 0..h {
                let mut used = 0;
                let mut x = 0;
                while x < w {
                    let sym = buffer[(x, y)].symbol();
                    let sw = unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
                    used += sw;
                    x += sw;
                }
                assert!(used <= w + 1, "{w}x{h} row {y} overflows");
            }
        }
    }
}

#[test]
fn the_real_cursor_sits_at_the_editor_caret() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = session(
        vec![PathBuf::from("samples/2021-t3-errors.txt")],
        120,
        40,
        dir.path(),
    );
    for c in ['m', '核', '对'] {
        let ev = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        let effects = update(&mut app, gouji::tui::app::Msg::Key(ev));
        run_effects(&mut app, effects);
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| view::render(f, &app)).unwrap();
    let cursor = terminal.get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer();
    // Two wide characters typed: the caret is four columns right of where 核 is drawn.
    let row: String = (0..120)
        .map(|x| buffer[(x, cursor.y)].symbol().to_owned())
        .collect();
    let start = (0..120u16)
        .find(|&x| buffer[(x, cursor.y)].symbol() == "核")
        .expect(&row);
    assert_eq!(cursor.x, start + 4, "{row}");
}

#[test]
fn without_colour_problems_are_still_marked() {
    use gouji::tui::style::Theme;
    let plain = Theme { color: false };
    assert_eq!(plain.hard().fg, None);
    assert!(plain
        .hard()
        .add_modifier
        .contains(ratatui::style::Modifier::BOLD));
    assert!(plain
        .soft()
        .add_modifier
        .contains(ratatui::style::Modifier::UNDERLINED));
    assert!(Theme { color: true }.hard().fg.is_some());
}

/// Options adjudicating li's and wang's sets of `report` (written under `root`).
fn adjudication_options(root: &std::path::Path, report: &std::path::Path) -> Options {
    use gouji::annotate::adjudicate::{Adjudication, SetSource};
    let (li, wang) = common::two_annotators(root, report);
    let mut options = options(&root.join("adjudicated"));
    options.annotator = "adjudicated".into();
    let set = |name: &str, dir: PathBuf| SetSource {
        name: name.into(),
        dir: Some(dir),
        files: Default::default(),
    };
    options.adjudicate = Some(Adjudication {
        a: set("li", li),
        b: set("wang", wang),
    });
    options
}

#[test]
fn adjudicating_marks_the_disagreements_and_says_what_each_annotator_gave() {
    let root = tempfile::tempdir().unwrap();
    let report = PathBuf::from("samples/2021-t3-errors.txt");
    let options = adjudication_options(root.path(), &report);
    let (mut app, effects) = App::new(vec![report], options, (120, 40));
    run_effects(&mut app, effects);
    insta::assert_snapshot!(text(&draw(&app, 120, 40)));
    // The settled cell loses its ≠; the other is still marked.
    let effects = update(
        &mut app,
        gouji::tui::app::Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(','),
        )),
    );
    run_effects(&mut app, effects);
    insta::assert_snapshot!("adjudicating_after_taking_li", text(&draw(&app, 99, 31)));
}

/// A session on the queue over `paths`, sized `w`×`h`, every row summarized as the background
/// loader would.
fn triage(paths: Vec<PathBuf>, options: Options, w: u16, h: u16) -> App {
    let mut app = App::triage(paths.clone(), options, (w, h));
    for (i, p) in paths.iter().enumerate() {
        let o = &app.options;
        let row = gouji::tui::loader::summarize(p, &o.locations(), o.adjudicate.as_ref());
        let effects = update(&mut app, gouji::tui::app::Msg::Summarized(vec![(i, row)]));
        run_effects(&mut app, effects);
    }
    app
}

fn press(app: &mut App, code: crossterm::event::KeyCode) {
    let key = crossterm::event::KeyEvent::from(code);
    let effects = update(app, gouji::tui::app::Msg::Key(key));
    run_effects(app, effects);
}

#[test]
fn adjudicating_the_queue_shows_the_disagreements_left_per_report() {
    let root = tempfile::tempdir().unwrap();
    let report = PathBuf::from("samples/2021-t3-errors.txt");
    let options = adjudication_options(root.path(), &report);
    let paths = vec![PathBuf::from("samples/2021-clean.txt"), report];
    let app = triage(paths, options, 120, 20);
    insta::assert_snapshot!(text(&draw(&app, 120, 20)));
}

#[test]
fn the_status_bar_gives_the_place_in_the_queue_as_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let paths = ["2021-clean.txt", "2021-t3-errors.txt", "prose-clean.txt"]
        .map(|n| PathBuf::from("samples").join(n))
        .to_vec();
    let mut app = triage(paths, options(dir.path()), 120, 40);
    // The report with hard problems heads the default order, second in path order.
    press(&mut app, crossterm::event::KeyCode::Enter);
    assert_eq!(app.current, 1);
    let screen = text(&draw(&app, 120, 40));
    assert!(screen.contains("2021-t3-errors.txt [1/3]"), "{screen}");
}

#[test]
fn a_queue_row_whose_annotation_file_is_unreadable_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let report = PathBuf::from("samples/2021-clean.txt");
    let annotation = gouji::annotate::store::location(&report, "tester", Some(dir.path()));
    std::fs::write(&annotation, "{ not json").unwrap();
    let app = triage(vec![report], options(dir.path()), 200, 16);
    let screen = text(&draw(&app, 200, 16));
    assert!(screen.contains("annotation file unreadable: "), "{screen}");
    assert!(!screen.contains("not a report"), "{screen}");
}

#[test]
fn help_scrolls_to_its_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = session(
        vec![PathBuf::from("samples/2021-clean.txt")],
        120,
        40,
        dir.path(),
    );
    press(&mut app, crossterm::event::KeyCode::Char('?'));
    let top = text(&draw(&app, 120, 40));
    assert!(top.contains("↓ more"), "{top}");
    press(&mut app, crossterm::event::KeyCode::End);
    insta::assert_snapshot!(text(&draw(&app, 120, 40)));
}

#[test]
fn a_pdf_page_break_is_drawn_as_a_rule_naming_the_next_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = session(
        vec![PathBuf::from("samples/pdf-layout.pdf")],
        120,
        40,
        dir.path(),
    );
    // The report pane (after the fields and the problems), scrolled down to where the second
    // page starts.
    press(&mut app, crossterm::event::KeyCode::Tab);
    press(&mut app, crossterm::event::KeyCode::Tab);
    let mut screen = String::new();
    for _ in 0..6 {
        press(&mut app, crossterm::event::KeyCode::PageDown);
        screen = text(&draw(&app, 120, 40));
        if screen.contains("── page 2 ──") {
            break;
        }
    }
    assert!(screen.contains("── page 2 ──"), "{screen}");
    assert!(!screen.contains('␌'), "{screen}");
    insta::assert_snapshot!(screen);
}
