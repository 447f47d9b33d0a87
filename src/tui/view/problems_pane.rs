//! The problems pane: each failed rule as its equation with printed operands, then what the
//! extractor flagged, each marked with whose error it likely is (the reader's, the report's,
//! or a soft problem); the selected problem in full below them; and the fix candidates for
//! the failed hard rules.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::text::width::truncate_to_width;
use crate::text::wrap::wrap_line;
use crate::tui::problem_text;
use crate::tui::review::{ProblemKind, Review, Whose};

use crate::tui::style::Theme;

fn first_row(review: &Review, height: usize) -> usize {
    review
        .problem
        .saturating_sub(height.saturating_sub(1) / 2)
        .min(review.problems.len().saturating_sub(height))
}

/// Lines the fix candidates take at the bottom of the pane.
fn fix_lines(review: &Review) -> usize {
    if review.fixes.is_empty() {
        0
    } else {
        review.fixes.len() + 1
    }
}

/// The most lines the selected problem's full text takes.
const DETAIL_LINES: usize = 8;

/// The selected problem in full: whose error it likely is, its whole equation, the values
/// in doubt, and the acknowledgement note.
fn detail(review: &Review) -> Option<String> {
    let p = review.problems.get(review.problem)?;
    let said = p.detail.as_deref().unwrap_or(&p.message);
    let kind = match p.acknowledged {
        Some(_) => "acknowledged",
        None => p.whose().label(),
    };
    let mut text = format!("{kind}: {} — {said}", p.name());
    if !p.unsure.is_empty() && p.kind != ProblemKind::Unsure {
        let cells: Vec<String> = p
            .unsure
            .iter()
            .map(|f| problem_text::cell_name(&review.sheet, f))
            .collect();
        text.push_str(&format!("; read without certainty: {}", cells.join(", ")));
    }
    if let Some(note) = &p.acknowledged {
        text.push_str(&format!("; note: {note}"));
    }
    Some(text.replace(['\n', '\t'], " "))
}

/// The detail's visual lines at `width`, at most `max`, the last one cut with `…`.
fn detail_lines(text: &str, width: usize, max: usize) -> Vec<String> {
    let rows = wrap_line(text, 0..text.len(), width);
    let mut lines: Vec<String> = rows
        .iter()
        .take(max)
        .map(|r| text[r.clone()].to_owned())
        .collect();
    if rows.len() > max {
        if let Some(last) = lines.last_mut() {
            *last = truncate_to_width(&format!("{last}……"), width);
        }
    }
    lines
}

/// Rows of the pane given to the list, the detail and the fixes.
fn split(review: &Review, inner: Rect) -> (usize, usize, usize) {
    let height = usize::from(inner.height);
    let fixes = fix_lines(review).min(height / 2);
    let detail = if review.problems.is_empty() || height < 6 {
        0
    } else {
        let width = usize::from(inner.width).max(1);
        // The list keeps its rows (up to half the room); the detail takes what is left.
        let room = height - fixes;
        let list = review.problems.len().clamp(1, room / 2);
        detail(review).map_or(0, |t| {
            wrap_line(&t, 0..t.len(), width)
                .len()
                .min(DETAIL_LINES)
                .min(room - list)
        })
    };
    (height - fixes - detail, detail, fixes)
}

pub fn render(frame: &mut Frame, area: Rect, review: &Review, theme: Theme, focused: bool) {
    let open = review.open_problems().count();
    let count = |whose| {
        review
            .problems
            .iter()
            .filter(|p| p.acknowledged.is_none() && p.whose() == whose)
            .count()
    };
    let (reading, report) = (count(Whose::Reading), count(Whose::Report));
    let title = match (reading, report) {
        (0, 0) => format!(" problems: {open} open "),
        (0, n) => format!(" problems: {open} open, {n} report error "),
        (r, 0) => format!(" problems: {open} open, {r} to check the reading "),
        (r, n) => format!(" problems: {open} open, {r} to check the reading, {n} report error "),
    };
    let block = super::pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let (list_height, detail_height, fixes) = split(review, inner);
    let mut lines: Vec<Line> = Vec::new();
    if review.reading {
        lines.push(Line::styled(super::fields_pane::READING, theme.dim()));
    } else if review.problems.is_empty() {
        lines.push(Line::styled("every rule holds", theme.ok()));
    }
    let top = first_row(review, list_height);
    for (i, p) in review
        .problems
        .iter()
        .enumerate()
        .skip(top)
        .take(list_height)
    {
        let (tag, mut style) = match (&p.acknowledged, p.whose()) {
            (Some(_), _) => ("ack  ", theme.dim()),
            (None, Whose::Reading) => ("READ?", theme.misread()),
            (None, Whose::Report) => ("ERROR", theme.hard()),
            (None, Whose::Soft) => ("soft ", theme.soft()),
        };
        if i == review.problem {
            style = style.patch(theme.selected());
        }
        // A rule's line starts with its difference; its name is in the detail.
        let mut text = match p.detail {
            Some(_) => format!("{tag} {}", p.message),
            None => format!("{tag} {}: {}", p.name(), p.message),
        };
        if let Some(note) = &p.acknowledged {
            text.push_str(&format!(" — ack: {}", note.replace('\n', " ")));
        }
        lines.push(Line::from(TextSpan::styled(
            truncate_to_width(&text, width),
            style,
        )));
    }
    while lines.len() < list_height {
        lines.push(Line::default());
    }
    if detail_height > 0 {
        if let Some(text) = detail(review) {
            for line in detail_lines(&text, width, detail_height) {
                lines.push(Line::styled(line, theme.header()));
            }
        }
    }
    if fixes > 0 {
        lines.push(Line::styled(
            truncate_to_width("fix candidates (press the number):", width),
            theme.header(),
        ));
        for (i, fix) in review.fixes.iter().enumerate().take(fixes - 1) {
            let text = format!("{} {}", i + 1, review.fix_text(fix));
            lines.push(Line::raw(truncate_to_width(&text, width)));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The problem drawn at row `y` inside the pane.
pub fn row_at(review: &Review, inner: Rect, y: u16) -> Option<usize> {
    let (list_height, _, _) = split(review, inner);
    let row = usize::from(y.checked_sub(inner.y)?);
    if row >= list_height {
        return None;
    }
    let i = first_row(review, list_height) + row;
    (i < review.problems.len()).then_some(i)
}
