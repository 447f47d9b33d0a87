//! Keys on the queue screen: move, sort, filter, open.

use crate::tui::action::QueueActions;
use crate::tui::app::{App, Effect, Screen};

use super::session::open_report;
use super::{on_queue, report_view_size, Handle};

/// Moves the queue's cursor by `by(page)` rows: a line, a page, or to an end.
pub(super) fn step(app: &mut App, by: impl FnOnce(isize) -> isize) -> Vec<Effect> {
    let (_, page) = report_view_size(app);
    app.triage.move_cursor(by(page.max(1) as isize));
    vec![]
}

/// Sorts by the next column.
pub(super) fn sort_next(app: &mut App) -> Vec<Effect> {
    app.triage.cycle_sort();
    app.message = Some(format!("sorted by {}", app.triage.sort.name()));
    vec![]
}

/// Shows the next subset of reports.
pub(super) fn filter_next(app: &mut App) -> Vec<Effect> {
    app.triage.cycle_filter();
    app.message = Some(format!("showing {}", app.triage.filter.name()));
    vec![]
}

/// Opens the selected report for review.
pub(super) fn open_selected(app: &mut App) -> Vec<Effect> {
    match app.triage.selected() {
        Some(index) => {
            app.screen = Screen::Review;
            open_report(app, index)
        }
        None => vec![],
    }
}

impl QueueActions for Handle {
    fn sort_next(app: &mut App) -> Vec<Effect> {
        on_queue(app, sort_next)
    }
    fn filter_next(app: &mut App) -> Vec<Effect> {
        on_queue(app, filter_next)
    }
}
