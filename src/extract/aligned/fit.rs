//! A row's printed tokens → the readings of its cells. A row of the template has a fixed
//! number of cells; the tokens between its label and the next may be exactly that many, a
//! digit run holding several cells, more (debris around them), or fewer (a cell missing).
//! Every way the text allows is a candidate; the row's own sum and then the table's sums
//! choose among them.

use super::tokens::{Token, TokenKind};
use crate::text::numbers::parse_ascii_number;
use crate::value::{Number, Span};

/// One cell of a candidate reading.
#[derive(Clone, Debug, PartialEq)]
pub struct CellReading {
    pub value: Option<Number>,
    pub span: Span,
    /// The printed text, when the cell is part of a glued run or not plain digits.
    pub raw: Option<String>,
}

impl CellReading {
    pub fn int(&self) -> Option<i64> {
        match self.value {
            Some(Number::Int(i)) => Some(i),
            _ => None,
        }
    }
}

/// How a row's cells were told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One token per cell.
    Direct,
    /// Digit runs split into cells.
    Glued,
    /// More tokens than cells: the cells are a window of them.
    Window,
    /// Fewer tokens than cells and no run to split: cells left blank where they fit best.
    Gap,
}

/// Every reading of a row the text allows, those under which the row's own sum holds first.
#[derive(Clone, Debug)]
pub struct RowReadings {
    pub layout: Layout,
    pub candidates: Vec<Vec<CellReading>>,
    /// How many leading candidates satisfy the row's own sum.
    pub fitting: usize,
}

/// The ints of a reading, blanks as `None`.
pub fn ints(cells: &[CellReading]) -> Vec<Option<i64>> {
    cells.iter().map(CellReading::int).collect()
}

const MAX_CANDIDATES: usize = 4_000;
const MAX_VISITS: usize = 400_000;
/// A cell of a glued run holds at most this many digits.
const MAX_PART_DIGITS: usize = 7;

/// The readings of `tokens` as a row of `n` cells; `fits` is the row's own sum.
pub fn readings(
    text: &str,
    tokens: &[Token],
    n: usize,
    fits: &dyn Fn(&[Option<i64>]) -> bool,
) -> RowReadings {
    let (layout, all) = if tokens.len() == n {
        (
            Layout::Direct,
            vec![tokens.iter().map(|t| whole(text, t)).collect()],
        )
    } else if tokens.len() > n {
        (Layout::Window, windows(text, tokens, n))
    } else {
        let splits = glued(text, tokens, n, fits);
        if splits.is_empty() {
            (Layout::Gap, gaps(text, tokens, n))
        } else {
            (Layout::Glued, splits)
        }
    };
    let (mut fitting, others): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|c: &Vec<CellReading>| fits(&ints(c)));
    let count = fitting.len();
    fitting.extend(others);
    RowReadings {
        layout,
        candidates: fitting,
        fitting: count,
    }
}

fn whole(text: &str, token: &Token) -> CellReading {
    match &token.kind {
        TokenKind::Number { ascii, .. } => CellReading {
            value: parse_ascii_number(ascii),
            span: token.span,
            raw: raw_if_unusual(text, token.span),
        },
        TokenKind::Blank => CellReading {
            value: None,
            span: token.span,
            raw: None,
        },
        TokenKind::Placeholder => CellReading {
            value: None,
            span: token.span,
            raw: text.get(token.span.range()).map(str::to_owned),
        },
    }
}

fn raw_if_unusual(text: &str, span: Span) -> Option<String> {
    let printed = text.get(span.range())?;
    (!printed.bytes().all(|b| b.is_ascii_digit())).then(|| printed.to_owned())
}

/// Windows of `n` consecutive tokens, those trimming only blanks first.
fn windows(text: &str, tokens: &[Token], n: usize) -> Vec<Vec<CellReading>> {
    let mut out: Vec<(bool, Vec<CellReading>)> = (0..=tokens.len() - n)
        .map(|s| {
            let only_blanks_dropped = tokens[..s]
                .iter()
                .chain(&tokens[s + n..])
                .all(|t| t.kind == TokenKind::Blank);
            (
                !only_blanks_dropped,
                tokens[s..s + n].iter().map(|t| whole(text, t)).collect(),
            )
        })
        .collect();
    out.sort_by_key(|(dropped_values, _)| *dropped_values);
    out.into_iter().map(|(_, c)| c).collect()
}

/// The ways to insert blanks into fewer than `n` tokens (at most three missing cells).
fn gaps(text: &str, tokens: &[Token], n: usize) -> Vec<Vec<CellReading>> {
    let missing = n - tokens.len();
    if missing > 3 || tokens.is_empty() {
        return Vec::new();
    }
    let cells: Vec<CellReading> = tokens.iter().map(|t| whole(text, t)).collect();
    let at = tokens.last().map_or(0, |t| t.span.end);
    let mut out = Vec::new();
    let mut blanks = Vec::new();
    place_gaps(&cells, n, missing, 0, &mut blanks, at, &mut out);
    out
}

fn place_gaps(
    cells: &[CellReading],
    n: usize,
    missing: usize,
    from: usize,
    blanks: &mut Vec<usize>,
    at: usize,
    out: &mut Vec<Vec<CellReading>>,
) {
    if blanks.len() == missing {
        let mut it = cells.iter();
        let row = (0..n)
            .map(|i| {
                if blanks.contains(&i) {
                    CellReading {
                        value: None,
                        span: Span::new(at, at),
                        raw: None,
                    }
                } else {
                    it.next().cloned().unwrap_or(CellReading {
                        value: None,
                        span: Span::new(at, at),
                        raw: None,
                    })
                }
            })
            .collect();
        out.push(row);
        return;
    }
    for i in from..n {
        blanks.push(i);
        place_gaps(cells, n, missing, i + 1, blanks, at, out);
        blanks.pop();
    }
}

/// The splits of the tokens' digit runs into exactly `n` cells: every one that satisfies
/// `fits` (up to a bound), and a few that do not, for a row whose own sum fails.
fn glued(
    text: &str,
    tokens: &[Token],
    n: usize,
    fits: &dyn Fn(&[Option<i64>]) -> bool,
) -> Vec<Vec<CellReading>> {
    let mut found = Splits {
        fitting: Vec::new(),
        others: Vec::new(),
        visits: 0,
        fits,
    };
    let mut row = Vec::with_capacity(n);
    split_from(text, tokens, n, &mut row, &mut found);
    found.fitting.extend(found.others);
    found.fitting
}

/// What the enumeration of splits has found so far.
struct Splits<'a> {
    fitting: Vec<Vec<CellReading>>,
    others: Vec<Vec<CellReading>>,
    visits: usize,
    fits: &'a dyn Fn(&[Option<i64>]) -> bool,
}

/// Splits kept that do not satisfy the row's sum: enough to offer, not to search.
const MAX_OTHERS: usize = 24;

fn capacity(token: &Token) -> usize {
    match &token.kind {
        TokenKind::Number { ascii, .. } if !ascii.contains('.') => {
            ascii.trim_start_matches('-').len()
        }
        _ => 1,
    }
}

fn split_from(
    text: &str,
    tokens: &[Token],
    n: usize,
    row: &mut Vec<CellReading>,
    found: &mut Splits,
) {
    found.visits += 1;
    if found.visits > MAX_VISITS || found.fitting.len() >= MAX_CANDIDATES {
        return;
    }
    let Some((token, rest)) = tokens.split_first() else {
        if row.len() == n {
            if (found.fits)(&ints(row)) {
                found.fitting.push(row.clone());
            } else if found.others.len() < MAX_OTHERS {
                found.others.push(row.clone());
            }
        }
        return;
    };
    let left = n - row.len();
    let rest_capacity: usize = rest.iter().map(capacity).sum();
    let most = capacity(token).min(left.saturating_sub(rest.len()));
    let least = left.saturating_sub(rest_capacity).max(1);
    for k in least..=most {
        if k == 1 {
            row.push(whole(text, token));
            split_from(text, rest, n, row, found);
            row.pop();
            continue;
        }
        let TokenKind::Number { ascii, offsets } = &token.kind else {
            continue;
        };
        let mut parts = Vec::new();
        let mut steps = MAX_VISITS;
        let go_on = split_run(
            ascii,
            offsets,
            token.span.end,
            k,
            0,
            &mut parts,
            &mut steps,
            &mut |parts| {
                let before = row.len();
                row.extend(parts.iter().cloned());
                split_from(text, rest, n, row, found);
                row.truncate(before);
                found.visits <= MAX_VISITS && found.fitting.len() < MAX_CANDIDATES
            },
        );
        if !go_on {
            return;
        }
    }
}

/// Every split of `ascii[from..]` into `k` parts without leading zeros, each part given to
/// `each` with the spans of its digits, until `each` says to stop or `steps` run out (a
/// long run has astronomically many splits). Returns whether to go on.
#[allow(clippy::too_many_arguments)]
fn split_run(
    ascii: &str,
    offsets: &[usize],
    end: usize,
    k: usize,
    from: usize,
    parts: &mut Vec<CellReading>,
    steps: &mut usize,
    each: &mut dyn FnMut(&[CellReading]) -> bool,
) -> bool {
    if *steps == 0 {
        return false;
    }
    *steps -= 1;
    let rest = ascii.len() - from;
    if parts.len() == k - 1 {
        if let Some(cell) = part(ascii, offsets, end, from, ascii.len()) {
            parts.push(cell);
            let go_on = each(parts);
            parts.pop();
            return go_on;
        }
        return true;
    }
    let left = k - parts.len();
    for len in 1..=MAX_PART_DIGITS.min(rest.saturating_sub(left - 1)) {
        // What is left must fit the cells left.
        if rest - len > (left - 1) * (MAX_PART_DIGITS + 1) {
            continue;
        }
        if let Some(cell) = part(ascii, offsets, end, from, from + len) {
            parts.push(cell);
            let go_on = split_run(ascii, offsets, end, k, from + len, parts, steps, each);
            parts.pop();
            if !go_on {
                return false;
            }
        }
    }
    true
}

fn part(ascii: &str, offsets: &[usize], end: usize, from: usize, to: usize) -> Option<CellReading> {
    let digits = &ascii[from..to];
    let unsigned = digits.trim_start_matches('-');
    let len = unsigned.len();
    if len == 0 || len > MAX_PART_DIGITS || (len > 1 && unsigned.starts_with('0')) {
        return None;
    }
    let start = offsets[from];
    let stop = offsets.get(to).copied().unwrap_or(end);
    Some(CellReading {
        value: digits.parse::<i64>().ok().map(Number::Int),
        span: Span::new(start, stop),
        raw: Some(ascii.to_owned()),
    })
}

/// `cells[..n-1]` sum to the last (blanks as 0): a row and its total.
pub fn row_total_holds(cells: &[Option<i64>]) -> bool {
    match cells.split_last() {
        Some((total, parts)) => {
            parts.iter().map(|c| c.unwrap_or(0)).sum::<i64>() == total.unwrap_or(0)
        }
        None => false,
    }
}

/// Every block of `block` cells is a row with its total (表四's three blocks of five).
pub fn blocks_hold(cells: &[Option<i64>], block: usize) -> bool {
    cells.chunks(block).all(row_total_holds)
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokens;
    use super::*;

    fn read(text: &str, n: usize, fits: &dyn Fn(&[Option<i64>]) -> bool) -> RowReadings {
        readings(text, &tokens(text, 0, text.len(), false), n, fits)
    }

    fn values(c: &[CellReading]) -> Vec<Option<i64>> {
        ints(c)
    }

    #[test]
    fn a_glued_row_splits_where_its_total_holds() {
        let r = read("370000037", 7, &row_total_holds);
        assert_eq!(r.layout, Layout::Glued);
        assert_eq!(r.fitting, 1);
        assert_eq!(values(&r.candidates[0]), [37, 0, 0, 0, 0, 0, 37].map(Some));
        let text = "370000037";
        assert_eq!(&text[r.candidates[0][6].span.range()], "37");
    }

    #[test]
    fn several_runs_share_the_cells() {
        let r = read("230 000023", 7, &row_total_holds);
        assert_eq!(values(&r.candidates[0]), [23, 0, 0, 0, 0, 0, 23].map(Some));
        let r = read("23 0 00 0 023", 7, &row_total_holds);
        assert_eq!(r.fitting, 1);
        assert_eq!(values(&r.candidates[0]), [23, 0, 0, 0, 0, 0, 23].map(Some));
    }

    #[test]
    fn seven_tokens_are_read_as_printed_even_when_they_do_not_add_up() {
        let r = read("9 0 0 0 0 0 7", 7, &row_total_holds);
        assert_eq!(r.layout, Layout::Direct);
        assert_eq!(r.fitting, 0);
        assert_eq!(r.candidates.len(), 1);
    }

    #[test]
    fn a_missing_cell_is_a_gap_debris_a_window_and_empty_cells_are_kept() {
        let r = read("3 0 0 0 0 3", 7, &row_total_holds);
        assert_eq!(r.layout, Layout::Gap);
        assert!(r.fitting >= 1);
        let r = read("- 3 0 0 0 0 0 3 2024", 7, &row_total_holds);
        assert_eq!(r.layout, Layout::Window);
        assert_eq!(values(&r.candidates[0]), [3, 0, 0, 0, 0, 0, 3].map(Some));
        let r = read("标签\t9\t\t\t\t\t\t9\n", 7, &row_total_holds);
        assert_eq!(r.layout, Layout::Direct);
        assert_eq!(r.fitting, 1);
        assert_eq!(
            values(&r.candidates[0]),
            [Some(9), None, None, None, None, None, Some(9)]
        );
    }

    #[test]
    fn a_run_with_astronomically_many_splits_is_bounded() {
        let run = "1".repeat(60);
        let r = read(&run, 15, &|c| blocks_hold(c, 5));
        assert!(r.candidates.len() <= MAX_CANDIDATES + MAX_OTHERS);
    }

    #[test]
    fn table_four_as_one_run() {
        let r = read("10203120001200000", 15, &|c| blocks_hold(c, 5));
        assert_eq!(r.fitting, 1);
        assert_eq!(
            values(&r.candidates[0]),
            [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0].map(Some)
        );
    }
}
