//! `cargo bench --bench hostile`: hostile inputs of about 1 MB each, read as a saved web page
//! (decode, page text, extraction, rules): each should check in well under a second. Then the
//! queue's cost of taking in 100,000 rows as the loader delivers them.
//!
//! `GOUJI_BENCH_SCALE` (default 1.0) scales the pages, to see how the time grows with size.

use std::path::Path;
use std::time::Instant;

fn main() {
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
        let outcome = gouji::report::Report::from_bytes(Path::new("hostile.html"), html.as_bytes())
            .map(|report| {
                let extraction = gouji::extract::extract(&report);
                let violations = gouji::rules::check(&extraction);
                (report.text.len(), violations.len())
            });
        let elapsed = started.elapsed();
        let what = match outcome {
            Ok((text, violations)) => format!("{text} bytes of text, {violations} violations"),
            Err(e) => format!("refused: {e}"),
        };
        println!(
            "{name:>30}: {:>7.2} MB in {:>8.1} ms ({what})",
            html.len() as f64 / 1e6,
            elapsed.as_secs_f64() * 1e3
        );
    }
}
