//! Actions on the open report: moving, confirming, correcting, notes, fixes, search.

use crate::annotate::{Annotation, EditError, FieldStatus, MetaField, ReportStatus};
use crate::rules::Severity;
use crate::text::width::str_width;
use crate::tui::action::Action;
use crate::tui::action::ReviewActions;
use crate::tui::app::{App, Effect, Focus, Question, Screen};
use crate::tui::editor::{Editor, Purpose};
use crate::tui::problem_text;
use crate::tui::queue::QueueRow;
use crate::tui::review::{FixKind, Problem, ProblemKind, Review};
use crate::tui::search::Search;
use crate::tui::sheet;

use super::session::open_report;
use super::{
    change, on_read_review, on_review, queue, report_view_size, reveal_search_hit,
    reveal_selection, Handle,
};

/// Moves in the focused pane: the sheet's cells, the problem list, or the report's lines.
pub(super) fn step(app: &mut App, action: Action) -> Vec<Effect> {
    let focus = app.focus;
    let (_, page) = report_view_size(app);
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    navigate(review, focus, action, page);
    if focus != Focus::Report {
        reveal_selection(app);
    }
    vec![]
}

/// Opens the value editor on the selected cell.
pub(super) fn edit(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let field = review.selected_field().map(str::to_owned);
    let Some(field) = field else { return vec![] };
    let current = review.text_of(&field).flatten().unwrap_or_default();
    app.editor = Some(Editor::new(Purpose::Value(field), &current));
    vec![]
}

/// Confirms the selected value as printed.
pub(super) fn confirm(app: &mut App) -> Vec<Effect> {
    let field = selected(app);
    with_field(app, field, |a, f| a.confirm(f))
}

/// Confirms the selected value and goes on to the next open problem.
pub(super) fn accept_next(app: &mut App) -> Vec<Effect> {
    let field = selected(app);
    let effects = with_field(app, field, |a, f| a.confirm(f));
    // Going through the values in doubt, the next one is the next to look at.
    let on_unsure = app.review().is_some_and(|r| {
        r.problems
            .get(r.problem)
            .is_some_and(|p| p.kind == ProblemKind::Unsure)
    });
    if let Some(review) = app.review_mut().filter(|_| on_unsure) {
        review.select_problem(review.problem);
    }
    if on_unsure {
        app.message = Some("confirmed; next value read without certainty".into());
        reveal_selection(app);
    } else {
        step_problem(app, true);
    }
    effects
}

/// Confirms every untouched value that passes all its rules.
pub(super) fn confirm_clean(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let clean: Vec<String> = review
        .effective
        .fields
        .keys()
        .filter(|f| review.whose_of(f).is_none())
        .filter(|f| {
            review
                .annotation
                .fields
                .get(*f)
                .is_none_or(|a| a.status == FieldStatus::Unreviewed)
        })
        .cloned()
        .collect();
    let n = clean.len();
    let effects = change(app, |a| {
        for f in &clean {
            a.confirm(f).map_err(|e| e.to_string())?;
        }
        Ok(())
    });
    app.message = Some(format!("confirmed {n} clean values"));
    effects
}

/// Marks the selected field absent from the report.
pub(super) fn mark_absent(app: &mut App) -> Vec<Effect> {
    let field = selected(app);
    with_field(app, field, |a, f| a.mark_absent(f))
}

/// Marks the selected field printed blank.
pub(super) fn mark_blank(app: &mut App) -> Vec<Effect> {
    let field = selected(app);
    with_field(app, field, |a, f| a.mark_blank(f))
}

/// Anchors the selected field's evidence to the current search hit.
pub(super) fn reanchor(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let field = review.selected_field().map(str::to_owned);
    let Some(hit) = review.search.as_ref().and_then(Search::hit) else {
        app.message = Some("search first (/): the current hit becomes the evidence".into());
        return vec![];
    };
    let text = review.report.text.clone();
    with_field(app, field, |a, f| a.set_span(f, hit, &text))
}

/// Opens the note editor on the selected field.
pub(super) fn field_note(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let field = review.selected_field().map(str::to_owned);
    let Some(field) = field else { return vec![] };
    if MetaField::from_id(&field).is_some() {
        app.message = Some(format!(
            "{field} takes no note of its own: write it on the report"
        ));
        return vec![];
    }
    let note = review
        .annotation
        .fields
        .get(&field)
        .map_or(String::new(), |a| a.note.clone());
    app.editor = Some(Editor::new(Purpose::FieldNote(field), &note));
    vec![]
}

/// Opens the note editor on the report.
pub(super) fn report_note(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let note = review.annotation.note.clone();
    app.editor = Some(Editor::new(Purpose::ReportNote, &note));
    vec![]
}

/// Acknowledges the selected rule problem (or withdraws the acknowledgement).
pub(super) fn acknowledge(app: &mut App) -> Vec<Effect> {
    let focus = app.focus;
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let field = review.selected_field().map(str::to_owned);
    let disagreement = Problem::is_disagreement;
    let target = if focus == Focus::Problems {
        review.problems.get(review.problem)
    } else {
        let f = field.as_deref().unwrap_or_default();
        review
            .problems
            .iter()
            .find(|p| {
                p.fields.iter().any(|x| x == f) && p.acknowledged.is_none() && !disagreement(p)
            })
            .or_else(|| review.problems.get(review.problem))
    };
    if target.is_some_and(disagreement) {
        app.message = Some(
            "a disagreement is settled by taking a side or typing a value, not acknowledged".into(),
        );
        return vec![];
    }
    let Some((problem, rules)) = target
        .map(|p| (p, p.rules()))
        .filter(|(_, r)| !r.is_empty())
    else {
        app.message = Some("no rule problem selected to acknowledge".into());
        return vec![];
    };
    let rule = rules[0].clone();
    if let Some(note) = problem.acknowledged.clone() {
        // Reopened, its note waits for the next acknowledgement of the rule.
        review.reopened.insert(rule.clone(), note);
        let effects = change(app, |a| {
            for rule in &rules {
                a.unacknowledge(rule);
            }
            Ok(())
        });
        app.message = Some(format!(
            "reopened {}; a acknowledges it again with its note",
            rules.join(", ")
        ));
        return effects;
    }
    // A reopened rule starts from its old note; adjudicating, a rule only one annotator
    // acknowledged starts from theirs: enter accepts it.
    let note = review
        .reopened
        .get(&rule)
        .cloned()
        .or_else(|| {
            review
                .sides
                .as_ref()
                .and_then(|s| s.one_sided_acknowledgement(&rule))
                .map(|(_, note)| note.to_owned())
        })
        .unwrap_or_default();
    app.editor = Some(Editor::new(Purpose::Acknowledge(rules), &note));
    vec![]
}

/// Applies fix candidate `i` (counted from 0) when it corrects a reading, and moves to the
/// cell it changed. One that would change a value the report prints opens the
/// acknowledgement of the problems it explains instead, its note written: the gold keeps
/// what the report prints.
pub(super) fn fix(app: &mut App, i: usize) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let Some(fix) = review.fixes.get(i).cloned() else {
        app.message = Some(format!("there is no fix candidate {}", i + 1));
        return vec![];
    };
    if review.fix_kind(&fix) == FixKind::Acknowledge {
        let rules = review.rules_of_fix(&fix);
        if rules.is_empty() {
            app.message = Some("no open hard problem for this candidate to explain".into());
            return vec![];
        }
        let note = review.fix_text(&fix);
        let note = note
            .strip_prefix("acknowledge: ")
            .unwrap_or(&note)
            .to_owned();
        app.message = Some(
            "the report prints this value itself: acknowledge its error (enter), or esc".into(),
        );
        app.editor = Some(Editor::new(Purpose::Acknowledge(rules), &note));
        return vec![];
    }
    let said = review.fix_text(&fix);
    let effects = change(app, |a| {
        for (f, n) in &fix.edits {
            a.set_value(f, Some(*n)).map_err(|e| e.to_string())?;
        }
        Ok(())
    });
    if let Some(review) = app.review_mut() {
        if let Some(c) = fix
            .edits
            .first()
            .and_then(|(f, _)| sheet::find(&review.sheet, f))
        {
            review.cursor = c;
        }
    }
    reveal_selection(app);
    app.message = Some(format!(
        "applied: {}",
        said.strip_prefix("correct: ").unwrap_or(&said)
    ));
    effects
}

/// Opens the search editor, holding the last query.
pub(super) fn search(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let query = review
        .search
        .as_ref()
        .map_or(String::new(), |s| s.query.clone());
    app.editor = Some(Editor::new(Purpose::Search, &query));
    vec![]
}

/// Goes to the next (or previous) search hit.
pub(super) fn search_step(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    match review.search.as_mut() {
        Some(s) if !s.hits.is_empty() => {
            s.step(forward);
            let msg = format!("hit {} of {}", s.current + 1, s.hits.len());
            app.message = Some(msg);
            reveal_search_hit(app);
        }
        _ => app.message = Some("no search hits (/ to search)".into()),
    }
    vec![]
}

/// Marks the report done and opens the most urgent one left, or puts it back in progress.
pub(super) fn toggle_done(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let done = review.annotation.status == ReportStatus::Done;
    let unresolved = review.unresolved().count();
    if !done && unresolved > 0 {
        app.message = Some(format!(
            "not marked done: {unresolved} disagreements left to settle ({} goes to the next)",
            app.options
                .keymap
                .keys_for(Action::NextDisagreement)
                .first()
                .map_or_else(|| "next_disagreement".to_owned(), ToString::to_string)
        ));
        return vec![];
    }
    if done {
        return change(app, |a| {
            a.set_status(ReportStatus::InProgress);
            Ok(())
        });
    }
    let hard = review
        .problems
        .iter()
        .filter(|p| p.acknowledged.is_none() && p.severity == Severity::Hard)
        .count();
    let unreviewed = review
        .annotation
        .fields
        .values()
        .filter(|l| l.status == FieldStatus::Unreviewed)
        .count();
    if hard + unreviewed > 0 {
        let mut open = Vec::new();
        if hard > 0 {
            open.push(format!("{hard} hard problems open"));
        }
        if unreviewed > 0 {
            open.push(format!("{unreviewed} values unreviewed"));
        }
        app.message = Some(format!("{} — mark done anyway? y/n", open.join(", ")));
        app.question = Some(Question::MarkDone);
        return vec![];
    }
    mark_done(app)
}

/// Marks the report done and opens the most urgent report not yet done.
pub(super) fn mark_done(app: &mut App) -> Vec<Effect> {
    let mut effects = change(app, |a| {
        a.set_status(ReportStatus::Done);
        Ok(())
    });
    {
        // On to the most urgent report not yet done, in the queue's order.
        let current = app.current;
        let next = app.triage.order.iter().copied().find(|&i| {
            i != current
                && !matches!(&app.triage.rows[i], QueueRow::Loaded(s) if s.status == ReportStatus::Done)
                && !matches!(&app.triage.rows[i], QueueRow::Broken(..))
        });
        match next {
            Some(next) => {
                app.message = Some("marked done".into());
                effects.extend(open_report(app, next));
            }
            None => app.message = Some("marked done; every report is done".into()),
        }
    }
    effects
}

fn selected(app: &App) -> Option<String> {
    app.review()
        .and_then(|r| r.selected_field())
        .map(str::to_owned)
}

fn with_field(
    app: &mut App,
    field: Option<String>,
    edit: impl FnOnce(&mut Annotation, &str) -> Result<(), EditError>,
) -> Vec<Effect> {
    let Some(field) = field else {
        return vec![];
    };
    change(app, |a| edit(a, &field).map_err(|e| e.to_string()))
}

/// Moves the selected grid row's values one column left (`by` = -1) or right (+1), for a row
/// read into the wrong columns: the cell left empty at the other end becomes blank, and the
/// value pushed off the end is dropped (undo brings it back). One change.
pub(super) fn shift_row(app: &mut App, by: isize) -> Vec<Effect> {
    let Some(review) = app.review() else {
        return vec![];
    };
    let c = review.cursor;
    let section = &review.sheet[c.section];
    if section.columns.is_empty() {
        app.message = Some("only a grid's rows shift (表三, 表四)".into());
        return vec![];
    }
    let row = &section.rows[c.row];
    let cells = row.cells.clone();
    let old: Vec<_> = cells.iter().map(|f| review.effective.value(f)).collect();
    let shifted: Vec<_> = (0..cells.len())
        .map(|i| {
            i.checked_add_signed(-by)
                .and_then(|from| old.get(from).copied())
                .flatten()
        })
        .collect();
    let label = row.label.clone();
    let effects = change(app, |a| {
        cells
            .iter()
            .zip(&shifted)
            .try_for_each(|(f, v)| a.set_value(f, *v))
            .map_err(|e| e.to_string())
    });
    let side = if by < 0 { "left" } else { "right" };
    app.message = Some(format!("{label}: values shifted one column {side}"));
    effects
}

/// Columns an unwrapped report scrolls sideways per key.
const SIDEWAYS_STEP: usize = 8;

/// Wraps the report's long lines, or shows each whole and scrolled sideways.
pub(super) fn toggle_wrap(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.review_mut() else {
        return vec![];
    };
    let unwrapped = !review.unwrapped;
    review.set_unwrapped(unwrapped);
    app.message = Some(
        if unwrapped {
            "report lines unwrapped: left and right scroll sideways in the report pane"
        } else {
            "report lines wrapped"
        }
        .into(),
    );
    reveal_selection(app);
    vec![]
}

pub(super) fn navigate(review: &mut Review, focus: Focus, action: Action, page: usize) {
    let page = page.max(1) as isize;
    match focus {
        Focus::Fields => {
            let s = &review.sheet;
            review.cursor = match action {
                Action::Up => sheet::move_rows(s, review.cursor, -1),
                Action::Down => sheet::move_rows(s, review.cursor, 1),
                Action::PageUp => sheet::move_rows(s, review.cursor, -page),
                Action::PageDown => sheet::move_rows(s, review.cursor, page),
                Action::Left => sheet::move_cols(s, review.cursor, -1),
                Action::Right => sheet::move_cols(s, review.cursor, 1),
                Action::Top => sheet::Cursor::default(),
                Action::Bottom => sheet::last(s),
                _ => review.cursor,
            };
        }
        Focus::Problems => {
            let n = review.problems.len();
            if n == 0 {
                return;
            }
            let p = review.problem as isize;
            let target = match action {
                Action::Up | Action::Left => p - 1,
                Action::Down | Action::Right => p + 1,
                Action::PageUp => p - page,
                Action::PageDown => p + page,
                Action::Top => 0,
                Action::Bottom => n as isize - 1,
                _ => p,
            };
            review.select_problem(target.clamp(0, n as isize - 1) as usize);
        }
        Focus::Report if review.unwrapped && matches!(action, Action::Left | Action::Right) => {
            review.report_left = if action == Action::Left {
                review.report_left.saturating_sub(SIDEWAYS_STEP)
            } else {
                // No further than where the widest line on screen still shows.
                let widest = review
                    .wrap
                    .borrow_mut()
                    .rows_from(&review.report, review.report_top, page as usize)
                    .iter()
                    .map(|(_, r)| review.report.text.get(r.clone()).map_or(0, str_width))
                    .max()
                    .unwrap_or(0);
                (review.report_left + SIDEWAYS_STEP).min(widest.saturating_sub(1))
            };
        }
        Focus::Report => {
            let mut wrap = review.wrap.borrow_mut();
            let text = &review.report;
            review.report_top = match action {
                Action::Up | Action::Left => wrap.retreat(text, review.report_top, 1),
                Action::Down | Action::Right => wrap.advance(text, review.report_top, 1),
                Action::PageUp => wrap.retreat(text, review.report_top, page as usize),
                Action::PageDown => wrap.advance(text, review.report_top, page as usize),
                Action::Top => wrap.pos_of_offset(text, 0),
                Action::Bottom => {
                    let end = wrap.pos_of_offset(text, text.text.len());
                    wrap.retreat(text, end, page as usize - 1)
                }
                _ => review.report_top,
            };
        }
    }
}

pub(super) fn step_problem(app: &mut App, forward: bool) {
    let Some(review) = app.review_mut() else {
        return;
    };
    let open: Vec<usize> = review.open_problems().collect();
    if open.is_empty() {
        app.message = Some("no open problems".into());
        return;
    }
    let here = review.problem;
    let next = if forward {
        open.iter().copied().find(|&i| i > here).unwrap_or(open[0])
    } else {
        open.iter()
            .rev()
            .copied()
            .find(|&i| i < here)
            .unwrap_or(open[open.len() - 1])
    };
    review.select_problem(next);
    let p = &review.problems[next];
    app.message = Some(match p.unsure.first() {
        Some(field) => format!(
            "{}: {} — is {} read right?",
            p.whose().label(),
            p.name(),
            problem_text::cell_name(&review.sheet, field)
        ),
        None => format!("{}: {}", p.whose().label(), p.name()),
    });
    reveal_selection(app);
}

impl ReviewActions for Handle {
    fn edit(app: &mut App) -> Vec<Effect> {
        if app.screen == Screen::Queue {
            queue::open_selected(app)
        } else {
            on_read_review(app, edit)
        }
    }
    fn confirm(app: &mut App) -> Vec<Effect> {
        on_read_review(app, confirm)
    }
    fn confirm_clean(app: &mut App) -> Vec<Effect> {
        on_read_review(app, confirm_clean)
    }
    fn accept_next(app: &mut App) -> Vec<Effect> {
        on_read_review(app, accept_next)
    }
    fn next_problem(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| {
            step_problem(app, true);
            vec![]
        })
    }
    fn prev_problem(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| {
            step_problem(app, false);
            vec![]
        })
    }
    fn mark_absent(app: &mut App) -> Vec<Effect> {
        on_read_review(app, mark_absent)
    }
    fn mark_blank(app: &mut App) -> Vec<Effect> {
        on_read_review(app, mark_blank)
    }
    fn reanchor(app: &mut App) -> Vec<Effect> {
        on_read_review(app, reanchor)
    }
    fn field_note(app: &mut App) -> Vec<Effect> {
        on_read_review(app, field_note)
    }
    fn report_note(app: &mut App) -> Vec<Effect> {
        on_read_review(app, report_note)
    }
    fn acknowledge(app: &mut App) -> Vec<Effect> {
        on_read_review(app, acknowledge)
    }
    fn fix_1(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| fix(app, 0))
    }
    fn fix_2(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| fix(app, 1))
    }
    fn fix_3(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| fix(app, 2))
    }
    fn search(app: &mut App) -> Vec<Effect> {
        on_read_review(app, search)
    }
    fn search_next(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| search_step(app, true))
    }
    fn search_prev(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| search_step(app, false))
    }
    fn toggle_done(app: &mut App) -> Vec<Effect> {
        on_read_review(app, toggle_done)
    }
    fn toggle_wrap(app: &mut App) -> Vec<Effect> {
        // The text alone can be read either way while the tables are read.
        on_review(app, self::toggle_wrap)
    }
    fn shift_row_left(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| shift_row(app, -1))
    }
    fn shift_row_right(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| shift_row(app, 1))
    }
}
