//! The problems pane: each failed rule as its equation with printed operands, then what the
//! extractor flagged; and the fix candidates for the failed hard rules.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::rules::Severity;
use crate::text::width::truncate_to_width;
use crate::tui::review::Review;

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

pub fn render(frame: &mut Frame, area: Rect, review: &Review, theme: Theme, focused: bool) {
    let open = review.open_problems().count();
    let hard = review
        .problems
        .iter()
        .filter(|p| p.acknowledged.is_none() && p.severity == Severity::Hard)
        .count();
    let title = format!(" problems: {open} open ({hard} hard) ");
    let block = super::pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let fixes = fix_lines(review).min(usize::from(inner.height) / 2);
    let list_height = usize::from(inner.height) - fixes;
    let mut lines: Vec<Line> = Vec::new();
    if review.problems.is_empty() {
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
        let (tag, mut style) = match (&p.acknowledged, p.severity) {
            (Some(_), _) => ("ack ", theme.dim()),
            (None, Severity::Hard) => ("HARD", theme.hard()),
            (None, Severity::Soft) => ("soft", theme.soft()),
        };
        if i == review.problem {
            style = style.patch(theme.selected());
        }
        let mut text = format!("{tag} {}: {}", p.name(), p.message);
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
    if fixes > 0 {
        lines.push(Line::styled(
            truncate_to_width("fix candidates (press the number):", width),
            theme.header(),
        ));
        for (i, fix) in review.fixes.iter().enumerate().take(fixes - 1) {
            let text = format!("{} {}", i + 1, fix.reason);
            lines.push(Line::raw(truncate_to_width(&text, width)));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The problem drawn at row `y` inside the pane.
pub fn row_at(review: &Review, inner: Rect, y: u16) -> Option<usize> {
    let list_height =
        usize::from(inner.height) - fix_lines(review).min(usize::from(inner.height) / 2);
    let row = usize::from(y.checked_sub(inner.y)?);
    if row >= list_height {
        return None;
    }
    let i = first_row(review, list_height) + row;
    (i < review.problems.len()).then_some(i)
}
