//! Mouse clicks and wheel: focus and select what is under the pointer.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::review::Review;
use crate::tui::sheet;
use crate::tui::view::{fields_pane, layout, problems_pane, report_pane};

use super::report_view_size;
use super::review::navigate;

pub(super) fn mouse(app: &mut App, ev: MouseEvent) {
    let area = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
    let Some(panes) = layout::panes(area) else {
        return;
    };
    let (x, y) = (ev.column, ev.row);
    let target = [
        (panes.report, Focus::Report),
        (panes.fields, Focus::Fields),
        (panes.problems, Focus::Problems),
    ]
    .into_iter()
    .find(|(r, _)| layout::contains(*r, x, y));
    let Some((rect, focus)) = target else {
        return;
    };
    let (_, page) = report_view_size(app);
    match ev.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let action = if ev.kind == MouseEventKind::ScrollDown {
                Action::Down
            } else {
                Action::Up
            };
            if let Some(review) = app.review_mut() {
                for _ in 0..3 {
                    navigate(review, focus, action, page);
                }
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            app.focus = focus;
            let Some(review) = app.review_mut() else {
                return;
            };
            match focus {
                Focus::Fields => {
                    if let Some(c) = fields_pane::cell_at(review, layout::inner(rect), x, y) {
                        review.cursor = c;
                    }
                }
                Focus::Problems => {
                    if let Some(i) = problems_pane::row_at(review, layout::inner(rect), y) {
                        review.select_problem(i);
                    }
                }
                Focus::Report => {
                    if let Some(offset) = report_pane::offset_at(review, layout::inner(rect), x, y)
                    {
                        if let Some(c) = field_near(review, offset) {
                            review.cursor = c;
                            app.focus = Focus::Fields;
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// The sheet cell whose evidence span holds `offset`.
fn field_near(review: &Review, offset: usize) -> Option<sheet::Cursor> {
    let field = review
        .effective
        .fields
        .iter()
        .find(|(_, v)| v.span.start <= offset && offset < v.span.end.max(v.span.start + 1))
        .map(|(id, _)| id.clone())?;
    sheet::find(&review.sheet, &field)
}
