//! The queue screen: a table of reports in triage order, with a loading gauge.

use std::path::Path;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use ratatui::Frame;

use crate::text::width::{ellipsize, str_width, truncate_to_width};
use crate::tui::app::App;
use crate::tui::queue::QueueRow;

fn pad(s: &str, w: usize) -> String {
    let t = ellipsize(s, w);
    let n = str_width(&t);
    format!("{t}{}", " ".repeat(w.saturating_sub(n)))
}

/// A column before the file name: its heading, the width it likes and the least it takes.
struct Column {
    heading: &'static str,
    width: usize,
    min: usize,
}

/// Room the file column keeps while the columns before it can shrink.
const FILE_MIN: usize = 18;
/// The widest the failed rules' column grows.
const HARD_MAX: usize = 48;

/// Which columns give up room first when the screen is narrow: an agency is known by its
/// first characters, the rule names repeat in the problems pane, `in pr…` still reads, and a
/// format cut short loses its year.
const SHRINK_ORDER: [&str; 6] = [
    "agency",
    "hard problems",
    "annotator",
    "status",
    "format",
    "verified",
];

/// The columns' widths in `width`, and the file name's: the columns shrink in `SHRINK_ORDER`
/// until the file name has `FILE_MIN`, each separated from the next by a space.
fn fit(columns: &mut [Column], width: usize) -> usize {
    let used = |columns: &[Column]| columns.iter().map(|c| c.width + 1).sum::<usize>();
    let mut over = (used(columns) + FILE_MIN).saturating_sub(width);
    for name in SHRINK_ORDER {
        if let Some(c) = columns.iter_mut().find(|c| c.heading == name) {
            let cut = (c.width - c.min).min(over);
            c.width -= cut;
            over -= cut;
        }
    }
    width.saturating_sub(used(columns))
}

/// The path when it fits, else the file name alone: reports in one folder differ by their
/// names, and names by how they start (`004_…`).
fn file_text(path: &Path, width: usize) -> String {
    let whole = path.display().to_string();
    if str_width(&whole) <= width {
        return whole;
    }
    match path.file_name() {
        Some(name) => ellipsize(&name.to_string_lossy(), width),
        None => ellipsize(&whole, width),
    }
}

/// One line of the table: each value in its column with a space after it, then the file.
fn row_text(values: &[String], columns: &[Column], file: &str, file_w: usize) -> String {
    let mut line: String = values
        .iter()
        .zip(columns)
        .map(|(v, c)| pad(v, c.width) + " ")
        .collect();
    line.push_str(&pad(file, file_w));
    line
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.options.theme;
    let q = &app.triage;
    let [gauge_area, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let total = q.rows.len().max(1);
    let label = format!(
        "read {}/{} · done {}/{} · problems left {} · sort: {} · showing: {}",
        q.loaded(),
        q.rows.len(),
        q.done(),
        q.rows.len(),
        q.problems_left(),
        q.sort.name(),
        q.filter.name()
    );
    frame.render_widget(
        Gauge::default()
            .ratio(q.loaded() as f64 / total as f64)
            .label(truncate_to_width(&label, usize::from(area.width)))
            .gauge_style(theme.focused_border()),
        gauge_area,
    );
    let block = Block::default().borders(Borders::ALL).title(" reports ");
    let inner = block.inner(table_area);
    frame.render_widget(block, table_area);
    if inner.width == 0 || inner.height < 2 {
        return;
    }
    let width = usize::from(inner.width);
    // status, (adjudicating: disagreements left,) agency, year, format, hard, soft, verified,
    // annotator; the file name takes the rest.
    let adjudicating = app.options.adjudicate.is_some();
    let column = |heading, width, min| Column {
        heading,
        width,
        min,
    };
    // The failed rules are what triage is by: on a wide screen their column takes what the
    // longest list needs, up to a limit, from the room the file names leave.
    let hard_wanted = app
        .triage
        .rows
        .iter()
        .filter_map(|r| match r {
            QueueRow::Loaded(s) if !s.hard.is_empty() => {
                Some(str_width(&format!("{} {}", s.hard.len(), s.hard.join(" "))))
            }
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .clamp(20, HARD_MAX);
    let mut columns = vec![
        column("status", 11, 5),
        column("agency", 20, 8),
        column("year", 4, 4),
        column("format", 13, 6),
        column("hard problems", 20, 6),
        column("soft", 4, 4),
        column("verified", 8, 4),
        column("annotator", 9, 5),
    ];
    if adjudicating {
        columns.insert(1, column("≠ left", 6, 3));
    }
    let mut file_w = fit(&mut columns, width);
    // Room the file names do not need goes to the failed rules.
    let longest_file = app
        .triage
        .paths
        .iter()
        .map(|p| str_width(&p.display().to_string()))
        .max()
        .unwrap_or(0)
        .max(FILE_MIN);
    if let Some(hard) = columns.iter_mut().find(|c| c.heading == "hard problems") {
        let grow = hard_wanted
            .saturating_sub(hard.width)
            .min(file_w.saturating_sub(longest_file));
        hard.width += grow;
        file_w -= grow;
    }
    // A row without a summary says why across the columns.
    let fixed = columns.iter().map(|c| c.width + 1).sum::<usize>() - 1;
    let headings: Vec<String> = columns.iter().map(|c| c.heading.to_owned()).collect();
    let header = row_text(&headings, &columns, "file", file_w);
    let mut lines = vec![Line::styled(
        truncate_to_width(&header, width),
        theme.header(),
    )];
    let height = usize::from(inner.height) - 1;
    let top = q
        .cursor
        .saturating_sub(height / 2)
        .min(q.order.len().saturating_sub(height));
    for (pos, &i) in q.order.iter().enumerate().skip(top).take(height) {
        let file = file_text(&q.paths[i], file_w);
        let (text, mut style) = match &q.rows[i] {
            QueueRow::Loading => (
                row_text(
                    &["reading…".to_owned()],
                    &[column("", fixed, 0)],
                    &file,
                    file_w,
                ),
                theme.dim(),
            ),
            QueueRow::Broken(trouble, e) => (
                row_text(
                    &[format!("{}: {e}", trouble.label())],
                    &[column("", fixed, 0)],
                    &file,
                    file_w,
                ),
                theme.soft(),
            ),
            QueueRow::Loaded(s) => {
                let status = s.status.to_string();
                let hard = if s.hard.is_empty() {
                    "-".to_owned()
                } else {
                    format!("{} {}", s.hard.len(), s.hard.join(" "))
                };
                let mut row = vec![
                    status.to_owned(),
                    s.agency.clone(),
                    s.year.map_or("-".into(), |y| y.to_string()),
                    s.format.to_owned(),
                    hard,
                    q.soft(i).to_string(),
                    format!("{:.0}%", s.coverage * 100.0),
                    s.annotator.clone().unwrap_or_default(),
                ];
                if adjudicating {
                    row.insert(1, s.disagreements.map_or("-".into(), |d| d.to_string()));
                }
                let row = row_text(&row, &columns, &file, file_w);
                let style = if s.disagreements.is_some_and(|d| d > 0) {
                    theme.disagree()
                } else if s.hard.is_empty() {
                    Default::default()
                } else {
                    theme.hard()
                };
                (row, style)
            }
        };
        if pos == q.cursor {
            style = style.patch(theme.selected());
        }
        lines.push(Line::from(TextSpan::styled(
            truncate_to_width(&text, width),
            style,
        )));
    }
    if q.order.is_empty() {
        lines.push(Line::styled(
            "no report matches this filter (f changes it)",
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
