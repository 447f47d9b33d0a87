//! Wrapping report text into visual lines that keep byte ranges into the original text:
//! display-width aware, breaking at UAX #14 opportunities with Chinese line-start and
//! line-end rules (kinsoku), never inside a number or a Latin word unless it alone is wider
//! than the line. ratatui's own wrapping breaks only at spaces, so the TUI draws these lines.

use std::collections::HashMap;
use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::width::shown_width;

/// Text divided into logical lines: what [`WrapCache`] wraps. The report implements it with
/// its line index, so wrapping stays below the report layer.
pub trait Lines {
    fn text(&self) -> &str;
    /// Number of lines (a final line without a newline counts).
    fn line_count(&self) -> usize;
    /// Byte range of line `index`, without its terminator.
    fn line_range(&self, index: usize) -> Range<usize>;
    /// The line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize;
}

/// Characters a visual line must not start with.
pub const NO_START: &str = "，。、；：？！）】》”’」』〕…·%,.;:?!)]}";
/// Characters a visual line must not end with.
pub const NO_END: &str = "（【《“‘「『〔([{";

/// The visual lines of logical line `line` (a byte range of `text` without its terminator),
/// for a pane `width` columns wide. The ranges cover `line` exactly, in order. A line is
/// wider than `width` only when it is a single character wider than `width` (a wide character
/// in a one-column pane); the renderer clips it.
pub fn wrap_line(text: &str, line: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let Some(s) = text.get(line.clone()) else {
        return vec![line];
    };
    if s.is_empty() {
        return vec![line];
    }
    let width = width.max(1);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut allowed = vec![false; s.len() + 1];
    for (at, kind) in linebreaks(s) {
        if matches!(
            kind,
            BreakOpportunity::Allowed | BreakOpportunity::Mandatory
        ) {
            allowed[at] = true;
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut column = 0;
    let mut last_break: Option<usize> = None;
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if at > start && allowed[at] && kinsoku_ok(chars[k - 1].1, c) {
            last_break = Some(k);
        }
        let w = shown_width(c, column);
        if column + w > width && at > start {
            let cut = last_break.unwrap_or(k);
            let cut_at = chars[cut].0;
            out.push(line.start + start..line.start + cut_at);
            start = cut_at;
            column = 0;
            last_break = None;
            k = cut;
            continue;
        }
        column += w;
        k += 1;
    }
    out.push(line.start + start..line.end);
    out
}

fn kinsoku_ok(before: char, after: char) -> bool {
    !NO_START.contains(after) && !NO_END.contains(before)
}

/// A visual row: logical line and row within it. Orders top to bottom.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VisualPos {
    pub line: usize,
    pub row: usize,
}

/// Whether text looks laid out in columns by spaces, as `pdftotext -layout` and PDFs give
/// it: a table's rows then read only unwrapped, each on one screen line. True when at least
/// five lines, and a fifth of the lines that hold anything, have three or more runs of text
/// parted by two or more spaces.
pub fn looks_laid_out(text: &str) -> bool {
    let mut filled = 0;
    let mut columned = 0;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        filled += 1;
        if line
            .split("  ")
            .filter(|part| !part.trim().is_empty())
            .count()
            >= 3
        {
            columned += 1;
        }
    }
    columned >= 5 && columned * 5 >= filled
}

/// Visual lines of a report for one pane width, computed for the lines that are looked at
/// and remembered until the width changes.
#[derive(Debug, Default)]
pub struct WrapCache {
    width: usize,
    lines: HashMap<usize, Vec<Range<usize>>>,
}

impl WrapCache {
    pub fn new(width: usize) -> WrapCache {
        WrapCache {
            width: width.max(1),
            lines: HashMap::new(),
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn set_width(&mut self, width: usize) {
        let width = width.max(1);
        if width != self.width {
            self.width = width;
            self.lines.clear();
        }
    }

    /// How many logical lines have been wrapped (for tests of laziness).
    pub fn cached_lines(&self) -> usize {
        self.lines.len()
    }

    /// Visual rows of logical line `line`.
    pub fn rows(&mut self, report: &impl Lines, line: usize) -> &[Range<usize>] {
        let width = self.width;
        self.lines
            .entry(line)
            .or_insert_with(|| wrap_line(report.text(), report.line_range(line), width))
    }

    /// The visual row holding byte `offset` (clamped to the text).
    pub fn pos_of_offset(&mut self, report: &impl Lines, offset: usize) -> VisualPos {
        let offset = offset.min(report.text().len());
        let line = report.line_of(offset);
        let rows = self.rows(report, line);
        let row = rows.iter().rposition(|r| r.start <= offset).unwrap_or(0);
        VisualPos { line, row }
    }

    /// `n` visual rows further down, stopping at the last row.
    pub fn advance(&mut self, report: &impl Lines, mut pos: VisualPos, mut n: usize) -> VisualPos {
        let last_line = report.line_count() - 1;
        while n > 0 {
            let rows = self.rows(report, pos.line).len();
            if pos.row + 1 < rows {
                let step = n.min(rows - 1 - pos.row);
                pos.row += step;
                n -= step;
            } else if pos.line < last_line {
                pos = VisualPos {
                    line: pos.line + 1,
                    row: 0,
                };
                n -= 1;
            } else {
                break;
            }
        }
        pos
    }

    /// `n` visual rows further up, stopping at the first row.
    pub fn retreat(&mut self, report: &impl Lines, mut pos: VisualPos, mut n: usize) -> VisualPos {
        while n > 0 {
            if pos.row > 0 {
                let step = n.min(pos.row);
                pos.row -= step;
                n -= step;
            } else if pos.line > 0 {
                let rows = self.rows(report, pos.line - 1).len();
                pos = VisualPos {
                    line: pos.line - 1,
                    row: rows - 1,
                };
                n -= 1;
            } else {
                break;
            }
        }
        pos
    }

    /// Up to `n` visual rows starting at `pos`, with their byte ranges.
    pub fn rows_from(
        &mut self,
        report: &impl Lines,
        mut pos: VisualPos,
        n: usize,
    ) -> Vec<(VisualPos, Range<usize>)> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n && pos.line < report.line_count() {
            let rows = self.rows(report, pos.line);
            if let Some(r) = rows.get(pos.row) {
                out.push((pos, r.clone()));
            }
            if pos.row + 1 < rows.len() {
                pos.row += 1;
            } else {
                pos = VisualPos {
                    line: pos.line + 1,
                    row: 0,
                };
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
