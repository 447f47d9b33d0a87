//! `cargo bench --bench hostile`: hostile inputs of about 1 MB each, read as a saved web page
//! (decode, page text, extraction, rules): each should check in well under a second. Then the
//! queue's cost of taking in 100,000 rows as the loader delivers them.
//!
//! `GOUJI_BENCH_SCALE` (default 1.0) scales the pages, to see how the time grows with size.

use std::path::{Path, PathBuf};
use std::time::Instant;

use gouji::annotate::ReportStatus;
use gouji::tui::queue::{Queue, QueueRow, QueueSummary};
use gouji::value::Number;

fn main() {
    pages();
    for n in [10_000, 100_000] {
        queue_intake(n);
    }
}

/// The queue taking in `n` rows in batches of 128, as the event loop takes them from the
/// loader (about one frame's worth), sorted by problems: the cost the queue adds to reading
/// the reports. The reports are those of `n / 9` agencies over nine years, each year's
/// carried-over total the year before's carried-forward one but for one in ten (an `X-CARRY`
/// link that fails, counted on both reports).
fn queue_intake(n: usize) {
    let paths: Vec<PathBuf> = (0..n)
        .map(|i| PathBuf::from(format!("corpus/{:03}/r{i:06}.txt", i / 1000)))
        .collect();
    let rows: Vec<(usize, QueueRow)> = (0..n)
        .map(|i| {
            let row = QueueRow::Loaded(QueueSummary {
                agency: format!("机关{}", i / 9),
                year: Some(2015 + (i % 9) as i32),
                format: "template-2021",
                hard: vec!["T3-BAL[total]".into(); i % 3],
                soft: vec!["N-TEXT".into(); i % 2],
                carry_acknowledged: false,
                coverage: (i % 100) as f64 / 100.0,
                status: ReportStatus::Todo,
                annotator: None,
                carried_over: Some(Number::Int(100 * i as i64 - 100 + i64::from(i % 10 == 3))),
                carried_forward: Some(Number::Int(100 * i as i64)),
                disagreements: None,
            });
            (i, row)
        })
        .collect();
    let mut queue = Queue::new(paths);
    let started = Instant::now();
    for batch in rows.chunks(128) {
        queue.set_rows(batch.to_vec());
    }
    let elapsed = started.elapsed();
    let carry = (0..n).filter(|&i| queue.soft(i) > i % 2).count();
    println!(
        "queue intake of {n} rows in batches of 128: {:.1} ms ({} in order, {carry} with an X-CARRY problem)",
        elapsed.as_secs_f64() * 1e3,
        queue.order.len()
    );
}

/// Each hostile page read as a web page, extracted and checked.
fn pages() {
    let scale: f64 = std::env::var("GOUJI_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let n = |k: usize| ((k as f64) * scale) as usize;
    let pages: Vec<(&str, String)> = vec![
        ("<ul><li> ×100k", "<ul><li>".repeat(n(100_000))),
        ("nested <div> ×100k", "<div>".repeat(n(100_000)) + "x"),
        ("<b> ×100k", "<b>".repeat(n(100_000)) + "x"),
        ("<a> ×100k", "<a href=x>".repeat(n(100_000))),
        ("<b><p></b></p> ×50k", "<b><p>x</b></p>".repeat(n(50_000))),
        ("<table><tr><td> ×30k", "<table><tr><td>".repeat(n(30_000))),
        ("<p> ×200k", "<p>x".repeat(n(200_000))),
        (
            "<td> ×200k in a row",
            format!("<table><tr>{}</table>", "<td>1".repeat(n(200_000))),
        ),
        (
            "<tr><td rowspan colspan> ×20k",
            format!(
                "<table>{}</table>",
                "<tr><td rowspan=65534 colspan=1000>1<td>2".repeat(n(20_000))
            ),
        ),
        (
            "one tag, 100k attributes",
            format!(
                "<p {}>x",
                (0..n(100_000))
                    .map(|i| format!("a{i} "))
                    .collect::<String>()
            ),
        ),
        (
            "<select><option> ×100k",
            format!("<select>{}</select>", "<option>x".repeat(n(100_000))),
        ),
        ("nested <svg> ×100k", "<svg>".repeat(n(100_000))),
        ("<font><center> ×50k", "<font><center>".repeat(n(50_000))),
    ];
    for (name, html) in &pages {
        let started = Instant::now();
        let loaded = gouji::report::Report::from_bytes(Path::new("hostile.html"), html.as_bytes());
        let read = started.elapsed();
        let what = match loaded {
            Ok(report) => {
                let extraction = gouji::extract::extract(&report);
                let violations = gouji::rules::check(&extraction);
                format!(
                    "{} bytes of text, {} violations",
                    report.text.len(),
                    violations.len()
                )
            }
            Err(e) => format!("refused: {e}"),
        };
        let elapsed = started.elapsed();
        println!(
            "{name:>30}: {:>5.2} MB in {:>7.1} ms, of which reading the page {:>7.1} ms ({what})",
            html.len() as f64 / 1e6,
            elapsed.as_secs_f64() * 1e3,
            read.as_secs_f64() * 1e3
        );
    }
}
