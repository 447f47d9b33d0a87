//! The report pane: the decoded text in our own visual lines, with the selected field's
//! evidence, search hits and every extracted number marked.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span as TextSpan};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::text::pdf::PAGE_BREAK;
use crate::text::width::shown;
use crate::tui::review::Review;
use crate::value::Span;

use crate::tui::style::Theme;

/// The byte offset under screen position (`x`, `y`) inside the pane's text area.
pub fn offset_at(review: &Review, inner: Rect, x: u16, y: u16) -> Option<usize> {
    let row = usize::from(y.checked_sub(inner.y)?);
    let col = usize::from(x.checked_sub(inner.x)?) + left_of(review);
    let rows = review
        .wrap
        .borrow_mut()
        .rows_from(&review.report, review.report_top, row + 1);
    let (_, range) = rows.get(row)?.clone();
    let line = review.report.text.get(range.clone())?;
    let mut used = 0;
    for (i, c) in line.char_indices() {
        used += shown(c, used).width;
        if used > col {
            return Some(range.start + i);
        }
    }
    Some(range.end)
}

/// The first display column shown: unwrapped lines scroll sideways.
fn left_of(review: &Review) -> usize {
    if review.unwrapped {
        review.report_left
    } else {
        0
    }
}

struct Mark {
    span: Span,
    style: Style,
}

fn marks(review: &Review, theme: Theme) -> Vec<Mark> {
    let mut marks: Vec<Mark> = review
        .effective
        .fields
        .values()
        .map(|f| Mark {
            span: f.span,
            style: theme.extracted(),
        })
        .collect();
    // Where the fix candidates would change something.
    marks.extend(review.fixes.iter().filter_map(|f| f.span).map(|span| Mark {
        span,
        style: theme.soft(),
    }));
    if let Some(search) = &review.search {
        marks.extend(search.hits.iter().map(|h| Mark {
            span: *h,
            style: theme.search_hit(),
        }));
    }
    if let Some(span) = review.selected_field().and_then(|f| review.span_of(f)) {
        // An empty span (a blank cell) still shows where the cell was.
        let end = if span.is_empty() {
            review.report.text[span.start..]
                .chars()
                .next()
                .map_or(span.start, |c| span.start + c.len_utf8())
        } else {
            span.end
        };
        marks.push(Mark {
            span: Span::new(span.start, end),
            style: theme.evidence(),
        });
    }
    marks
}

pub fn render(frame: &mut Frame, area: Rect, review: &Review, theme: Theme, focused: bool) {
    // A PDF's text has no encoding of its own to show; a web page's has one.
    let title = match review.report.document() {
        "pdf" => format!(" {} (PDF) ", review.report.name()),
        "html" => format!(
            " {} ({}, web page) ",
            review.report.name(),
            review.report.encoding
        ),
        _ => format!(" {} ({}) ", review.report.name(), review.report.encoding),
    };
    let title = if review.unwrapped {
        format!("{title}unwrapped, col {} ", review.report_left + 1)
    } else {
        title
    };
    let block = super::pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let rows = review.wrap.borrow_mut().rows_from(
        &review.report,
        review.report_top,
        usize::from(inner.height),
    );
    let marks = marks(review, theme);
    let text = &review.report.text;
    let shown = Columns {
        skip: left_of(review),
        width: usize::from(inner.width),
    };
    let lines: Vec<Line> = rows
        .iter()
        .map(|(_, range)| match text.get(range.clone()) {
            // A PDF's page break, a form feed on a line of its own, drawn as a rule naming
            // the page it starts; the text (and every span into it) keeps the form feed.
            Some(PAGE_BREAK) => page_rule(text, range.start, inner.width, theme),
            _ => styled_line(text, range.clone(), &marks, shown),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `── page N ───…` across the pane: N is the page starting after the break at `at`.
fn page_rule(text: &str, at: usize, width: u16, theme: Theme) -> Line<'static> {
    let page = text.get(..at).map_or(0, |before| {
        before.lines().filter(|l| *l == PAGE_BREAK).count()
    }) + 2;
    let rule: String = format!("── page {page} ")
        .chars()
        .chain(std::iter::repeat('─'))
        .take(usize::from(width))
        .collect();
    Line::styled(rule, theme.dim())
}

/// The columns of a line a pane shows: `width` of them after the first `skip`.
#[derive(Clone, Copy)]
struct Columns {
    skip: usize,
    width: usize,
}

/// One visual line as styled spans, the columns `shown` only: never wider than the pane, and
/// a wide character cut by the left edge shown as a space.
fn styled_line<'a>(
    text: &'a str,
    range: std::ops::Range<usize>,
    marks: &[Mark],
    shown_columns: Columns,
) -> Line<'a> {
    let Columns { skip, width } = shown_columns;
    let relevant: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.span.start < range.end && m.span.end > range.start)
        .collect();
    let Some(line) = text.get(range.clone()) else {
        return Line::default();
    };
    let mut spans: Vec<TextSpan> = Vec::new();
    let mut column = 0usize;
    let mut run = String::new();
    let mut run_style = Style::default();
    for (i, c) in line.char_indices() {
        let at = range.start + i;
        let style = relevant
            .iter()
            .filter(|m| m.span.start <= at && at < m.span.end)
            .fold(Style::default(), |s, m| s.patch(m.style));
        let s = shown(c, column);
        let end = column + s.width;
        if end > skip + width {
            break;
        }
        let text = if end <= skip {
            column = end;
            continue;
        } else if column < skip {
            " ".repeat(end - skip)
        } else {
            s.text
        };
        column = end;
        if style != run_style && !run.is_empty() {
            spans.push(TextSpan::styled(std::mem::take(&mut run), run_style));
        }
        run_style = style;
        run.push_str(&text);
    }
    if !run.is_empty() {
        spans.push(TextSpan::styled(run, run_style));
    }
    Line::from(spans)
}
