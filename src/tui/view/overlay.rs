//! What is drawn over the panes: the editor, the help screen.

use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use strum::IntoEnumIterator;

use crate::text::width::{str_width, truncate_to_width};
use crate::tui::action::Mode;
use crate::tui::editor::Editor;
use crate::tui::keymap::Keymap;

use crate::tui::style::Theme;

/// Empties `rect` for a popup. A wide character of the pane beneath that starts just left of
/// it would cover the popup's left border (the terminal is sent the character, not the border
/// under its second half), so it is blanked too.
fn clear(frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    let Some(left) = rect.x.checked_sub(1) else {
        return;
    };
    let buffer = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buffer.cell_mut(Position::new(left, y)) {
            if str_width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The editor box; the real terminal cursor is put at the caret so an input method's window
/// opens in place.
pub fn editor(frame: &mut Frame, area: Rect, editor: &Editor, theme: Theme) {
    let height = if editor.purpose.multiline() { 10 } else { 5 };
    let rect = centered(area, area.width.saturating_sub(8).min(90), height);
    clear(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(editor.purpose.title());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height < 2 || inner.width < 2 {
        return;
    }
    let text_area = Rect {
        height: inner.height - 1,
        ..inner
    };
    frame.render_widget(&editor.textarea, text_area);
    let hint = match &editor.error {
        Some(e) => Line::styled(
            truncate_to_width(&format!("refused: {e}"), usize::from(inner.width)),
            theme.hard(),
        ),
        None => Line::styled(
            truncate_to_width(
                if editor.purpose.multiline() {
                    "enter: save   alt-enter: new line   esc: cancel"
                } else {
                    "enter: save   esc: cancel"
                },
                usize::from(inner.width),
            ),
            theme.dim(),
        ),
    };
    let hint_area = Rect {
        y: inner.y + inner.height - 1,
        height: 1,
        ..inner
    };
    frame.render_widget(Paragraph::new(hint), hint_area);
    let cursor = editor.textarea.screen_cursor();
    let (top, left) = editor.textarea.scroll_offset();
    let row = cursor.row.saturating_sub(usize::from(top));
    let col = cursor.col.saturating_sub(usize::from(left));
    if row < usize::from(text_area.height) && col < usize::from(text_area.width) {
        frame.set_cursor_position(Position::new(
            text_area.x + col as u16,
            text_area.y + row as u16,
        ));
    }
}

/// The help screen's lines, generated from the active keymap: one per action, with the name a
/// keymap file binds it by.
fn help_lines(keymap: &Keymap, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for mode in Mode::iter() {
        let entries = keymap.help(mode);
        lines.push(Line::styled(
            format!(
                "{mode} keys (keymap.json section \"{mode}\"): keys, action name, what it does"
            ),
            theme.header(),
        ));
        let key_width = entries
            .iter()
            .map(|l| str_width(&l.keys))
            .max()
            .unwrap_or(0)
            .min(24);
        let name_width = entries.iter().map(|l| l.name.len()).max().unwrap_or(0);
        for line in entries {
            let keys = truncate_to_width(&line.keys, key_width);
            let pad = " ".repeat(key_width.saturating_sub(str_width(&keys)));
            lines.push(Line::raw(truncate_to_width(
                &format!(
                    "  {keys}{pad}  {:<name_width$}  {}",
                    line.name, line.description
                ),
                width,
            )));
        }
    }
    for key in [
        "cells: _ printed blank  . absent  ✓ confirmed  * corrected  ? read unsure  ≠ annotators disagree",
        "red: the report's error (a hard rule fails on sure values)  cyan: check the reading  yellow: soft",
    ] {
        lines.push(Line::styled(truncate_to_width(key, width), theme.dim()));
    }
    lines
}

/// Where help is drawn in `area`, and the height of its text.
fn help_rect(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    )
}

/// The furthest help can scroll in a terminal of `size`: so its last line is at the bottom.
pub fn help_max_top(keymap: &Keymap, size: (u16, u16)) -> usize {
    let inner = help_rect(Rect::new(0, 0, size.0, size.1))
        .height
        .saturating_sub(2);
    help_lines(keymap, 0, Theme { color: false })
        .len()
        .saturating_sub(usize::from(inner))
}

/// Help generated from the active keymap, scrolled to line `top`.
pub fn help(
    frame: &mut Frame,
    area: Rect,
    keymap: &Keymap,
    keymap_name: &str,
    top: usize,
    theme: Theme,
) {
    let rect = help_rect(area);
    clear(frame, rect);
    let max_top = help_max_top(keymap, (area.width, area.height));
    let top = top.min(max_top);
    let more = if max_top == 0 {
        ""
    } else if top < max_top {
        " — ↓ more"
    } else {
        " — ↑ more"
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(truncate_to_width(
            &format!(" help — keymap {keymap_name} — moving keys scroll, any other closes{more} "),
            usize::from(rect.width.saturating_sub(2)),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines: Vec<Line> = help_lines(keymap, usize::from(inner.width), theme)
        .into_iter()
        .skip(top)
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The offer to restore work a crash left unsaved.
pub fn recovery(frame: &mut Frame, area: Rect, reports: usize, theme: Theme) {
    let rect = centered(area, area.width.saturating_sub(8).min(80), 7);
    clear(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.hard())
        .title(" unsaved work from the last session ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let lines = vec![
        Line::raw(truncate_to_width(
            &format!("gouji stopped unexpectedly with unsaved changes to {reports} report(s)."),
            width,
        )),
        Line::raw(""),
        Line::styled(
            truncate_to_width(
                "enter: write them to their annotation files    esc: keep them aside",
                width,
            ),
            theme.header(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}
