//! The one place the state changes: messages in, effects out.

use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};

use crate::annotate::adjudicate::Which;
use crate::annotate::{Annotation, FieldStatus, MetaField, ReportStatus};
use crate::rules::Severity;

use super::action::{Action, Mode};
use super::app::{App, Broken, Change, Effect, Focus, Msg, Screen};
use super::editor::{parse_value, Editor, Purpose};
use super::keymap::Key;
use super::review::{Review, DISAGREE};
use super::search::Search;
use super::sheet;
use super::view::{fields_pane, layout, problems_pane, report_pane};

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
            .map(|x| super::review::Problem {
                name: "X-CARRY".to_owned(),
                severity: Severity::Soft,
                fields: vec![x.field_here.to_owned()],
                message: x.message,
                acknowledged: review
                    .annotation
                    .acknowledged
                    .get("X-CARRY")
                    .map(|a| a.note.clone()),
                span: review.span_of(x.field_here),
                link: Some((x.other, x.field_there.to_owned())),
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
            mouse(app, ev);
            vec![]
        }
        Msg::Resize(w, h) => {
            app.size = (w, h);
            let (width, _) = report_view_size(app);
            for review in app.reviews.values_mut() {
                review.wrap.borrow_mut().set_width(width);
                review.report_top = review.wrap.borrow_mut().pos_of_offset(&review.report, 0);
            }
            reveal_selection(app);
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
                .set(index, super::queue::Row::Loaded(summary_of(&review)));
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
                super::queue::Row::Broken(error.trouble, error.message.clone()),
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
                        let row = super::queue::Row::Loaded(summary_of(review));
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
    if app.recovery.is_some() {
        return match app.options.keymap.action(Mode::Editor, &k) {
            Some(Action::Submit) => vec![Effect::Recover { restore: true }],
            Some(Action::Cancel) => vec![Effect::Recover { restore: false }],
            _ => vec![],
        };
    }
    if app.editor.is_some() {
        return editor_key(app, k, ev);
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
        app.help = false;
        app.help_top = 0;
        if action == Some(Action::Help) {
            return vec![];
        }
    }
    match app.options.keymap.action(Mode::Normal, &k) {
        Some(action) => act(app, action),
        None => {
            app.message = Some(format!("{k} is not bound — press ? for help"));
            vec![]
        }
    }
}

fn editor_key(app: &mut App, k: Key, ev: KeyEvent) -> Vec<Effect> {
    let action = app.options.keymap.action(Mode::Editor, &k);
    let Some(editor) = app.editor.as_mut() else {
        return vec![];
    };
    match action {
        Some(Action::Submit) => submit(app),
        Some(Action::Cancel) => {
            app.editor = None;
            app.message = Some("cancelled; nothing changed".into());
            vec![]
        }
        Some(Action::Newline) => {
            if editor.purpose.multiline() {
                editor.textarea.insert_newline();
            }
            vec![]
        }
        _ => {
            editor.textarea.input(ev);
            editor.error = None;
            vec![]
        }
    }
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Some(editor) = app.editor.as_mut() else {
        return vec![];
    };
    let text = editor.text();
    match editor.purpose.clone() {
        Purpose::Value(field) if MetaField::from_id(&field).is_some() => {
            submit_meta(app, &field, &text)
        }
        Purpose::Value(field) => match parse_value(&field, &text) {
            Ok(value) => {
                app.editor = None;
                change(app, |a| {
                    a.set_value(&field, value).map_err(|e| e.to_string())
                })
            }
            Err(reason) => {
                editor.error = Some(reason.to_string());
                vec![]
            }
        },
        Purpose::FieldNote(field) => {
            app.editor = None;
            change(app, |a| {
                a.set_field_note(&field, &text).map_err(|e| e.to_string())
            })
        }
        Purpose::ReportNote => {
            app.editor = None;
            change(app, |a| {
                a.set_note(&text);
                Ok(())
            })
        }
        Purpose::Acknowledge(rule) => {
            if text.trim().is_empty() {
                editor.error = Some("say why the report itself does not add up".into());
                return vec![];
            }
            app.editor = None;
            change(app, |a| {
                a.acknowledge(&rule, &text);
                Ok(())
            })
        }
        Purpose::SaveElsewhere => {
            app.editor = None;
            vec![Effect::SaveElsewhere {
                dir: std::path::PathBuf::from(text.trim()),
            }]
        }
        Purpose::Search => {
            app.editor = None;
            let Some(review) = app.review_mut() else {
                return vec![];
            };
            let from = review
                .selected_field()
                .and_then(|f| review.span_of(f))
                .map_or(0, |s| s.start);
            let search = Search::new(&review.report.text, &text, from);
            let found = format!("{} hits for {text:?}", search.hits.len());
            review.search = Some(search);
            app.message = Some(found);
            reveal_search_hit(app);
            vec![]
        }
    }
}

/// A typed year, agency or format. Refused input keeps the editor open with the reason, as
/// for a cell, so it is tried on a copy first.
fn submit_meta(app: &mut App, field: &str, text: &str) -> Vec<Effect> {
    let (Some(meta), Some(review)) = (MetaField::from_id(field), app.review()) else {
        return vec![];
    };
    let extracted = review.extraction.meta.clone();
    if let Err(e) = review.annotation.clone().set_meta(meta, text, &extracted) {
        if let Some(editor) = app.editor.as_mut() {
            editor.error = Some(e.to_string());
        }
        return vec![];
    }
    app.editor = None;
    change(app, |a| {
        a.set_meta(meta, text, &extracted)
            .map_err(|e| e.to_string())
    })
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

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = session_action(app, action) {
        return effects;
    }
    if app.screen == Screen::Queue {
        return queue_action(app, action);
    }
    let focus = app.focus;
    let (_, page) = report_view_size(app);
    let Some(review) = app.review_mut() else {
        app.message = Some("this report could not be opened; > and < move to another".into());
        return vec![];
    };
    let field = review.selected_field().map(str::to_owned);
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
        | Action::Left
        | Action::Right => {
            navigate(review, focus, action, page);
            if focus != Focus::Report {
                reveal_selection(app);
            }
            vec![]
        }
        Action::Edit => {
            let Some(field) = field else { return vec![] };
            let current = review.text_of(&field).flatten().unwrap_or_default();
            app.editor = Some(Editor::new(Purpose::Value(field), &current));
            vec![]
        }
        Action::Confirm => with_field(app, field, |a, f| a.confirm(f)),
        Action::AcceptNext => {
            let mut effects = with_field(app, field, |a, f| a.confirm(f));
            step_problem(app, true);
            effects.extend(Vec::new());
            effects
        }
        Action::ConfirmClean => {
            let clean: Vec<String> = review
                .effective
                .fields
                .keys()
                .filter(|f| review.severity_of(f).is_none())
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
        Action::NextProblem => {
            step_problem(app, true);
            vec![]
        }
        Action::PrevProblem => {
            step_problem(app, false);
            vec![]
        }
        Action::MarkAbsent => with_field(app, field, |a, f| a.mark_absent(f)),
        Action::MarkBlank => with_field(app, field, |a, f| a.mark_blank(f)),
        Action::Reanchor => {
            let Some(hit) = review.search.as_ref().and_then(Search::hit) else {
                app.message = Some("search first (/): the current hit becomes the evidence".into());
                return vec![];
            };
            let text = review.report.text.clone();
            with_field(app, field, |a, f| a.set_span(f, hit, &text))
        }
        Action::FieldNote => {
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
        Action::ReportNote => {
            let note = review.annotation.note.clone();
            app.editor = Some(Editor::new(Purpose::ReportNote, &note));
            vec![]
        }
        Action::Acknowledge => {
            let disagreement = |p: &super::review::Problem| p.name.starts_with(DISAGREE);
            let target = if focus == Focus::Problems {
                review.problems.get(review.problem)
            } else {
                let f = field.as_deref().unwrap_or_default();
                review
                    .problems
                    .iter()
                    .find(|p| {
                        p.fields.iter().any(|x| x == f)
                            && p.acknowledged.is_none()
                            && !disagreement(p)
                    })
                    .or_else(|| review.problems.get(review.problem))
            };
            if target.is_some_and(disagreement) {
                app.message = Some(
                    "a disagreement is settled by taking a side or typing a value, not acknowledged"
                        .into(),
                );
                return vec![];
            }
            let Some(problem) = target.filter(|p| !p.name.starts_with("flag:")) else {
                app.message = Some("no rule problem selected to acknowledge".into());
                return vec![];
            };
            let rule = problem.name.clone();
            if problem.acknowledged.is_some() {
                return change(app, |a| {
                    a.unacknowledge(&rule);
                    Ok(())
                });
            }
            // Adjudicating, a rule only one annotator acknowledged starts from their note:
            // enter accepts it.
            let note = review
                .sides
                .as_ref()
                .and_then(|s| s.one_sided_acknowledgement(&rule))
                .map_or_else(String::new, |(_, note)| note.to_owned());
            app.editor = Some(Editor::new(Purpose::Acknowledge(rule), &note));
            vec![]
        }
        Action::Fix1 | Action::Fix2 | Action::Fix3 => {
            let i = match action {
                Action::Fix1 => 0,
                Action::Fix2 => 1,
                _ => 2,
            };
            let Some(fix) = review.fixes.get(i).cloned() else {
                app.message = Some(format!("there is no fix candidate {}", i + 1));
                return vec![];
            };
            let effects = change(app, |a| {
                for (f, n) in &fix.edits {
                    a.set_value(f, Some(*n)).map_err(|e| e.to_string())?;
                }
                Ok(())
            });
            app.message = Some(format!("applied: {}", fix.reason));
            effects
        }
        Action::Search => {
            let query = review
                .search
                .as_ref()
                .map_or(String::new(), |s| s.query.clone());
            app.editor = Some(Editor::new(Purpose::Search, &query));
            vec![]
        }
        Action::SearchNext | Action::SearchPrev => {
            match review.search.as_mut() {
                Some(s) if !s.hits.is_empty() => {
                    s.step(action == Action::SearchNext);
                    let msg = format!("hit {} of {}", s.current + 1, s.hits.len());
                    app.message = Some(msg);
                    reveal_search_hit(app);
                }
                _ => app.message = Some("no search hits (/ to search)".into()),
            }
            vec![]
        }
        Action::TakeA | Action::TakeB => {
            let which = if action == Action::TakeA {
                Which::A
            } else {
                Which::B
            };
            take(app, which, field)
        }
        Action::NextDisagreement | Action::PrevDisagreement => {
            step_disagreement(app, action == Action::NextDisagreement);
            vec![]
        }
        Action::ToggleDone => {
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
            let status = if done {
                ReportStatus::InProgress
            } else {
                ReportStatus::Done
            };
            let mut effects = change(app, |a| {
                a.set_status(status);
                Ok(())
            });
            if !done {
                // On to the most urgent report not yet done, in the queue's order.
                let current = app.current;
                let next = app.triage.order.iter().copied().find(|&i| {
                    i != current
                        && !matches!(&app.triage.rows[i], super::queue::Row::Loaded(s) if s.status == ReportStatus::Done)
                        && !matches!(&app.triage.rows[i], super::queue::Row::Broken(..))
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
        _ => vec![],
    }
}

const NOT_ADJUDICATING: &str = "not adjudicating: start with gouji adjudicate A B PATH...";

/// Adjudicating: takes annotator `which`'s label of the selected cell, then goes on to the
/// next disagreement left.
fn take(app: &mut App, which: Which, field: Option<String>) -> Vec<Effect> {
    let Some(review) = app.review() else {
        return vec![];
    };
    let Some(sides) = &review.sides else {
        app.message = Some(NOT_ADJUDICATING.into());
        return vec![];
    };
    let Some(field) = field else { return vec![] };
    let side = sides.side(which);
    let name = side.name.clone();
    if side.annotation.is_none() {
        app.message = Some(format!("{name} did not annotate this report"));
        return vec![];
    }
    if MetaField::from_id(&field).is_some() {
        app.message = Some(format!(
            "{field} is not compared between the annotators: type its value instead"
        ));
        return vec![];
    }
    // A side without a label for the cell says it is not in the report.
    let label = review.side_label(which, &field).cloned();
    let effects = change(app, |a| {
        match &label {
            Some(label) => a.adopt(&field, label),
            None => a.mark_absent(&field),
        }
        .map_err(|e| e.to_string())
    });
    if effects.is_empty() {
        return effects;
    }
    let Some(review) = app.review() else {
        return effects;
    };
    let left = review.unresolved().count();
    let shown = label
        .filter(|l| l.status != FieldStatus::Absent)
        .and_then(|l| l.value)
        .map_or_else(|| "nothing".to_owned(), |v| v.to_string());
    if left > 0 {
        step_disagreement(app, true);
    }
    app.message = Some(format!(
        "took {name}'s {shown} for {field}; {left} disagreements left"
    ));
    effects
}

/// Moves the cursor to the next (or previous) disagreement not yet settled, in field order
/// from the selected cell, wrapping around.
fn step_disagreement(app: &mut App, forward: bool) {
    let Some(review) = app.review_mut() else {
        return;
    };
    if review.sides.is_none() {
        app.message = Some(NOT_ADJUDICATING.into());
        return;
    }
    let left: Vec<String> = review.unresolved().map(str::to_owned).collect();
    let mut placed: Vec<(sheet::Cursor, String)> = left
        .into_iter()
        .filter_map(|f| sheet::find(&review.sheet, &f).map(|c| (c, f)))
        .collect();
    placed.sort();
    if placed.is_empty() {
        app.message = Some(format!(
            "no disagreements left ({} settled)",
            review.disagreements.len()
        ));
        return;
    }
    let here = review.cursor;
    let next = if forward {
        placed.iter().find(|(c, _)| *c > here).unwrap_or(&placed[0])
    } else {
        placed
            .iter()
            .rev()
            .find(|(c, _)| *c < here)
            .unwrap_or(&placed[placed.len() - 1])
    };
    review.cursor = next.0;
    let message = format!(
        "{}: {}",
        next.1,
        review
            .sides
            .as_ref()
            .map(|s| super::review::sides_text(s, &next.1))
            .unwrap_or_default()
    );
    app.focus = Focus::Fields;
    app.message = Some(message);
    reveal_selection(app);
}

/// Keys on the queue screen: move, sort, filter, open.
fn queue_action(app: &mut App, action: Action) -> Vec<Effect> {
    let (_, page) = report_view_size(app);
    let page = page.max(1) as isize;
    let q = &mut app.triage;
    match action {
        Action::Up => q.move_cursor(-1),
        Action::Down => q.move_cursor(1),
        Action::PageUp => q.move_cursor(-page),
        Action::PageDown => q.move_cursor(page),
        Action::Top => q.move_cursor(isize::MIN / 2),
        Action::Bottom => q.move_cursor(isize::MAX / 2),
        Action::SortNext => {
            q.cycle_sort();
            app.message = Some(format!("sorted by {}", app.triage.sort.name()));
        }
        Action::FilterNext => {
            q.cycle_filter();
            app.message = Some(format!("showing {}", app.triage.filter.name()));
        }
        Action::Edit => {
            if let Some(index) = q.selected() {
                app.screen = Screen::Review;
                return open_report(app, index);
            }
        }
        _ => {}
    }
    vec![]
}

/// The queue row of a report under review, from what the review already computed.
pub fn summary_of(review: &Review) -> super::queue::Summary {
    let names = |severity| {
        review
            .problems
            .iter()
            .filter(|p| {
                p.severity == severity
                    && p.acknowledged.is_none()
                    && !p.name.starts_with("flag:")
                    && !p.name.starts_with(DISAGREE)
                    // The queue counts cross-year links itself, from every report's row.
                    && p.link.is_none()
            })
            .map(|p| p.name.clone())
            .collect()
    };
    let meta = &review.effective.meta;
    super::queue::Summary {
        agency: meta
            .agency
            .as_ref()
            .map_or(String::new(), |a| a.value.clone()),
        year: meta.year.as_ref().map(|y| y.value),
        format: meta.format.into(),
        hard: names(Severity::Hard),
        soft: names(Severity::Soft),
        carry_acknowledged: review.annotation.acknowledged.contains_key("X-CARRY"),
        coverage: crate::rules::coverage(&review.effective).share(),
        status: review.annotation.status,
        annotator: Some(review.annotation.annotator.clone()),
        carried_over: review.effective.value(super::queue::CARRIED_OVER),
        carried_forward: review.effective.value(super::queue::CARRIED_FORWARD),
        disagreements: review.sides.as_ref().map(|_| review.unresolved().count()),
    }
}

/// Actions that do not need an open report.
fn session_action(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    Some(match action {
        Action::Quit => {
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
        Action::Help => {
            app.help = !app.help;
            vec![]
        }
        Action::NextPane => {
            app.focus = app.focus.next();
            vec![]
        }
        Action::PrevPane => {
            app.focus = app.focus.prev();
            vec![]
        }
        Action::ShowQueue => {
            app.screen = Screen::Queue;
            app.triage.select(app.current);
            vec![]
        }
        Action::NextReport | Action::PrevReport if app.screen == Screen::Review => {
            let forward = action == Action::NextReport;
            match neighbour(app, forward) {
                Some(i) => open_report(app, i),
                None => {
                    let which = if forward { "last" } else { "first" };
                    app.message = Some(format!("this is the {which} report"));
                    vec![]
                }
            }
        }
        Action::StartAfresh => match app.broken.get(&app.current) {
            Some(Broken {
                unreadable_annotation: Some(path),
                ..
            }) => vec![Effect::StartAfresh {
                report: app.current,
                annotation: path.clone(),
            }],
            _ => {
                app.message = Some(
                    "only a report whose annotation file is unreadable can start afresh".into(),
                );
                vec![]
            }
        },
        Action::Suspend => vec![Effect::Suspend],
        Action::OpenLinked => {
            let link = app
                .review()
                .and_then(|r| r.problems.get(r.problem))
                .and_then(|p| p.link.clone());
            let Some((other, field)) = link else {
                app.message = Some("select an X-CARRY problem to open the other year".into());
                return Some(vec![]);
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
        Action::Undo => undo_redo(app, true),
        Action::Redo => undo_redo(app, false),
        _ => return None,
    })
}

/// The next report in the queue's order (or in file order when the queue leaves it out).
fn neighbour(app: &App, forward: bool) -> Option<usize> {
    app.triage.neighbour(app.current, forward).or_else(|| {
        if app.triage.order.contains(&app.current) {
            None
        } else if forward {
            (app.current + 1 < app.queue.len()).then_some(app.current + 1)
        } else {
            app.current.checked_sub(1)
        }
    })
}

fn open_report(app: &mut App, index: usize) -> Vec<Effect> {
    if index >= app.queue.len() {
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

fn with_field(
    app: &mut App,
    field: Option<String>,
    edit: impl FnOnce(&mut Annotation, &str) -> Result<(), crate::annotate::EditError>,
) -> Vec<Effect> {
    let Some(field) = field else {
        return vec![];
    };
    change(app, |a| edit(a, &field).map_err(|e| e.to_string()))
}

fn undo_redo(app: &mut App, undo: bool) -> Vec<Effect> {
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
    let report = step.report;
    to.push(step);
    app.current = report;
    app.message = Some(if undo { "undone" } else { "redone" }.into());
    reveal_selection(app);
    save(app, report)
}

fn navigate(review: &mut Review, focus: Focus, action: Action, page: usize) {
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

fn step_problem(app: &mut App, forward: bool) {
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
    let sev = match review.problems[next].severity {
        Severity::Hard => "hard",
        Severity::Soft => "soft",
    };
    app.message = Some(format!("{sev} problem: {}", review.problems[next].name));
    reveal_selection(app);
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
        report_pane::reveal(review, span.start, height);
    }
}

fn reveal_search_hit(app: &mut App) {
    let (_, height) = report_view_size(app);
    let Some(review) = app.review_mut() else {
        return;
    };
    if let Some(hit) = review.search.as_ref().and_then(Search::hit) {
        report_pane::reveal(review, hit.start, height);
    }
}

fn mouse(app: &mut App, ev: MouseEvent) {
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
