//! The status bar: where the analyst is, whether the work is on disk, and what keys do.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::text::width::truncate_to_width;
use crate::tui::action::{Action, Mode};
use crate::tui::app::App;
use crate::tui::queue::QueueRow;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.options.theme;
    let width = usize::from(area.width);
    let on_queue = app.screen == crate::tui::app::Screen::Queue;
    // On the queue the bar speaks of the selected row; on a report, of that report.
    let shown = if on_queue {
        app.triage.selected().unwrap_or(app.current)
    } else {
        app.current
    };
    let name = app
        .report_paths
        .get(shown)
        .and_then(|p| p.file_name())
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mode = if app.help {
        "HELP"
    } else if app.screen == crate::tui::app::Screen::Queue {
        "QUEUE"
    } else if app.editor.is_some() {
        "EDIT"
    } else if app.options.adjudicate.is_some() {
        "ADJUDICATE"
    } else {
        "REVIEW"
    };
    let review = app.review().filter(|_| !on_queue);
    let (saved, saved_style) = match review {
        // Nothing of it is in an annotation yet: not `saved`, which would promise work kept.
        Some(r) if r.reading => ("reading…", theme.dim()),
        Some(r) if r.read_only.is_some() => ("READ-ONLY", theme.hard()),
        Some(r) if r.save_error.is_some() => ("NOT SAVED", theme.hard()),
        Some(r) if !r.is_saved() => ("saving…", theme.soft()),
        Some(_) => ("saved", theme.ok()),
        None => ("", theme.dim()),
    };
    let status = if on_queue {
        match app.triage.rows.get(shown) {
            Some(QueueRow::Loaded(summary)) => summary.status.to_string(),
            _ => String::new(),
        }
    } else {
        app.review()
            .map_or_else(String::new, |r| r.annotation.status.to_string())
    };
    let q = &app.triage;
    // Adjudicating: what is left to settle in this report.
    let disagreements = app
        .review()
        .filter(|r| r.sides.is_some())
        .map_or(String::new(), |r| {
            format!(" · disagreements: {} left", r.unresolved().count())
        });
    // The place in the queue as the analyst sees it: its current sort and filter (`-` when the
    // filter hides this report).
    let place = q
        .position(shown)
        .map_or_else(|| "-".to_owned(), |p| (p + 1).to_string());
    // Whether the work is on disk comes first, so a narrow terminal never cuts it off.
    let first = vec![
        TextSpan::styled(format!(" {saved} "), saved_style),
        TextSpan::styled(
            format!(
                "{name} [{place}/{}] {status} · {} · {mode}{disagreements} · done {}/{} · problems left {}",
                q.order.len(),
                app.options.annotator,
                q.done(),
                q.rows.len(),
                q.problems_left(),
            ),
            theme.header(),
        ),
    ];
    let second = match &app.message {
        Some(m) => m.clone(),
        None => hints(app),
    };
    let lines = vec![
        Line::from(first),
        Line::raw(truncate_to_width(&format!(" {second}"), width)),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

fn hints(app: &App) -> String {
    let mode = if app.editor.is_some() {
        Mode::Editor
    } else {
        Mode::Normal
    };
    let wanted: &[(Action, &str)] = if mode == Mode::Editor {
        &[(Action::Submit, "save"), (Action::Cancel, "cancel")]
    } else if app.screen == crate::tui::app::Screen::Queue {
        &[
            (Action::Help, "help"),
            (Action::Edit, "open"),
            (Action::SortNext, "sort"),
            (Action::FilterNext, "filter"),
            (Action::Quit, "quit"),
        ]
    } else if app.options.adjudicate.is_some() {
        &[
            (Action::Help, "help"),
            (Action::TakeA, "take 1st"),
            (Action::TakeB, "take 2nd"),
            (Action::Edit, "type another"),
            (Action::NextDisagreement, "next disagreement"),
            (Action::Undo, "undo"),
            (Action::ToggleDone, "done"),
            (Action::NextReport, "next report"),
            (Action::Quit, "quit"),
        ]
    } else {
        &[
            (Action::Help, "help"),
            (Action::NextPane, "pane"),
            (Action::Edit, "edit"),
            (Action::Confirm, "confirm"),
            (Action::NextProblem, "next problem"),
            (Action::Acknowledge, "acknowledge"),
            (Action::Undo, "undo"),
            (Action::NextReport, "next report"),
            (Action::ShowQueue, "queue"),
            (Action::Quit, "quit"),
        ]
    };
    wanted
        .iter()
        .filter_map(|(a, label)| {
            app.options
                .keymap
                .keys_for(*a)
                .first()
                .map(|k| format!("{k} {label}"))
        })
        .collect::<Vec<_>>()
        .join("  ")
}
