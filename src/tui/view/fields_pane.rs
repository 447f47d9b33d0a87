//! The fields pane: `meta` on top, 表三 and 表四 as grids with labels and columns aligned by
//! display width, 表二 and legacy fields as labelled lists.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::annotate::adjudicate::Sides;
use crate::annotate::FieldStatus;
use crate::extract::Reading;
use crate::text::width::{ellipsize, str_width, truncate_to_width};
use crate::tui::review::{sides_text, Review, Whose};
use crate::tui::sheet::{Cursor, SheetRow, SheetSection};

use crate::tui::style::Theme;

/// Widest and narrowest value column of a grid (a separating space and a one-character
/// heading); a list's value column.
const CELL_MAX: usize = 7;
const CELL_MIN: usize = 3;
const LIST_CELL: usize = 12;
/// Label room a grid keeps before it narrows its value columns: at 80 columns 表三's labels
/// keep their ordinal and several words, so no two rows read alike.
const GRID_LABEL: usize = 16;
/// Label room below which a grid's columns give up the width their headings would like.
const LABEL_MIN: usize = 10;

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

/// What a cell shows: the value (`_` printed blank, `.` absent) and a status mark, `?` for a
/// value not yet reviewed that the reader was not sure of.
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
        Some(FieldStatus::Unreviewed) | None if review.reading_of(field) != Reading::Certain => "?",
        Some(FieldStatus::Unreviewed) | None => " ",
    };
    format!("{value}{mark}")
}

/// A failed hard rule is red only when the values were read with certainty: one that may be a
/// misreading must not send the analyst hunting for the report's error.
fn cell_style(review: &Review, field: &str, selected: bool, theme: Theme) -> Style {
    let mut style = match (review.disagreement(field), review.whose_of(field)) {
        (Some(true), _) => theme.disagree(),
        (Some(false), Some(Whose::Reading)) => theme.misread(),
        (Some(false), Some(Whose::Report)) => theme.hard(),
        (Some(false), _) => theme.settled(),
        (None, whose) => match whose {
            Some(Whose::Reading) => theme.misread(),
            Some(Whose::Report) => theme.hard(),
            Some(Whose::Soft) => theme.soft(),
            None if review.text_of(field).is_none() => theme.dim(),
            None => Style::default(),
        },
    };
    if selected {
        style = style.patch(theme.selected());
    }
    style
}

/// A grid's value column widths in `width`: each never narrower than its widest cell's text
/// and a space (a count cut short would be a misreading of our own), and as wide as its heading
/// when that leaves the labels `LABEL_MIN`.
fn grid_widths(review: &Review, section: &SheetSection, width: usize) -> Vec<usize> {
    let need: Vec<usize> = (0..section.columns.len())
        .map(|c| {
            section
                .rows
                .iter()
                .filter_map(|r| r.cells.get(c))
                .map(|f| str_width(&cell_text(review, f)) + 1)
                .fold(CELL_MIN, usize::max)
        })
        .collect();
    let roomy = (width.saturating_sub(GRID_LABEL) / need.len().max(1)).clamp(CELL_MIN, CELL_MAX);
    let roomy: Vec<usize> = need.iter().map(|&n| n.max(roomy)).collect();
    if roomy.iter().sum::<usize>() + LABEL_MIN <= width {
        roomy
    } else {
        need
    }
}

/// A column heading in `room`: whole, or its first character, which tells a section's columns
/// apart (个 商 科 公 法 其 总; 维 纠 其 未 总).
fn heading(c: &str, room: usize) -> String {
    if str_width(c) <= room {
        return pad_left(c, room);
    }
    let first: String = c.chars().take(1).collect();
    pad_left(&first, room)
}

/// Byte length of a label's leading ordinal: `一、`, `（一）`, `(1)`, `1.`, `1、`.
fn ordinal_len(label: &str) -> usize {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut chars = label.char_indices();
    let closing: &[char] = match chars.next() {
        Some((_, '（' | '(')) => &['）', ')'],
        Some((_, c)) if numeral(c) => &['、', '.', '．'],
        _ => return 0,
    };
    for (i, c) in chars {
        if closing.contains(&c) {
            return i + c.len_utf8();
        }
        if !numeral(c) {
            return 0;
        }
    }
    0
}

/// A label's ordinal and its words, without the space between them.
fn split_label(label: &str) -> (&str, &str) {
    let (ordinal, words) = label.split_at(ordinal_len(label));
    (ordinal, words.trim_start())
}

/// `label` in `width` columns: its ordinal, then its words from the `skip`th character on
/// (after `…` when some are skipped), ending in `…` when cut.
fn cut_label(label: &str, skip: usize, width: usize) -> String {
    let (ordinal, words) = split_label(label);
    let ordinal_width = str_width(ordinal);
    if skip == 0 || ordinal_width + 2 > width {
        return ellipsize(&format!("{ordinal}{words}"), width);
    }
    let rest: String = words.chars().skip(skip).collect();
    format!("{ordinal}…{}", ellipsize(&rest, width - ordinal_width - 1))
}

/// The section's row labels cut to `width`, no two alike where the width allows: labels that
/// would read the same skip the words they share (`行政诉讼…` twice becomes `…未经复…` and
/// `…复议后…`), keeping their ordinals.
fn row_labels(rows: &[SheetRow], width: usize) -> Vec<String> {
    let words: Vec<Vec<char>> = rows
        .iter()
        .map(|r| split_label(&r.label).1.chars().collect())
        .collect();
    let mut skip = vec![0; rows.len()];
    let mut shown: Vec<String> = rows.iter().map(|r| cut_label(&r.label, 0, width)).collect();
    loop {
        let mut moved = false;
        for i in 0..rows.len() {
            let same: Vec<usize> = (0..rows.len()).filter(|&j| shown[j] == shown[i]).collect();
            if same.len() < 2 {
                continue;
            }
            let shared = (0..)
                .take_while(|&k| {
                    let at = |j: usize| words[j].get(skip[j] + k);
                    at(same[0]).is_some() && same.iter().all(|&j| at(j) == at(same[0]))
                })
                .count();
            // Labels the same to the end (legacy 被依法纠错数 under 复议 and 诉讼) keep their words.
            if shared == 0
                || same
                    .iter()
                    .all(|&j| words[j].get(skip[j] + shared).is_none())
            {
                continue;
            }
            for &j in &same {
                skip[j] += shared;
                shown[j] = cut_label(&rows[j].label, skip[j], width);
            }
            moved = true;
        }
        if !moved {
            return shown;
        }
    }
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
        let widths = if grid {
            grid_widths(review, section, width)
        } else {
            // A list's values are as wide as its widest (an agency's name), up to half the pane.
            let widest = section
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .map(|f| str_width(&cell_text(review, f)) + 1)
                .max()
                .unwrap_or(0);
            vec![widest.max(LIST_CELL).min(width / 2)]
        };
        let label_width = width.saturating_sub(widths.iter().sum()).max(4);
        out.push(plain(
            truncate_to_width(section.title, width),
            theme.header(),
        ));
        if grid {
            let mut header = " ".repeat(label_width);
            for (c, w) in section.columns.iter().zip(&widths) {
                header.push(' ');
                header.push_str(&heading(c, w.saturating_sub(1)));
            }
            out.push(plain(truncate_to_width(&header, width), theme.dim()));
        }
        let labels = row_labels(&section.rows, label_width);
        for ((ri, row), label) in section.rows.iter().enumerate().zip(labels) {
            let mut spans = vec![TextSpan::raw(pad(&label, label_width))];
            let mut cells = Vec::new();
            let mut column = label_width;
            let mut current = false;
            for ((ci, field), &value_width) in row.cells.iter().enumerate().zip(&widths) {
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

/// The title's key to the marks: as many whole entries as `width` holds, in order of need.
fn legend(width: usize) -> String {
    let mut title = " fields ".to_owned();
    for entry in [
        "✓ confirmed",
        "* corrected",
        "? unsure",
        "_ blank",
        ". absent",
    ] {
        let longer = format!("{title} {entry} ");
        if str_width(&longer) > width {
            break;
        }
        title = longer;
    }
    title
}

/// What the panes say while a report's tables are read in the background.
pub const READING: &str = "reading the tables…";

pub fn render(frame: &mut Frame, area: Rect, review: &Review, theme: Theme, focused: bool) {
    // Adjudicating, the title says what is compared and what is left, whatever is scrolled.
    let title = match &review.sides {
        Some(sides) => {
            let line = format!(" fields · {} ", adjudication_line(review, sides));
            truncate_to_width(&line, usize::from(area.width.saturating_sub(2)))
        }
        None => legend(usize::from(area.width.saturating_sub(2))),
    };
    let block = super::pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if review.reading {
        frame.render_widget(Paragraph::new(Line::styled(READING, theme.dim())), inner);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(labels: &[&str]) -> Vec<SheetRow> {
        labels
            .iter()
            .map(|l| SheetRow {
                label: (*l).to_owned(),
                cells: vec![],
            })
            .collect()
    }

    /// 2021-t3-errors with `t3.new.person` read ambiguously: its `T3-BAL[person]` failure may be
    /// a misreading; `T3-ROW[total]` holds values read with certainty.
    fn unsure_review() -> Review {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2021-t3-errors.txt");
        let report = crate::report::Report::load(&path).unwrap();
        let mut extraction = crate::extract::extract(&report);
        extraction.fields.get_mut("t3.new.person").unwrap().reading = Reading::Ambiguous;
        let annotation =
            crate::annotate::Annotation::from_extraction(&report, &extraction, "tester");
        Review::new(report, extraction, annotation, path, None, 60)
    }

    #[test]
    fn a_possible_misreading_is_not_coloured_as_the_reports_error() {
        let theme = Theme { color: true };
        let review = unsure_review();
        assert_eq!(cell_text(&review, "t3.new.person"), "6?");
        assert_eq!(cell_text(&review, "t3.new.business"), "1 ");
        assert_eq!(review.whose_of("t3.new.person"), Some(Whose::Reading));
        assert_eq!(
            cell_style(&review, "t3.new.person", false, theme),
            theme.misread()
        );
        assert_eq!(review.whose_of("t3.total.business"), Some(Whose::Report));
        assert_eq!(
            cell_style(&review, "t3.total.business", false, theme),
            theme.hard()
        );
    }

    #[test]
    fn the_legend_takes_whole_entries() {
        assert_eq!(legend(44), " fields  ✓ confirmed  * corrected  ? unsure ");
        assert_eq!(legend(43), " fields  ✓ confirmed  * corrected ");
        assert!(legend(200).ends_with(" . absent "));
        assert_eq!(legend(0), " fields ");
    }

    #[test]
    fn ordinals_are_kept_and_the_space_after_them_dropped() {
        assert_eq!(split_label("一、本年新收"), ("一、", "本年新收"));
        assert_eq!(split_label("（十一） 其他"), ("（十一）", "其他"));
        assert_eq!(split_label("12. 其他"), ("12.", "其他"));
        assert_eq!(split_label("行政复议"), ("", "行政复议"));
        assert_eq!(split_label("2021年度"), ("", "2021年度"));
        assert_eq!(cut_label("（三） 不予公开", 0, 11), "（三）不予…");
        assert_eq!(cut_label("1.属于国家秘密", 2, 9), "1.…国家…");
    }

    #[test]
    fn labels_alike_when_cut_show_where_they_differ() {
        let t4 = rows(&[
            "行政复议",
            "行政诉讼·未经复议直接起诉",
            "行政诉讼·复议后起诉",
        ]);
        assert_eq!(row_labels(&t4, 9), ["行政复议", "…未经复…", "…复议后…"]);
        assert_eq!(
            row_labels(&t4, 30),
            [
                "行政复议",
                "行政诉讼·未经复议直接起诉",
                "行政诉讼·复议后起诉"
            ]
        );
        let same = rows(&["被依法纠错数", "其他情形数", "被依法纠错数"]);
        assert_eq!(
            row_labels(&same, 20),
            ["被依法纠错数", "其他情形数", "被依法纠错数"]
        );
        for width in 0..8 {
            assert!(row_labels(&t4, width).iter().all(|l| str_width(l) <= width));
        }
    }
}
