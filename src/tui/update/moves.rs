//! Moving: the queue's cursor on the queue screen, the focused pane's on a report.

use crate::tui::action::{Action, MoveActions};
use crate::tui::app::{App, Effect, Screen};

use super::{on_review, queue, review, Handle};

impl MoveActions for Handle {
    fn up(app: &mut App) -> Vec<Effect> {
        moved(app, Action::Up, |_| -1)
    }
    fn down(app: &mut App) -> Vec<Effect> {
        moved(app, Action::Down, |_| 1)
    }
    fn left(app: &mut App) -> Vec<Effect> {
        // The queue has no columns to move across.
        on_review(app, |app| review::step(app, Action::Left))
    }
    fn right(app: &mut App) -> Vec<Effect> {
        on_review(app, |app| review::step(app, Action::Right))
    }
    fn page_up(app: &mut App) -> Vec<Effect> {
        moved(app, Action::PageUp, |page| -page)
    }
    fn page_down(app: &mut App) -> Vec<Effect> {
        moved(app, Action::PageDown, |page| page)
    }
    fn top(app: &mut App) -> Vec<Effect> {
        moved(app, Action::Top, |_| isize::MIN / 2)
    }
    fn bottom(app: &mut App) -> Vec<Effect> {
        moved(app, Action::Bottom, |_| isize::MAX / 2)
    }
}

/// A move: of the queue's cursor by `queue_by(page)` rows, or in the review's focused pane.
fn moved(app: &mut App, action: Action, queue_by: impl FnOnce(isize) -> isize) -> Vec<Effect> {
    if app.screen == Screen::Queue {
        queue::step(app, queue_by)
    } else {
        on_review(app, |app| review::step(app, action))
    }
}
