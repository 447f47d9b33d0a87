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

/// A table's sums over its rows' cells: how many hold under a choice of readings.
pub type TableScore<'a> = dyn Fn(&dyn Fn(&str, usize) -> Option<i64>) -> usize + 'a;

/// Most candidates looked at per row when the table's sums choose.
const MAX_TRIED: usize = 300;

/// Picks each row's reading to make as many of the table's sums hold as possible, starting
/// from each row's first fitting reading.
pub fn choose(rows: &mut [RowChoice], score: &TableScore) {
    for _ in 0..3 {
        let mut changed = false;
        for r in 0..rows.len() {
            if rows[r].readings.candidates.len() < 2 {
                continue;
            }
            let best = best_candidates(rows, r, score);
            if let Some(&b) = best.first() {
                if b != rows[r].chosen && !best.contains(&rows[r].chosen) {
                    rows[r].chosen = b;
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
/// candidates rank before the others at equal score).
fn best_candidates(rows: &[RowChoice], r: usize, score: &TableScore) -> Vec<usize> {
    let mut scored: Vec<(usize, usize)> = Vec::new();
    let n = rows[r].readings.candidates.len().min(MAX_TRIED);
    for c in 0..n {
        let cells = &rows[r].readings.candidates[c];
        let get = |key: &str, col: usize| -> Option<i64> {
            if key == rows[r].key {
                return cells.get(col).and_then(CellReading::int);
            }
            rows.iter()
                .find(|row| row.key == key)
                .and_then(|row| row.readings.candidates.get(row.chosen))
                .and_then(|cells| cells.get(col))
                .and_then(CellReading::int)
        };
        let fits = usize::from(c < rows[r].readings.fitting);
        scored.push((score(&get) * 2 + fits, c));
    }
    let top = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
    scored
        .into_iter()
        .filter(|(s, _)| *s == top)
        .map(|(_, c)| c)
        .collect()
}

/// The chosen cells of row `r` with their certainty.
pub fn settle(rows: &[RowChoice], r: usize, score: &TableScore) -> Vec<ChosenCell> {
    let row = &rows[r];
    let candidates = &row.readings.candidates;
    let Some(chosen) = candidates.get(row.chosen) else {
        return Vec::new();
    };
    let rivals: Vec<usize> = match row.readings.layout {
        Layout::Direct => vec![row.chosen],
        _ if candidates.len() == 1 => vec![row.chosen],
        // No split of a glued run adds up: the text does not say which is meant.
        Layout::Glued if row.readings.fitting == 0 => (0..candidates.len().min(12)).collect(),
        _ => best_candidates(rows, r, score),
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
