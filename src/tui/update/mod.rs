//! The one place the state changes: messages in, effects out. Each action's handler is named
//! in [`Handlers`], one per row of the `actions!` table; the handlers live by role in the
//! submodules.

mod adjudicate;
mod editor;
mod mouse;
mod moves;
mod queue;
mod review;
mod session;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::annotate::{Annotation, ReportStatus};
use crate::rules::Severity;

use super::action::{Action, Handlers, Mode};
use super::app::{App, Change, Effect, Msg, Question, Screen};
use super::keymap::Key;
use super::queue::QueueSummary;
use super::review::{Problem, ProblemKind, Review};
use super::search::Search;
use super::sheet;
use super::view::layout;
use crate::rules::cross_year;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    // Cross-year links change only when a queue row or a report's values do, not on keys.
    let rows_may_change = matches!(
        msg,
        Msg::Summarized(..) | Msg::Opened(..) | Msg::Saved { .. } | Msg::Recovered(_)
    );
    let effects = handle(app, msg);
    if rows_may_change {
        sync_cross_year(app);
    }
    effects
}

/// Gives every open review its failing `X-CARRY` links as problems, from the queue's rows.
fn sync_cross_year(app: &mut App) {
    for (&index, review) in app.reviews.iter_mut() {
        let links: Vec<super::review::Problem> = app
            .triage
            .cross_year(index)
            .into_iter()
            .map(|x| Problem {
                kind: ProblemKind::CrossYear {
                    other: x.other,
                    field: x.field_there.to_owned(),
                },
                severity: Severity::Soft,
                fields: vec![x.field_here.to_owned()],
                message: x.message,
                acknowledged: review
                    .annotation
                    .acknowledged
                    .get(cross_year::RULE)
                    .map(|a| a.note.clone()),
                span: review.span_of(x.field_here),
                unsure: Vec::new(),
                detail: None,
            })
            .collect();
        if links != review.cross_year {
            review.cross_year = links;
            review.refresh();
        }
    }
}

fn handle(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(ev) => key(app, ev),
        Msg::Paste(text) => {
            if let Some(editor) = app.editor.as_mut() {
                editor.paste(&text);
                editor.error = None;
            }
            vec![]
        }
        Msg::Mouse(ev) => {
            mouse::mouse(app, ev);
            vec![]
        }
        Msg::Resize(w, h) => {
            app.size = (w, h);
            let (width, _) = report_view_size(app);
            for review in app.reviews.values_mut() {
                review.set_pane_width(width);
            }
            reveal_selection(app);
            vec![]
        }
        Msg::Previewed(index, report) => {
            // A report already open (or opened meanwhile) keeps its review.
            if !app.reviews.contains_key(&index) {
                let (width, _) = report_view_size(app);
                let path = app.options.annotation_path(&report.path);
                app.reviews
                    .insert(index, Review::preview(*report, path, width));
            }
            vec![]
        }
        Msg::Opened(index, Ok(loaded)) => {
            let (width, _) = report_view_size(app);
            let mut review = Review::new(
                loaded.report,
                loaded.extraction,
                loaded.annotation,
                loaded.annotation_path,
                loaded.warning.clone(),
                width,
            );
            review.read_only = loaded.read_only.clone();
            review.set_sides(loaded.sides);
            app.broken.remove(&index);
            if let Some((at, field)) = app.pending_field.take() {
                if let Some(c) = (at == index)
                    .then(|| sheet::find(&review.sheet, &field))
                    .flatten()
                {
                    review.cursor = c;
                }
            }
            app.triage
                .set(index, super::queue::QueueRow::Loaded(summary_of(&review)));
            app.reviews.insert(index, review);
            let notes: Vec<String> = loaded
                .warning
                .into_iter()
                .chain(
                    loaded
                        .read_only
                        .map(|h| format!("read-only: this annotation set is held by {h}")),
                )
                .collect();
            if !notes.is_empty() {
                app.message = Some(notes.join("; "));
            }
            if index == app.current {
                reveal_selection(app);
            }
            vec![]
        }
        Msg::Summarized(rows) => {
            app.triage.set_rows(rows);
            vec![]
        }
        Msg::SavedElsewhere(Ok(n)) => {
            app.message = Some(format!("{n} unsaved annotations written elsewhere"));
            vec![Effect::Quit]
        }
        Msg::SavedElsewhere(Err(e)) => {
            app.message = Some(format!("NOT SAVED there either: {e}"));
            vec![]
        }
        Msg::Recovered(message) => {
            app.recovery = None;
            app.message = Some(message);
            // Reports already open are read again: their annotations may have been restored.
            app.reviews.clear();
            vec![Effect::Open(app.current)]
        }
        Msg::Opened(index, Err(error)) => {
            app.triage.set(
                index,
                super::queue::QueueRow::Broken(error.trouble, error.message.clone()),
            );
            app.broken.insert(index, error);
            vec![]
        }
        Msg::Saved {
            report,
            generation,
            result,
        } => {
            if let Some(review) = app.reviews.get_mut(&report) {
                match result {
                    Ok(()) => {
                        review.saved_generation = review.saved_generation.max(generation);
                        review.save_error = None;
                        let row = super::queue::QueueRow::Loaded(summary_of(review));
                        app.triage.set(report, row);
                    }
                    Err(e) => {
                        app.message = Some(format!("NOT SAVED: {e}"));
                        review.save_error = Some(e);
                        app.quit_pending = false;
                    }
                }
            }
            if app.quit_pending && app.all_saved() {
                return vec![Effect::Quit];
            }
            vec![]
        }
    }
}

fn key(app: &mut App, ev: KeyEvent) -> Vec<Effect> {
    if ev.kind == KeyEventKind::Release {
        return vec![];
    }
    let Some(k) = Key::from_event(&ev) else {
        return vec![];
    };
    // The recovery offer is a question: only accepting or refusing it leaves it, and any other
    // key waits for the answer.
    if app.recovery.is_some() {
        return match app.options.keymap.action(Mode::Editor, &k) {
            Some(Action::Submit) => vec![Effect::Recover { restore: true }],
            Some(Action::Cancel) => vec![Effect::Recover { restore: false }],
            _ => vec![],
        };
    }
    if app.editor.is_some() {
        return editor::key(app, k, ev);
    }
    if app.help {
        // Moving keys scroll help; any other closes it, the help key only closes it.
        let action = app.options.keymap.action(Mode::Normal, &k);
        let max = super::view::overlay::help_max_top(&app.options.keymap, app.size);
        let page = usize::from(app.size.1.saturating_sub(6)).max(1);
        let top = app.help_top;
        let scrolled = match action {
            Some(Action::Down) => Some((top + 1).min(max)),
            Some(Action::Up) => Some(top.saturating_sub(1)),
            Some(Action::PageDown) => Some((top + page).min(max)),
            Some(Action::PageUp) => Some(top.saturating_sub(page)),
            Some(Action::Bottom) => Some(max),
            Some(Action::Top) => Some(0),
            _ => None,
        };
        if let Some(top) = scrolled {
            app.help_top = top;
            return vec![];
        }
        // Closing help is all the key does: `?` then `d` must not mark the report done.
        app.help = false;
        app.help_top = 0;
        return vec![];
    }
    if let Some(question) = app.question.take() {
        // Only `y` says yes; any other key leaves things as they were.
        if matches!(ev.code, KeyCode::Char('y' | 'Y')) && ev.modifiers.is_empty() {
            return answer_yes(app, question);
        }
        app.message = Some(question.declined().into());
        return vec![];
    }
    // A message tells the outcome of the last key; the next key makes it stale.
    app.message = None;
    match app.options.keymap.action(Mode::Normal, &k) {
        Some(action) => action.dispatch::<Handle>(app),
        None => {
            app.message = Some(format!("{k} is not bound — press ? for help"));
            vec![]
        }
    }
}

/// Does what the question asked about.
fn answer_yes(app: &mut App, question: Question) -> Vec<Effect> {
    match question {
        Question::MarkDone => review::mark_done(app),
    }
}

/// The handler of every action: each role's module implements its group of the
/// `actions!` table for it.
pub(super) struct Handle;

impl Handlers for Handle {
    type Target = App;
    type Out = Vec<Effect>;
}

/// An action on the open report: nothing on the queue screen, and a hint on a report that
/// could not be opened.
pub(super) fn on_review(
    app: &mut App,
    handler: impl FnOnce(&mut App) -> Vec<Effect>,
) -> Vec<Effect> {
    if app.screen == Screen::Queue {
        return vec![];
    }
    if app.review().is_none() {
        app.message = Some("this report could not be opened; > and < move to another".into());
        return vec![];
    }
    handler(app)
}

/// An action on the open report's values, problems or text: as [`on_review`], and not
/// while its tables are still being read (an editor opened on the text alone would start
/// from values that are about to change).
pub(super) fn on_read_review(
    app: &mut App,
    handler: impl FnOnce(&mut App) -> Vec<Effect>,
) -> Vec<Effect> {
    if app.review().is_some_and(|r| r.reading) {
        app.message = Some("still reading the tables; a moment".into());
        return vec![];
    }
    on_review(app, handler)
}

/// An action on the queue: on the review screen it does nothing but, as every review action,
/// say so when the report could not be opened.
pub(super) fn on_queue(
    app: &mut App,
    handler: impl FnOnce(&mut App) -> Vec<Effect>,
) -> Vec<Effect> {
    if app.screen == Screen::Queue {
        handler(app)
    } else {
        on_review(app, |_| vec![])
    }
}

/// Applies one edit to the current report's annotation as an undoable, autosaved change.
fn change(app: &mut App, edit: impl FnOnce(&mut Annotation) -> Result<(), String>) -> Vec<Effect> {
    let report = app.current;
    let Some(review) = app.reviews.get_mut(&report) else {
        return vec![];
    };
    if let Some(holder) = &review.read_only {
        app.message = Some(format!("read-only: held by {holder}; nothing changed"));
        return vec![];
    }
    if review.reading {
        app.message = Some("still reading the tables; nothing changed".into());
        return vec![];
    }
    let before = review.annotation.clone();
    if let Err(e) = edit(&mut review.annotation) {
        app.message = Some(e);
        return vec![];
    }
    if review.annotation == before {
        return vec![];
    }
    if review.annotation.status == ReportStatus::Todo {
        review.annotation.set_status(ReportStatus::InProgress);
    }
    review.refresh();
    let after = review.annotation.clone();
    app.undo.push(Change {
        report,
        before,
        after,
    });
    app.redo.clear();
    save(app, report)
}

/// Saves again every report whose last save failed or has not been confirmed.
pub fn retry_saves(app: &mut App) -> Vec<Effect> {
    let unsaved: Vec<usize> = app
        .reviews
        .iter()
        .filter(|(_, r)| r.save_error.is_some())
        .map(|(i, _)| *i)
        .collect();
    unsaved.into_iter().flat_map(|i| save(app, i)).collect()
}

fn save(app: &mut App, report: usize) -> Vec<Effect> {
    let Some(review) = app.reviews.get_mut(&report) else {
        return vec![];
    };
    review.generation += 1;
    vec![Effect::Save {
        report,
        generation: review.generation,
        path: review.annotation_path.clone(),
        annotation: Box::new(review.annotation.clone()),
    }]
}

/// The queue row of a report under review, from what the review already computed.
pub fn summary_of(review: &Review) -> QueueSummary {
    QueueSummary::new(
        &review.effective,
        &review.violations,
        crate::rules::coverage(&review.effective).share(),
        Some(&review.annotation),
        Some(review.annotation.annotator.clone()),
        review.sides.as_ref().map(|_| review.unresolved().count()),
    )
}

/// Width and height of the report pane's text area for the current terminal size.
pub fn report_view_size(app: &App) -> (usize, usize) {
    let area = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
    layout::panes(area).map_or((40, 10), |p| {
        let inner = layout::inner(p.report);
        (
            usize::from(inner.width).max(1),
            usize::from(inner.height).max(1),
        )
    })
}

/// Scrolls the report so the selected field's evidence is on screen.
fn reveal_selection(app: &mut App) {
    let (_, height) = report_view_size(app);
    let Some(review) = app.review_mut() else {
        return;
    };
    let span = review.selected_field().and_then(|f| review.span_of(f));
    if let Some(span) = span {
        review.reveal(span.start, height);
    }
}

fn reveal_search_hit(app: &mut App) {
    let (_, height) = report_view_size(app);
    let Some(review) = app.review_mut() else {
        return;
    };
    if let Some(hit) = review.search.as_ref().and_then(Search::hit) {
        review.reveal(hit.start, height);
    }
}
