//! Keys typed into an editor, and what submitting each kind of editor does.

use crossterm::event::KeyEvent;

use crate::annotate::config::AfterEnter;
use crate::annotate::MetaField;
use crate::tui::action::EditorActions;
use crate::tui::action::Mode;
use crate::tui::app::{App, Effect};
use crate::tui::editor::{parse_value, Purpose};
use crate::tui::keymap::Key;
use crate::tui::search::Search;
use crate::tui::sheet;

use super::{change, reveal_search_hit, reveal_selection, Handle};

/// A key in an editor: an editor action through its handler, any other key is typed.
pub(super) fn key(app: &mut App, k: Key, ev: KeyEvent) -> Vec<Effect> {
    let action = app.options.keymap.action(Mode::Editor, &k);
    match action {
        Some(action) => action.dispatch::<Handle>(app),
        None => {
            if let Some(editor) = app.editor.as_mut() {
                editor.textarea.input(ev);
                editor.error = None;
            }
            vec![]
        }
    }
}

/// Leaves the editor without changing anything.
pub(super) fn cancel(app: &mut App) -> Vec<Effect> {
    app.editor = None;
    app.message = Some("cancelled; nothing changed".into());
    vec![]
}

/// Starts a new line in a multi-line editor (notes); a one-line editor ignores it.
pub(super) fn newline(app: &mut App) -> Vec<Effect> {
    if let Some(editor) = app.editor.as_mut().filter(|e| e.purpose.multiline()) {
        editor.textarea.insert_newline();
    }
    vec![]
}

pub(super) fn submit(app: &mut App) -> Vec<Effect> {
    let Some(editor) = app.editor.as_mut() else {
        return vec![];
    };
    let text = editor.text();
    match editor.purpose.clone() {
        Purpose::Value(field) if MetaField::from_id(&field).is_some() => {
            submit_meta(app, &field, &text)
        }
        Purpose::Value(field) => submit_values(app, &field, &text),
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
        Purpose::Acknowledge(rules) => {
            if text.trim().is_empty() {
                editor.error = Some("say why the report itself does not add up".into());
                return vec![];
            }
            app.editor = None;
            let effects = change(app, |a| {
                for rule in &rules {
                    a.acknowledge(rule, &text);
                }
                Ok(())
            });
            app.message = Some(match rules.as_slice() {
                [first, _, _, ..] => {
                    format!("acknowledged {first} and {} more", rules.len() - 1)
                }
                _ => format!("acknowledged {}", rules.join(", ")),
            });
            effects
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

/// A typed value, or a whole row: several values separated by spaces or tabs (as pasted
/// from a spreadsheet) fill the selected cell and the cells to its right, as one change.
/// Then the cursor moves on to the next cell unless the config says to stay.
fn submit_values(app: &mut App, field: &str, text: &str) -> Vec<Effect> {
    let Some(review) = app.review() else {
        return vec![];
    };
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let start = sheet::find(&review.sheet, field);
    let targets: Vec<String> = match start {
        Some(c) if tokens.len() > 1 => review.sheet[c.section].rows[c.row].cells[c.col..].to_vec(),
        _ => vec![field.to_owned()],
    };
    let typed: Vec<&str> = if tokens.len() > 1 { tokens } else { vec![text] };
    let parsed: Result<Vec<_>, String> = if typed.len() > targets.len() {
        Err(format!(
            "{} values typed, but this row has {} cells from here",
            typed.len(),
            targets.len()
        ))
    } else {
        targets
            .iter()
            .zip(&typed)
            .map(|(f, t)| parse_value(f, t).map_err(|e| format!("{f}: {e}")))
            .collect()
    };
    let values = match parsed {
        Ok(values) => values,
        Err(reason) => {
            if let Some(editor) = app.editor.as_mut() {
                editor.error = Some(reason);
            }
            return vec![];
        }
    };
    app.editor = None;
    let filled = values.len();
    let typed: Vec<(String, _)> = targets.iter().cloned().zip(values).collect();
    let evidence = app
        .review()
        .map(|r| r.typed_evidence(&typed))
        .unwrap_or_default();
    // Only evidence found needs the text beside the annotation being edited.
    let text = match app.review() {
        Some(r) if evidence.iter().any(Option::is_some) => r.report.text.clone(),
        _ => String::new(),
    };
    let effects = change(app, |a| {
        for ((f, v), span) in typed
            .iter()
            .zip(evidence.iter().chain(std::iter::repeat(&None)))
        {
            a.set_value(f, *v).map_err(|e| e.to_string())?;
            if let Some(span) = span {
                a.set_span(f, *span, &text).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    });
    if filled > 1 {
        app.message = Some(format!("{filled} cells of the row filled"));
    }
    if app.options.after_enter == AfterEnter::NextCell {
        if let (Some(review), Some(c)) = (app.review_mut(), start) {
            review.cursor = sheet::move_cols(&review.sheet, c, filled as isize);
        }
        reveal_selection(app);
    }
    effects
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

impl EditorActions for Handle {
    fn submit(app: &mut App) -> Vec<Effect> {
        self::submit(app)
    }
    fn cancel(app: &mut App) -> Vec<Effect> {
        self::cancel(app)
    }
    fn newline(app: &mut App) -> Vec<Effect> {
        self::newline(app)
    }
}
