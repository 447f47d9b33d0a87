//! Actions that do not need an open report: quitting, help, panes, moving between reports,
//! undo and redo.

use crate::tui::action::SessionActions;
use std::collections::BTreeSet;

use crate::annotate::{Annotation, FieldLabel, FieldStatus, ReportStatus};
use crate::tui::app::{App, Broken, Effect, Screen};
use crate::tui::editor::{Editor, Purpose};
use crate::tui::problem_text;
use crate::tui::review::ProblemKind;
use crate::tui::sheet;
use crate::tui::sheet::SheetSection;

use super::{retry_saves, reveal_selection, save, Handle};

/// Quits once everything is saved; offers to write elsewhere what could not be.
pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    if app.all_saved() {
        vec![Effect::Quit]
    } else if let Some(e) = app.reviews.values().find_map(|r| r.save_error.clone()) {
        app.message = Some(format!("changes are not on disk ({e})"));
        let stamp = crate::annotate::time::now_rfc3339().replace(':', "");
        let dir = app.options.rescue_dir.join(format!("rescue-{stamp}"));
        app.editor = Some(Editor::new(
            Purpose::SaveElsewhere,
            &dir.display().to_string(),
        ));
        retry_saves(app)
    } else {
        app.quit_pending = true;
        app.message = Some("saving before quitting…".into());
        vec![]
    }
}

/// Shows or hides help.
pub(super) fn help(app: &mut App) -> Vec<Effect> {
    app.help = !app.help;
    vec![]
}

/// Shows the queue with the current report selected.
pub(super) fn show_queue(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Queue;
    app.triage.select(app.current);
    vec![]
}

/// Opens the next (or previous) report; the queue screen moves with its own keys.
pub(super) fn step_report(app: &mut App, forward: bool) -> Vec<Effect> {
    if app.screen != Screen::Review {
        return vec![];
    }
    match neighbour(app, forward) {
        Some(i) => open_report(app, i),
        None => {
            let which = if forward { "last" } else { "first" };
            app.message = Some(format!("this is the {which} report"));
            vec![]
        }
    }
}

/// Starts afresh on a report whose annotation file is unreadable.
pub(super) fn start_afresh(app: &mut App) -> Vec<Effect> {
    match app.broken.get(&app.current) {
        Some(Broken {
            unreadable_annotation: Some(path),
            ..
        }) => vec![Effect::StartAfresh {
            report: app.current,
            annotation: path.clone(),
        }],
        _ => {
            app.message =
                Some("only a report whose annotation file is unreadable can start afresh".into());
            vec![]
        }
    }
}

/// Opens the other year's report at the cell of the selected X-CARRY problem.
pub(super) fn open_linked(app: &mut App) -> Vec<Effect> {
    let link = app
        .review()
        .and_then(|r| r.problems.get(r.problem))
        .and_then(|p| match &p.kind {
            ProblemKind::CrossYear { other, field } => Some((*other, field.clone())),
            _ => None,
        });
    let Some((other, field)) = link else {
        app.message = Some("select an X-CARRY problem to open the other year".into());
        return vec![];
    };
    app.screen = Screen::Review;
    match app.reviews.get_mut(&other) {
        Some(review) => {
            if let Some(c) = sheet::find(&review.sheet, &field) {
                review.cursor = c;
            }
        }
        None => app.pending_field = Some((other, field)),
    }
    open_report(app, other)
}

/// The next report in the queue's order (or in file order when the queue leaves it out).
fn neighbour(app: &App, forward: bool) -> Option<usize> {
    app.triage.neighbour(app.current, forward).or_else(|| {
        if app.triage.order.contains(&app.current) {
            None
        } else if forward {
            (app.current + 1 < app.report_paths.len()).then_some(app.current + 1)
        } else {
            app.current.checked_sub(1)
        }
    })
}

pub(super) fn open_report(app: &mut App, index: usize) -> Vec<Effect> {
    if index >= app.report_paths.len() {
        app.message = Some("this is the last report".into());
        return vec![];
    }
    app.current = index;
    if app.reviews.contains_key(&index) {
        reveal_selection(app);
        vec![]
    } else {
        vec![Effect::Open(index)]
    }
}

pub(super) fn undo_redo(app: &mut App, undo: bool) -> Vec<Effect> {
    let (from, to) = if undo {
        (&mut app.undo, &mut app.redo)
    } else {
        (&mut app.redo, &mut app.undo)
    };
    let Some(step) = from.pop() else {
        app.message = Some(
            if undo {
                "nothing to undo"
            } else {
                "nothing to redo"
            }
            .into(),
        );
        return vec![];
    };
    let Some(review) = app.reviews.get_mut(&step.report) else {
        return vec![];
    };
    review.annotation = if undo {
        step.before.clone()
    } else {
        step.after.clone()
    };
    review.refresh();
    let (was, now) = if undo {
        (&step.after, &step.before)
    } else {
        (&step.before, &step.after)
    };
    let what = what_changed(was, now, &review.sheet);
    let report = step.report;
    to.push(step);
    app.current = report;
    app.message = Some(format!(
        "{}: {what}",
        if undo { "undone" } else { "redone" }
    ));
    reveal_selection(app);
    save(app, report)
}

impl SessionActions for Handle {
    fn quit(app: &mut App) -> Vec<Effect> {
        self::quit(app)
    }
    fn help(app: &mut App) -> Vec<Effect> {
        self::help(app)
    }
    fn next_pane(app: &mut App) -> Vec<Effect> {
        app.focus = app.focus.next();
        vec![]
    }
    fn prev_pane(app: &mut App) -> Vec<Effect> {
        app.focus = app.focus.prev();
        vec![]
    }
    fn undo(app: &mut App) -> Vec<Effect> {
        undo_redo(app, true)
    }
    fn redo(app: &mut App) -> Vec<Effect> {
        undo_redo(app, false)
    }
    fn next_report(app: &mut App) -> Vec<Effect> {
        step_report(app, true)
    }
    fn prev_report(app: &mut App) -> Vec<Effect> {
        step_report(app, false)
    }
    fn show_queue(app: &mut App) -> Vec<Effect> {
        self::show_queue(app)
    }
    fn open_linked(app: &mut App) -> Vec<Effect> {
        self::open_linked(app)
    }
    fn start_afresh(app: &mut App) -> Vec<Effect> {
        self::start_afresh(app)
    }
    fn suspend(_: &mut App) -> Vec<Effect> {
        vec![Effect::Suspend]
    }
}

/// What going from annotation `was` to `now` changed, in the sheet's words: one cell's
/// value (`（七）总计·个人 7 → 9`), how many cells, acknowledgements, notes, the status.
fn what_changed(was: &Annotation, now: &Annotation, sheet: &[SheetSection]) -> String {
    let shown = |l: Option<&FieldLabel>| match l {
        Some(l) if l.status == FieldStatus::Absent => "absent".to_owned(),
        Some(l) => l
            .value
            .map_or_else(|| "blank".to_owned(), |v| v.to_string()),
        None => "absent".to_owned(),
    };
    let said = |l: Option<&FieldLabel>| l.map(|l| (l.value, l.status));
    let ids: BTreeSet<&String> = was.fields.keys().chain(now.fields.keys()).collect();
    let cells: Vec<&String> = ids
        .into_iter()
        .filter(|id| said(was.fields.get(*id)) != said(now.fields.get(*id)))
        .collect();
    let mut parts = Vec::new();
    match cells.as_slice() {
        [] => {}
        [id] => parts.push(format!(
            "{} {} → {}",
            problem_text::cell_name(sheet, id),
            shown(was.fields.get(*id)),
            shown(now.fields.get(*id))
        )),
        many => parts.push(format!("{} cells", many.len())),
    }
    for rule in was
        .acknowledged
        .keys()
        .filter(|r| !now.acknowledged.contains_key(*r))
    {
        parts.push(format!("acknowledgement of {rule} withdrawn"));
    }
    for rule in now
        .acknowledged
        .keys()
        .filter(|r| !was.acknowledged.contains_key(*r))
    {
        parts.push(format!("{rule} acknowledged"));
    }
    let notes = |a: &Annotation| {
        (
            a.note.clone(),
            a.fields
                .values()
                .map(|l| l.note.clone())
                .collect::<Vec<_>>(),
        )
    };
    if notes(was) != notes(now) {
        parts.push("a note".to_owned());
    }
    if was.meta != now.meta || was.format != now.format {
        parts.push("the report's year, agency or format".to_owned());
    }
    // The first edit moves a report from todo to in progress by itself: not news.
    if was.status != now.status
        && (was.status == ReportStatus::Done || now.status == ReportStatus::Done)
    {
        parts.push(format!("status {} → {}", was.status, now.status));
    }
    if parts.is_empty() {
        "a change".to_owned()
    } else {
        parts.join(", ")
    }
}
