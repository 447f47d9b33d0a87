//! The queue screen: a table of reports in triage order, with a loading gauge.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use ratatui::Frame;

use crate::annotate::ReportStatus;
use crate::text::width::{str_width, truncate_to_width};
use crate::tui::app::App;
use crate::tui::queue::QueueRow;

fn pad(s: &str, w: usize) -> String {
    let t = truncate_to_width(s, w);
    let n = str_width(&t);
    format!("{t}{}", " ".repeat(w.saturating_sub(n)))
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
    let mut cols = vec![12, 22, 5, 14, 22, 5, 9, 10];
    let mut headings = vec![
        "status",
        "agency",
        "year",
        "format",
        "hard problems",
        "soft",
        "verified",
        "annotator",
    ];
    if adjudicating {
        cols.insert(1, 8);
        headings.insert(1, "≠ left");
    }
    let fixed: usize = cols.iter().sum();
    let file_w = width.saturating_sub(fixed).max(8);
    let header = headings
        .iter()
        .zip(&cols)
        .map(|(h, w)| pad(h, *w))
        .collect::<String>()
        + &pad("file", file_w);
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
        let file = q.paths[i].display().to_string();
        let (text, mut style) = match &q.rows[i] {
            QueueRow::Loading => (pad("reading…", fixed) + &pad(&file, file_w), theme.dim()),
            QueueRow::Broken(trouble, e) => (
                pad(&format!("{}: {e}", trouble.label()), fixed) + &pad(&file, file_w),
                theme.soft(),
            ),
            QueueRow::Loaded(s) => {
                let status = match s.status {
                    ReportStatus::Todo => "todo",
                    ReportStatus::InProgress => "in progress",
                    ReportStatus::Done => "done",
                };
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
                let row = row
                    .iter()
                    .zip(&cols)
                    .map(|(v, w)| pad(v, *w))
                    .collect::<String>()
                    + &pad(&file, file_w);
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
