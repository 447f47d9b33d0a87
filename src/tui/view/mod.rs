//! Rendering: a pure function of the state.

pub mod fields_pane;
pub mod layout;
pub mod overlay;
pub mod problems_pane;
pub mod queue_screen;
pub mod report_pane;
pub mod status;

use crate::tui::style::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::text::width::truncate_to_width;

use super::app::{App, Focus};

pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = app.options.theme;
    let Some(panes) = layout::panes(area) else {
        too_small(frame, area);
        return;
    };
    if app.screen == super::app::Screen::Queue {
        let main = Rect {
            height: area.height - panes.status.height,
            ..area
        };
        queue_screen::render(frame, main, app);
        status::render(frame, panes.status, app);
        overlays(frame, area, app);
        return;
    }
    match app.review() {
        Some(review) => {
            report_pane::render(
                frame,
                panes.report,
                review,
                theme,
                app.focus == Focus::Report,
            );
            fields_pane::render(
                frame,
                panes.fields,
                review,
                theme,
                app.focus == Focus::Fields,
            );
            problems_pane::render(
                frame,
                panes.problems,
                review,
                theme,
                app.focus == Focus::Problems,
            );
        }
        None => {
            let text = match app.broken.get(&app.current) {
                Some(b) if b.unreadable_annotation.is_some() => format!(
                    "{}\n\nThe annotation file is left untouched. F starts afresh (the file is moved aside, never deleted); > opens the next report; q quits.",
                    b.message
                ),
                Some(b) => format!(
                    "{}\n\nThis file is not shown. > opens the next report, q quits.",
                    b.message
                ),
                None if app.report_paths.is_empty() => "no reports to review".to_owned(),
                None => "loading…".to_owned(),
            };
            let main = Rect {
                height: area.height - panes.status.height,
                ..area
            };
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .block(Block::default().borders(Borders::ALL)),
                main,
            );
        }
    }
    status::render(frame, panes.status, app);
    overlays(frame, area, app);
}

/// What is drawn over either screen: the crash-recovery offer, help, the editor.
fn overlays(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.options.theme;
    if let Some(entries) = &app.recovery {
        overlay::recovery(frame, area, entries.len(), theme);
    } else if app.help {
        let keymap = &app.options.keymap;
        let name = &app.options.keymap_name;
        overlay::help(frame, area, keymap, name, app.help_top, theme);
    } else if let Some(editor) = &app.editor {
        overlay::editor(frame, area, editor, theme);
    }
}

/// A pane's bordered block, its border marked when it has the focus.
pub fn pane_block<'a>(
    title: impl Into<ratatui::text::Line<'a>>,
    focused: bool,
    theme: Theme,
) -> Block<'a> {
    let block = Block::default().borders(Borders::ALL).title(title);
    if focused {
        block.border_style(theme.focused_border())
    } else {
        block
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "terminal {}×{} is too small: gouji needs {}×{}",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    let lines: Vec<Line> = [msg.as_str(), "enlarge the window, or press q to quit"]
        .iter()
        .take(usize::from(area.height))
        .map(|s| Line::raw(truncate_to_width(s, usize::from(area.width))))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
