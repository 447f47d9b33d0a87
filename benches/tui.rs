//! `cargo bench --bench tui`: the review TUI on a 5 MB, ~100,000-line report: time to the
//! first frame, time per keystroke (update + draw on a 200×60 `TestBackend`), and memory
//! against the file size.

#[path = "synth/session.rs"]
mod session;
mod synth;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gouji::tui::app::{App, Msg};
use gouji::tui::loader;
use gouji::tui::locks::Locks;
use gouji::tui::run::Runtime;
use gouji::tui::update::update;
use gouji::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    let mut text = synth::report(0, 20_000);
    let mut line = 0;
    while text.len() < 5_000_000 {
        line += 1;
        text.push_str(&format!("第{line}行：推进政务公开 line {line}。\n"));
    }
    std::fs::write(&path, &text).expect("write report");
    let lines = text.lines().count();
    drop(text);
    println!(
        "report: {:.1} MB, {lines} lines",
        std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e6
    );

    let options = session::options(dir.path());
    let rss_before = rss_kib("VmRSS:");
    let started = Instant::now();
    let mut runtime = Runtime::default();
    // As the event loop does: the text first, then the report opened.
    let report = match loader::load(&path) {
        Ok(r) => r,
        Err(e) => panic!("{}", e.message),
    };
    let (mut app, effects) = App::new(vec![path.clone()], options.clone(), (200, 60));
    drop(effects);
    update(&mut app, Msg::Previewed(0, Box::new(report.clone())));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    terminal.draw(|f| view::render(f, &app)).expect("draw");
    let text_shown = started.elapsed();
    let loaded = match loader::open_loaded(&Locks::default(), &path, report, &options) {
        Ok(l) => l,
        Err(e) => panic!("{}", e.message),
    };
    update(&mut app, Msg::Opened(0, Ok(Box::new(loaded))));
    terminal.draw(|f| view::render(f, &app)).expect("draw");
    let first_frame = started.elapsed();
    println!(
        "first screen, the text: {:.1} ms (load, decode, lay out, draw)",
        text_shown.as_secs_f64() * 1e3
    );
    let peak = rss_kib("VmHWM:").saturating_sub(rss_before);
    let file_kib = std::fs::metadata(&path).map_or(1, |m| m.len()) / 1024;
    println!(
        "report opened: {:.1} ms (the above, then extract, check, lay out, draw)",
        first_frame.as_secs_f64() * 1e3
    );
    println!(
        "memory: +{:.1} MB peak over the baseline = {:.1}× the file size",
        peak as f64 / 1024.0,
        peak as f64 / file_kib as f64
    );

    for (pane, keys) in [
        ("fields pane, j", vec![KeyCode::Char('j'); 200]),
        ("report pane, pagedown", {
            let mut k = vec![KeyCode::BackTab];
            k.extend(vec![KeyCode::PageDown; 200]);
            k
        }),
        (
            "report pane, end/home",
            [KeyCode::End, KeyCode::Home].repeat(50),
        ),
    ] {
        let mut worst = Duration::ZERO;
        let mut total = Duration::ZERO;
        for code in &keys {
            let t = Instant::now();
            let effects = update(&mut app, Msg::Key(KeyEvent::new(*code, KeyModifiers::NONE)));
            runtime.settle(&mut app, effects);
            terminal.draw(|f| view::render(f, &app)).expect("draw");
            let d = t.elapsed();
            worst = worst.max(d);
            total += d;
        }
        println!(
            "keystroke ({pane}): mean {:.2} ms, worst {:.2} ms over {} keys",
            total.as_secs_f64() * 1e3 / keys.len() as f64,
            worst.as_secs_f64() * 1e3,
            keys.len()
        );
    }
}
