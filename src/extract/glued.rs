//! Digit runs that hold several cells (`3000003` for seven cells), split by the row's own sums.

/// Longest number one cell of a glued run may hold.
const MAX_CELL_DIGITS: usize = 6;
/// Work bound for the enumeration: a longer search is given up and the run flagged.
const MAX_VISITS: usize = 200_000;

/// The splits of `run` (ASCII digits) into `k` numbers without leading zeros that satisfy
/// `fits`; `None` when the search would be too long to be worth it.
pub fn splits(run: &str, k: usize, fits: &dyn Fn(&[i64]) -> bool) -> Option<Vec<Vec<i64>>> {
    let digits = run.as_bytes();
    if k == 0 || !digits.iter().all(u8::is_ascii_digit) || digits.len() < k {
        return Some(Vec::new());
    }
    if digits.len() > k * MAX_CELL_DIGITS {
        return None;
    }
    let mut out = Vec::new();
    let mut parts = Vec::with_capacity(k);
    let mut visits = 0;
    if !search(digits, k, fits, &mut parts, &mut out, &mut visits) {
        return None;
    }
    Some(out)
}

fn search(
    rest: &[u8],
    k: usize,
    fits: &dyn Fn(&[i64]) -> bool,
    parts: &mut Vec<i64>,
    out: &mut Vec<Vec<i64>>,
    visits: &mut usize,
) -> bool {
    *visits += 1;
    if *visits > MAX_VISITS {
        return false;
    }
    let left = k - parts.len();
    if left == 0 {
        if rest.is_empty() && fits(parts) {
            out.push(parts.clone());
        }
        return true;
    }
    if rest.len() < left || rest.len() > left * MAX_CELL_DIGITS {
        return true;
    }
    let longest = if rest[0] == b'0' {
        1
    } else {
        MAX_CELL_DIGITS.min(rest.len())
    };
    for len in 1..=longest {
        let n = rest[..len]
            .iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'));
        parts.push(n);
        let ok = search(&rest[len..], k, fits, parts, out, visits);
        parts.pop();
        if !ok {
            return false;
        }
    }
    true
}

/// `parts[..n-1]` sum to the last part: a row of cells and its total.
pub fn row_total_holds(parts: &[i64]) -> bool {
    match parts.split_last() {
        Some((total, cells)) => cells.iter().sum::<i64>() == *total,
        None => false,
    }
}

/// Every block of `block` parts satisfies [`row_total_holds`] (表四's three blocks of five).
pub fn blocks_hold(parts: &[i64], block: usize) -> bool {
    parts.chunks(block).all(row_total_holds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unique_split_is_found() {
        let s = splits("3000003", 7, &row_total_holds).unwrap();
        assert_eq!(s, vec![vec![3, 0, 0, 0, 0, 0, 3]]);
        let s = splits("120000012", 7, &row_total_holds).unwrap();
        assert_eq!(s, vec![vec![12, 0, 0, 0, 0, 0, 12]]);
    }

    #[test]
    fn ambiguous_and_impossible_runs() {
        // 1+1=2 or 11+…: "1100002" → [1,1,0,0,0,0,2] only; "2110004": [2,1,1,0,0,0,4] only.
        assert_eq!(splits("1100002", 7, &row_total_holds).unwrap().len(), 1);
        let several = splits("11000011", 6, &row_total_holds).unwrap();
        assert!(several.len() > 1, "{several:?}");
        assert!(splits("1020312", 7, &row_total_holds).unwrap().is_empty());
        assert!(splits("12", 7, &|_| true).unwrap().is_empty());
    }

    #[test]
    fn long_runs_are_refused_not_explored() {
        assert_eq!(splits(&"1".repeat(40), 3, &|_| true), None);
        let fifteen = "0".repeat(15);
        let s = splits(&fifteen, 15, &|p| blocks_hold(p, 5)).unwrap();
        assert_eq!(s, vec![vec![0; 15]]);
        // A bounded search even when the run could split very many ways.
        let _ = splits(&"1".repeat(42), 7, &row_total_holds);
    }
}
