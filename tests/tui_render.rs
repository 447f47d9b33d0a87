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

/// Reports whose rows fill their columns: a long agency, a list of failed rules.
fn crowded_queue() -> Vec<PathBuf> {
    [
        "2021-t3-errors.txt",
        "2021-clean.txt",
        "2019-glued-missing.txt",
        "legacy-errors.txt",
    ]
    .map(|n| PathBuf::from("samples").join(n))
    .to_vec()
}

/// What starts at each display column of row `y`; the second column of a wide character is
/// absent.
fn columns_of(buffer: &Buffer, y: u16) -> std::collections::BTreeMap<u16, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut x = 0;
    while x < buffer.area.width {
        let sym = buffer[(x, y)].symbol();
        out.insert(x, sym.to_owned());
        x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
    }
    out
}

#[test]
fn the_queue_at_80x24_keeps_its_file_column() {
    let dir = tempfile::tempdir().unwrap();
    let app = triage(crowded_queue(), options(dir.path()), 80, 24);
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("2021-t3-errors.txt"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn queue_columns_never_run_together() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = triage(crowded_queue(), options(dir.path()), 120, 24);
    let headings = [
        "status",
        "agency",
        "year",
        "format",
        "hard problems",
        "soft",
        "verified",
        "annotator",
        "file",
    ];
    for w in 60..=200 {
        let effects = update(&mut app, gouji::tui::app::Msg::Resize(w, 24));
        run_effects(&mut app, effects);
        let buffer = draw(&app, w, 24);
        // The header is the table's first line, below the gauge and the border; a heading cut
        // short keeps its first two letters.
        let header: Vec<(u16, String)> = columns_of(&buffer, 2).into_iter().collect();
        let mut starts = Vec::new();
        let mut from = 0;
        for h in headings {
            let at = from
                + header[from..]
                    .windows(2)
                    .position(|pair| format!("{}{}", pair[0].1, pair[1].1) == h[..2])
                    .unwrap_or_else(|| panic!("{}", text(&buffer)));
            starts.push(header[at].0);
            from = at + 2;
        }
        for y in 3..3 + crowded_queue().len() as u16 {
            let line = columns_of(&buffer, y);
            for &start in &starts[1..] {
                assert_eq!(
                    line.get(&(start - 1)).map(String::as_str),
                    Some(" "),
                    "width {w}, row {y}: no space before column {start}\n{}",
                    text(&buffer)
                );
            }
        }
    }
}

/// A review of sample `name` with the values of `unsure` read ambiguously.
fn review_of(name: &str, unsure: &[&str]) -> gouji::tui::review::Review {
    let path = common::sample(name);
    let report = gouji::report::Report::load(&path).unwrap();
    let mut extraction = gouji::extract::extract(&report);
    for field in unsure {
        extraction.fields.get_mut(*field).unwrap().reading = gouji::extract::Reading::Ambiguous;
    }
    let annotation = gouji::annotate::Annotation::from_extraction(&report, &extraction, "tester");
    gouji::tui::review::Review::new(report, extraction, annotation, path, None, 60)
}

/// The fields pane alone, as wide as a `w`×`h` terminal draws it and `height` high.
fn fields_pane(review: &gouji::tui::review::Review, w: u16, h: u16, height: u16) -> Buffer {
    let pane = view::layout::panes(ratatui::layout::Rect::new(0, 0, w, h))
        .unwrap()
        .fields;
    let area = ratatui::layout::Rect::new(0, 0, pane.width, height);
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal
        .draw(|f| view::fields_pane::render(f, area, review, Theme { color: false }, true))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// In 表三 and 表四 no two rows of a section read alike, nor do their words once the ordinals
/// are set aside (`1.申请…` and `2.申请…` would send the analyst to the wrong row).
#[test]
fn grid_rows_of_a_section_read_apart_at_80_and_99_columns() {
    use gouji::fields::Format;
    for (name, format) in [
        ("2021-clean.txt", Format::Template2021),
        ("2019-glued-missing.txt", Format::Template2019),
    ] {
        let review = review_of(name, &[]);
        assert_eq!(review.extraction.meta.format, format);
        for (w, h) in [(80, 24), (99, 31)] {
            let screen = text(&fields_pane(&review, w, h, 100));
            let lines: Vec<&str> = screen.lines().collect();
            for section in review.sheet.iter().filter(|s| !s.columns.is_empty()) {
                let title = lines.iter().position(|l| l.contains(section.title));
                let title = title.expect(&screen);
                // Below the title, the column headings, then a line per row: its label, then a
                // value per column.
                let labels: Vec<String> = lines[title + 2..title + 2 + section.rows.len()]
                    .iter()
                    .map(|l| {
                        let words: Vec<&str> = l.trim_matches('│').split_whitespace().collect();
                        words[..words.len() - section.columns.len()].join(" ")
                    })
                    .collect();
                let words = |l: &str| {
                    l.trim_start_matches(|c: char| {
                        !c.is_alphabetic() || "一二三四五六七八九十".contains(c)
                    })
                    .to_owned()
                };
                for (i, a) in labels.iter().enumerate() {
                    for b in &labels[i + 1..] {
                        assert_ne!(a, b, "{name} at {w}×{h}:\n{screen}");
                        assert_ne!(words(a), words(b), "{name} at {w}×{h}:\n{screen}");
                    }
                }
            }
        }
    }
}

/// A value read without certainty is marked `?` until reviewed, and the legend says so where
/// it fits.
#[test]
fn an_unsure_value_is_marked_in_the_fields_pane() {
    let mut review = review_of("2021-t3-errors.txt", &["t3.new.person"]);
    review.cursor = gouji::tui::sheet::find(&review.sheet, "t3.new.person").unwrap();
    for (w, h) in [(80, 24), (160, 45)] {
        let pane = view::layout::panes(ratatui::layout::Rect::new(0, 0, w, h))
            .unwrap()
            .fields;
        let screen = text(&fields_pane(&review, w, h, pane.height));
        assert!(screen.contains("6?"), "{screen}");
        assert!(screen.contains("? unsure"), "{screen}");
        insta::assert_snapshot!(format!("unsure_value_{w}x{h}"), screen);
    }
    review.annotation.confirm("t3.new.person").unwrap();
    review.refresh();
    let screen = text(&fields_pane(&review, 80, 24, 13));
    assert!(screen.contains("6✓") && !screen.contains("6?"), "{screen}");
}

/// The rows of the popup whose top border starts with `title` (`┌ help`) keep their left and
/// right borders: no wide character, beneath or inside, covers them.
fn assert_popup_bordered(buffer: &Buffer, title: &str) {
    let screen = text(buffer);
    let rows: Vec<Vec<(u16, String)>> = (0..buffer.area.height)
        .map(|y| columns_of(buffer, y).into_iter().collect())
        .collect();
    let top = rows.iter().position(|r| {
        let line: String = r.iter().map(|(_, s)| s.as_str()).collect();
        line.contains(title)
    });
    let top = top.expect(&screen);
    let symbol_at = |y: usize, x: u16| {
        rows[y]
            .iter()
            .find(|(c, _)| *c == x)
            .map(|(_, s)| s.as_str())
    };
    let left = rows[top].iter().find(|(_, s)| s == "┌").expect(&screen).0;
    let right = rows[top]
        .iter()
        .rev()
        .find(|(_, s)| s == "┐")
        .expect(&screen)
        .0;
    let bottom = (top + 1..rows.len())
        .find(|&y| symbol_at(y, left) == Some("└"))
        .expect(&screen);
    assert_eq!(symbol_at(bottom, right), Some("┘"), "{screen}");
    for y in top + 1..bottom {
        assert_eq!(symbol_at(y, left), Some("│"), "row {y}:\n{screen}");
        assert_eq!(symbol_at(y, right), Some("│"), "row {y}:\n{screen}");
    }
}

/// Over the report's Han text, at widths where a wide character meets a popup's edge, help and
/// the editor (typed full of Han) keep both borders.
#[test]
fn popups_keep_their_borders_beside_wide_characters() {
    let dir = tempfile::tempdir().unwrap();
    for w in [80u16, 81, 99, 120] {
        let report = PathBuf::from("samples/2021-t3-errors.txt");
        let mut app = session(vec![report.clone()], w, 24, dir.path());
        press(&mut app, crossterm::event::KeyCode::Char('?'));
        assert_popup_bordered(&draw(&app, w, 24), "┌ help");
        let mut app = session(vec![report], w, 24, dir.path());
        press(&mut app, crossterm::event::KeyCode::Char('m'));
        for _ in 0..60 {
            press(&mut app, crossterm::event::KeyCode::Char('核'));
        }
        assert_popup_bordered(&draw(&app, w, 24), "┌ note on");
    }
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

/// The problems pane with every kind of problem: one to check the reading (a value read
/// without certainty), report errors, a soft flag, and an acknowledged one; focused so that
/// it shows the selected problem in full.
#[test]
fn the_problems_pane_tells_each_kind_apart_at_80x24_and_160x45() {
    use gouji::extract::{Flag, FlagKind, Reading};
    use gouji::tui::app::Msg;
    use gouji::tui::locks::Locks;
    let dir = tempfile::tempdir().unwrap();
    let path = PathBuf::from("samples/2021-t3-errors.txt");
    for (w, h) in [(80u16, 24u16), (160, 45)] {
        let (mut app, _) = App::new(vec![path.clone()], options(dir.path()), (w, h));
        let report = gouji::tui::loader::load(&path).unwrap();
        let mut loaded =
            gouji::tui::loader::open_loaded(&Locks::default(), &path, report, &app.options)
                .unwrap();
        loaded
            .extraction
            .fields
            .get_mut("t3.new.person")
            .unwrap()
            .reading = Reading::Ambiguous;
        let span = loaded.extraction.fields["t3.new.business"].span;
        loaded.extraction.flags.push(Flag {
            kind: FlagKind::GluedRun,
            fields: vec!["t3.new.business".into()],
            span,
            message: "一、本年新收: digits hold 2 cells glued together".into(),
            candidates: vec![],
        });
        loaded
            .annotation
            .acknowledge("T3-ROW[total]", "原表总计行有误");
        let effects = gouji::tui::update::update(&mut app, Msg::Opened(0, Ok(Box::new(loaded))));
        run_effects(&mut app, effects);
        app.focus = gouji::tui::app::Focus::Problems;
        let screen = text(&draw(&app, w, h));
        let tags: &[&str] = if h > 24 {
            &["│READ? ", "│ERROR ", "│soft  ", "│ack   "]
        } else {
            // Three rows of list: the acknowledged one is below them.
            &["│READ? ", "│ERROR ", "│soft  "]
        };
        for tag in tags {
            assert!(screen.contains(tag), "{tag} at {w}×{h}:\n{screen}");
        }
        assert!(h == 24 || screen.contains("; read without"), "{screen}");
        insta::assert_snapshot!(format!("problem_kinds_{w}x{h}"), screen);
    }
}

#[test]
fn on_a_wide_queue_the_failed_rules_take_the_room_the_file_names_leave() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![
        PathBuf::from("samples/2021-t3-errors.txt"),
        PathBuf::from("samples/2021-clean.txt"),
    ];
    let app = triage(paths, options(dir.path()), 160, 20);
    let screen = text(&draw(&app, 160, 20));
    assert!(
        screen.contains("3 T3-BAL[person] T3-SUM[person] T3-ROW[total]"),
        "{screen}"
    );
    let narrow = text(&draw(&app, 120, 20));
    assert!(
        narrow.contains("东湖区市场监督管理局"),
        "the agency keeps its room: {narrow}"
    );
}
