//! Adjudicating two annotators' labels: taking a side, going from one disagreement to the next.

use crate::annotate::adjudicate::Which;
use crate::annotate::{FieldStatus, MetaField};
use crate::tui::action::AdjudicateActions;
use crate::tui::app::{App, Effect, Focus};
use crate::tui::review::sides_text;
use crate::tui::sheet;

use super::{change, on_read_review, reveal_selection, Handle};

/// Takes annotator `which`'s label of the selected cell.
pub(super) fn take_side(app: &mut App, which: Which) -> Vec<Effect> {
    let field = app
        .review()
        .and_then(|r| r.selected_field())
        .map(str::to_owned);
    take(app, which, field)
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
pub(super) fn step_disagreement(app: &mut App, forward: bool) {
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
            .map(|s| sides_text(s, &next.1))
            .unwrap_or_default()
    );
    app.focus = Focus::Fields;
    app.message = Some(message);
    reveal_selection(app);
}

impl AdjudicateActions for Handle {
    fn take_a(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| take_side(app, Which::A))
    }
    fn take_b(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| take_side(app, Which::B))
    }
    fn next_disagreement(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| {
            step_disagreement(app, true);
            vec![]
        })
    }
    fn prev_disagreement(app: &mut App) -> Vec<Effect> {
        on_read_review(app, |app| {
            step_disagreement(app, false);
            vec![]
        })
    }
}
