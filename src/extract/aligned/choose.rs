//! Choosing one reading per row: the row's own sum first, then the table's sums across rows.
//! A value is certain when the text allows only it, or when it is the one reading under which
//! the table adds up; otherwise it is ambiguous and keeps its alternatives.

use super::fit::{ints, CellReading, Layout, RowReadings};
use crate::extract::Reading;
use crate::value::Number;

/// A row of a table with its readings, ready to be chosen among.
pub struct RowChoice {
    pub key: &'static str,
    pub readings: RowReadings,
    pub chosen: usize,
}

/// One chosen cell with how sure it is.
pub struct ChosenCell {
    pub cell: CellReading,
    pub reading: Reading,
    pub alternatives: Vec<Number>,
}

/// A table's sums: how many hold over its rows' values (in the order of the rows chosen
/// among, blanks as `None`).
pub type TableScore<'a> = dyn Fn(&[Vec<Option<i64>>]) -> usize + 'a;

/// Most candidates looked at per row when the table's sums choose.
const MAX_TRIED: usize = 300;
/// Table evaluations spent looking for a second consistent reading; past it every row with
/// a choice is taken as ambiguous, which is never wrong.
const MAX_RIVAL_CHECKS: usize = 40_000;

fn values(rows: &[RowChoice]) -> Vec<Vec<Option<i64>>> {
    rows.iter()
        .map(|r| {
            r.readings
                .candidates
                .get(r.chosen)
                .map_or_else(Vec::new, |c| ints(c))
        })
        .collect()
}

/// Picks each row's reading to make as many of the table's sums hold as possible, starting
/// from each row's first fitting reading.
pub fn choose(rows: &mut [RowChoice], score: &TableScore) {
    let mut table = values(rows);
    for _ in 0..3 {
        let mut changed = false;
        for r in 0..rows.len() {
            if rows[r].readings.candidates.len() < 2 {
                continue;
            }
            let best = best_candidates(rows, &mut table, r, score);
            if let Some(&b) = best.first() {
                if !best.contains(&rows[r].chosen) {
                    rows[r].chosen = b;
                    table[r] = ints(&rows[r].readings.candidates[b]);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The candidates of row `r` that score highest with the other rows as chosen (fitting
/// candidates rank before the others at equal score). `table` is left as it was.
fn best_candidates(
    rows: &[RowChoice],
    table: &mut [Vec<Option<i64>>],
    r: usize,
    score: &TableScore,
) -> Vec<usize> {
    let kept = std::mem::take(&mut table[r]);
    let n = rows[r].readings.candidates.len().min(MAX_TRIED);
    let scored: Vec<(usize, usize)> = (0..n)
        .map(|c| {
            table[r] = ints(&rows[r].readings.candidates[c]);
            let fits = usize::from(c < rows[r].readings.fitting);
            (score(table) * 2 + fits, c)
        })
        .collect();
    table[r] = kept;
    let top = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
    scored
        .into_iter()
        .filter(|(s, _)| *s == top)
        .map(|(_, c)| c)
        .collect()
}

/// For each row, the other readings under which the table adds up as well as it does now,
/// alone or with one other row read differently too: two rows' glued runs can trade digits
/// and leave every sum holding, and then neither is certain.
pub fn rivals(rows: &[RowChoice], score: &TableScore) -> Vec<Vec<usize>> {
    let mut table = values(rows);
    let best = score(&table);
    // Rows whose reading could change: several consistent readings, or one consistent
    // reading the table's sums passed over.
    let open: Vec<usize> = (0..rows.len())
        .filter(|&r| {
            let r = &rows[r].readings;
            r.layout != Layout::Direct && r.fitting > 0 && r.candidates.len() > 1
        })
        .collect();
    let mut checks = 0usize;
    let mut out: Vec<Vec<usize>> = rows.iter().map(|r| vec![r.chosen]).collect();
    for &r in &open {
        let tried = rows[r].readings.fitting.min(MAX_TRIED);
        for c in (0..tried).filter(|&c| c != rows[r].chosen) {
            let kept = std::mem::replace(&mut table[r], ints(&rows[r].readings.candidates[c]));
            let mut consistent = score(&table) >= best;
            for &q in open.iter().filter(|&&q| q != r) {
                if consistent || checks > MAX_RIVAL_CHECKS {
                    break;
                }
                let kept_q = table[q].clone();
                for d in 0..rows[q].readings.fitting.min(MAX_TRIED) {
                    checks += 1;
                    table[q] = ints(&rows[q].readings.candidates[d]);
                    if score(&table) >= best {
                        consistent = true;
                        break;
                    }
                }
                table[q] = kept_q;
            }
            table[r] = kept;
            if consistent || checks > MAX_RIVAL_CHECKS {
                out[r].push(c);
            }
        }
    }
    out
}

/// The chosen cells of row `r` with their certainty; `rivals` from [`rivals`].
pub fn settle(rows: &[RowChoice], r: usize, rivals: &[Vec<usize>]) -> Vec<ChosenCell> {
    let row = &rows[r];
    let candidates = &row.readings.candidates;
    let Some(chosen) = candidates.get(row.chosen) else {
        return Vec::new();
    };
    let rivals: Vec<usize> = match row.readings.layout {
        Layout::Direct => vec![row.chosen],
        _ if candidates.len() == 1 => vec![row.chosen],
        // The kept reading breaks the row's own sum (none adds up, or the table's sums
        // preferred another): the text does not say which is meant.
        _ if row.chosen >= row.readings.fitting => {
            let mut all: Vec<usize> = (0..candidates.len().min(12)).collect();
            all.push(row.chosen);
            all
        }
        _ => rivals.get(r).cloned().unwrap_or_else(|| vec![row.chosen]),
    };
    let guessed = row.readings.layout == Layout::Gap;
    chosen
        .iter()
        .enumerate()
        .map(|(col, cell)| {
            let mut alternatives: Vec<Number> = Vec::new();
            for &c in &rivals {
                if let Some(v) = candidates[c].get(col).and_then(|x| x.value) {
                    if Some(v) != cell.value && !alternatives.contains(&v) {
                        alternatives.push(v);
                    }
                }
            }
            let reading = if guessed {
                Reading::Guessed
            } else if alternatives.is_empty()
                && (rivals.len() == 1 || all_same(candidates, &rivals, col))
            {
                Reading::Certain
            } else {
                Reading::Ambiguous
            };
            ChosenCell {
                cell: cell.clone(),
                reading,
                alternatives,
            }
        })
        .collect()
}

fn all_same(candidates: &[Vec<CellReading>], rivals: &[usize], col: usize) -> bool {
    let first = candidates[rivals[0]].get(col).map(|c| c.value);
    rivals
        .iter()
        .all(|&c| candidates[c].get(col).map(|x| x.value) == first)
}

/// A row's whole readings, for a flag that offers them to the analyst.
pub fn offered(readings: &RowReadings) -> Vec<Vec<Number>> {
    readings
        .candidates
        .iter()
        .take(12)
        .map(|c| {
            ints(c)
                .into_iter()
                .map(|v| Number::Int(v.unwrap_or(0)))
                .collect()
        })
        .collect()
}
