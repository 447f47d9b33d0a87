//! The fields pane: `meta` on top, 表三 and 表四 as grids with labels and columns aligned by
//! display width, 表二 and legacy fields as labelled lists.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::annotate::adjudicate::Sides;
use crate::annotate::FieldStatus;
use crate::rules::Severity;
use crate::text::width::{str_width, truncate_to_width};
use crate::tui::review::{sides_text, Review};
use crate::tui::sheet::Cursor;

use crate::tui::style::Theme;

/// Widest and narrowest value column of a grid; a list's value column.
const CELL_MAX: usize = 7;
const CELL_MIN: usize = 5;
const LIST_CELL: usize = 12;
/// Label room a grid keeps before it narrows its value columns.
const GRID_LABEL: usize = 12;

/// A drawn line and, for each cell on it, its start column, width and sheet position.
struct SheetLine {
    line: Line<'static>,
    cells: Vec<(usize, usize, Cursor)>,
    /// The cursor is on this line.
    current: bool,
}

fn pad(s: &str, width: usize) -> String {
    let t = truncate_to_width(s, width);
    let w = str_width(&t);
    format!("{t}{}", " ".repeat(width.saturating_sub(w)))
}

fn pad_left(s: &str, width: usize) -> String {
    let t = truncate_to_width(s, width);
    let w = str_width(&t);
    format!("{}{t}", " ".repeat(width.saturating_sub(w)))
}

/// What a cell shows: the value (`_` printed blank, `.` absent) and a status mark.
fn cell_text(review: &Review, field: &str) -> String {
    let value = match review.text_of(field) {
        Some(Some(v)) => v,
        Some(None) => "_".to_owned(),
        None => ".".to_owned(),
    };
    let mark = match review.status_of(field) {
        _ if review.disagreement(field) == Some(true) => "≠",
        Some(FieldStatus::Confirmed) => "✓",
        Some(FieldStatus::Corrected) => "*",
        Some(FieldStatus::Absent) => "a",
        Some(FieldStatus::Blank) => "b",
        Some(FieldStatus::Unreviewed) | None => " ",
    };
    format!("{value}{mark}")
}

fn cell_style(review: &Review, field: &str, selected: bool, theme: Theme) -> Style {
    let mut style = match (review.disagreement(field), review.severity_of(field)) {
        (Some(true), _) => theme.disagree(),
        (Some(false), Some(Severity::Hard)) => theme.hard(),
        (Some(false), _) => theme.settled(),
        (None, severity) => match severity {
            Some(Severity::Hard) => theme.hard(),
            Some(Severity::Soft) => theme.soft(),
            None if review.text_of(field).is_none() => theme.dim(),
            None => Style::default(),
        },
    };
    if selected {
        style = style.patch(theme.selected());
    }
    style
}

fn sheet_lines(review: &Review, width: usize, theme: Theme) -> Vec<SheetLine> {
    let mut out = Vec::new();
    let plain = |text: String, style: Style| SheetLine {
        line: Line::from(TextSpan::styled(text, style)),
        cells: vec![],
        current: false,
    };
    for (si, section) in review.sheet.iter().enumerate() {
        let grid = !section.columns.is_empty();
        let columns = if grid { section.columns.len() } else { 1 };
        let value_width = if grid {
            (width.saturating_sub(GRID_LABEL) / columns).clamp(CELL_MIN, CELL_MAX)
        } else {
            // A list's values are as wide as its widest (an agency's name), up to half the pane.
            let widest = section
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .map(|f| str_width(&cell_text(review, f)) + 1)
                .max()
                .unwrap_or(0);
            widest.max(LIST_CELL).min(width / 2)
        };
        let label_width = width.saturating_sub(value_width * columns).max(4);
        out.push(plain(
            truncate_to_width(section.title, width),
            theme.header(),
        ));
        if grid {
            let mut header = " ".repeat(label_width);
            for c in &section.columns {
                header.push(' ');
                header.push_str(&pad_left(c, value_width - 1));
            }
            out.push(plain(truncate_to_width(&header, width), theme.dim()));
        }
        for (ri, row) in section.rows.iter().enumerate() {
            let mut spans = vec![TextSpan::raw(pad(&row.label, label_width))];
            let mut cells = Vec::new();
            let mut column = label_width;
            let mut current = false;
            for (ci, field) in row.cells.iter().enumerate() {
                let here = Cursor {
                    section: si,
                    row: ri,
                    col: ci,
                };
                let selected = here == review.cursor;
                current |= selected;
                let text = format!(
                    " {}",
                    pad_left(&cell_text(review, field), value_width.saturating_sub(1))
                );
                spans.push(TextSpan::styled(
                    text,
                    cell_style(review, field, selected, theme),
                ));
                cells.push((column, value_width, here));
                column += value_width;
            }
            out.push(SheetLine {
                line: Line::from(spans),
                cells,
                current,
            });
        }
    }
    out
}

/// Adjudicating: who is compared, how many disagreements are left, and what the two say
/// about the selected cell when they disagree on it.
fn adjudication_line(review: &Review, sides: &Sides) -> String {
    let missing: Vec<&str> = [&sides.a, &sides.b]
        .into_iter()
        .filter(|s| s.annotation.is_none())
        .map(|s| s.name.as_str())
        .collect();
    let mut line = if missing.is_empty() {
        format!(
            "{} ≠ {}: {} of {} disagreements left",
            sides.a.name,
            sides.b.name,
            review.unresolved().count(),
            review.disagreements.len()
        )
    } else {
        format!("not annotated by {}", missing.join(", "))
    };
    if let Some(field) = review
        .selected_field()
        .filter(|f| review.is_disagreement(f))
    {
        line.push_str(" · here ");
        line.push_str(&sides_text(sides, field));
    }
    line
}

/// First line shown: the cursor's line kept in the middle when the sheet is taller than the
/// pane.
fn scroll(lines: &[SheetLine], height: usize) -> usize {
    let at = lines.iter().position(|l| l.current).unwrap_or(0);
    at.saturating_sub(height / 2)
        .min(lines.len().saturating_sub(height))
}

pub fn render(frame: &mut Frame, area: Rect, review: &Review, theme: Theme, focused: bool) {
    // Adjudicating, the title says what is compared and what is left, whatever is scrolled.
    let title = match &review.sides {
        Some(sides) => {
            let line = format!(" fields · {} ", adjudication_line(review, sides));
            truncate_to_width(&line, usize::from(area.width.saturating_sub(2)))
        }
        None => " fields  ✓ confirmed  * corrected  _ blank  . absent ".to_owned(),
    };
    let block = super::pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let lines = sheet_lines(review, usize::from(inner.width), theme);
    let top = scroll(&lines, usize::from(inner.height));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(usize::from(inner.height))
        .map(|l| l.line)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The sheet cell drawn at screen position (`x`, `y`) inside the pane.
pub fn cell_at(review: &Review, inner: Rect, x: u16, y: u16) -> Option<Cursor> {
    let lines = sheet_lines(review, usize::from(inner.width), Theme { color: false });
    let top = scroll(&lines, usize::from(inner.height));
    let line = lines.get(top + usize::from(y.checked_sub(inner.y)?))?;
    let col = usize::from(x.checked_sub(inner.x)?);
    line.cells
        .iter()
        .find(|(start, w, _)| col >= *start && col < start + w)
        .or(line.cells.first())
        .map(|(_, _, c)| *c)
}
