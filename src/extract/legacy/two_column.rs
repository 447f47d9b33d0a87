//! Forms with two value columns (本年度 and 历年累计) whose cells were glued into one digit
//! run: `6122057` may be 6 | 122057, 61 | 22057 or 612 | 2057. What decides is what the
//! numbers must satisfy: the cumulative count is at least this year's, and the form's own
//! sums (channels add up to requests received, …) hold in both columns.

use std::collections::BTreeMap;

/// This year's value and the cumulative one; `None` where the cell is blank.
pub type Pair = (Option<i64>, Option<i64>);

/// Longest run split at all: two counts of at most 15 digits each.
pub const MAX_RUN_DIGITS: usize = 30;

/// Combinations tried per sum before giving up on it: keeps the search bounded however many
/// ambiguous rows a sum has.
const MAX_COMBINATIONS: usize = 4096;

/// The sums of the form that hold in each column (the hard `L-*` rules of FIELDS.md §4).
const SUMS: [(&str, &[&str]); 6] = [
    (
        "legacy.requests.received",
        &[
            "legacy.requests.in_person",
            "legacy.requests.fax",
            "legacy.requests.online",
            "legacy.requests.letter",
            "legacy.requests.email",
            "legacy.requests.other_channel",
        ],
    ),
    (
        "legacy.requests.completed",
        &["legacy.requests.on_time", "legacy.requests.extended"],
    ),
    (
        "legacy.replies.total",
        &[
            "legacy.replies.already_public",
            "legacy.replies.granted",
            "legacy.replies.partial",
            "legacy.replies.refused.total",
            "legacy.replies.not_this_agency",
            "legacy.replies.not_exist",
            "legacy.replies.amend",
            "legacy.replies.other_channel",
        ],
    ),
    (
        "legacy.review.total",
        &[
            "legacy.review.upheld",
            "legacy.review.corrected",
            "legacy.review.other",
        ],
    ),
    (
        "legacy.suits.total",
        &[
            "legacy.suits.upheld",
            "legacy.suits.corrected",
            "legacy.suits.other",
        ],
    ),
    (
        "legacy.staff.total",
        &["legacy.staff.full_time", "legacy.staff.part_time"],
    ),
];

/// Every way to cut an ASCII digit run into this year's and the cumulative count, both
/// printed without leading zeros, cumulative ≥ this year. Returns `(this, cumulative, cut)`
/// with `cut` the number of digits of this year's part.
pub fn splits(digits: &str) -> Vec<(i64, i64, usize)> {
    if digits.len() > MAX_RUN_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    (1..digits.len())
        .filter_map(|cut| {
            let (a, b) = digits.split_at(cut);
            let this = parse_count(a)?;
            let cumulative = parse_count(b)?;
            (cumulative >= this).then_some((this, cumulative, cut))
        })
        .collect()
}

/// The cut whose two counts are closest in length; the longer this year's part on a tie.
pub fn most_plausible(candidates: &[(i64, i64, usize)]) -> Option<(i64, i64, usize)> {
    let digits = |n: i64| n.to_string().len();
    candidates
        .iter()
        .copied()
        .min_by_key(|&(this, cumulative, _)| {
            (
                digits(cumulative).abs_diff(digits(this)),
                usize::MAX - digits(this),
            )
        })
}

fn parse_count(s: &str) -> Option<i64> {
    if (s.len() > 1 && s.starts_with('0')) || s.len() > 15 {
        return None;
    }
    s.parse().ok()
}

/// Narrows each field's possible pairs to those that let the form's sums hold in both
/// columns. Fields with one pair are fixed; a sum no combination satisfies narrows nothing
/// (the report's own numbers may not add up).
pub fn resolve(domains: &mut BTreeMap<String, Vec<Pair>>) {
    // Each round can only shrink domains, so this settles; the bound is a guard.
    for _ in 0..8 {
        let mut changed = false;
        for (total, parts) in SUMS {
            changed |= narrow(domains, total, parts);
        }
        if !changed {
            break;
        }
    }
}

fn narrow(domains: &mut BTreeMap<String, Vec<Pair>>, total: &str, parts: &[&str]) -> bool {
    let vars: Vec<&str> = std::iter::once(total)
        .chain(parts.iter().copied())
        .filter(|id| domains.contains_key(*id))
        .collect();
    if vars.first() != Some(&total) {
        return false;
    }
    let sizes: Vec<usize> = vars
        .iter()
        .map(|id| domains.get(*id).map_or(0, Vec::len))
        .collect();
    if sizes.iter().all(|&n| n <= 1) || sizes.contains(&0) {
        return false;
    }
    let combinations = sizes
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .filter(|&n| n <= MAX_COMBINATIONS);
    let Some(combinations) = combinations else {
        return false;
    };
    let options: Vec<&[Pair]> = vars
        .iter()
        .map(|id| domains.get(*id).map_or(&[][..], Vec::as_slice))
        .collect();
    let mut used: Vec<Vec<bool>> = sizes.iter().map(|&n| vec![false; n]).collect();
    let mut any = false;
    let mut choice = vec![0usize; vars.len()];
    for _ in 0..combinations {
        let picked: Vec<Pair> = choice
            .iter()
            .zip(&options)
            .filter_map(|(&i, opts)| opts.get(i).copied())
            .collect();
        if sums_hold(&picked) {
            any = true;
            for (slot, &i) in used.iter_mut().zip(&choice) {
                if let Some(u) = slot.get_mut(i) {
                    *u = true;
                }
            }
        }
        advance(&mut choice, &sizes);
    }
    if !any {
        return false;
    }
    let mut changed = false;
    for (id, keep) in vars.iter().zip(used) {
        if let Some(domain) = domains.get_mut(*id) {
            if keep.iter().any(|k| !k) {
                let mut flags = keep.into_iter();
                domain.retain(|_| flags.next().unwrap_or(true));
                changed = true;
            }
        }
    }
    changed
}

/// `picked[0]` is the total; blanks count as 0.
fn sums_hold(picked: &[Pair]) -> bool {
    let Some((&(total_this, total_cum), parts)) = picked.split_first() else {
        return false;
    };
    let sum = |f: fn(&Pair) -> Option<i64>| {
        parts
            .iter()
            .try_fold(0i64, |acc, p| acc.checked_add(f(p).unwrap_or(0)))
    };
    sum(|p| p.0) == Some(total_this.unwrap_or(0)) && sum(|p| p.1) == Some(total_cum.unwrap_or(0))
}

/// Next combination in mixed radix.
fn advance(choice: &mut [usize], sizes: &[usize]) {
    for (c, &n) in choice.iter_mut().zip(sizes) {
        *c += 1;
        if *c < n {
            return;
        }
        *c = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_plausible_cut_has_counts_of_like_length() {
        assert_eq!(most_plausible(&splits("4251516")), Some((425, 1516, 3)));
        assert_eq!(most_plausible(&splits("2121")), Some((21, 21, 2)));
        assert_eq!(most_plausible(&splits("294981916")), Some((2949, 81916, 4)));
        assert_eq!(most_plausible(&[]), None);
    }

    #[test]
    fn splits_keep_cumulative_at_least_this_year_and_no_leading_zeros() {
        let cuts: Vec<_> = splits("6122057").iter().map(|s| (s.0, s.1)).collect();
        assert_eq!(cuts, vec![(6, 122057), (61, 22057), (612, 2057)]);
        assert_eq!(splits("014"), vec![(0, 14, 1)]);
        assert_eq!(splits("21"), vec![]);
        assert_eq!(splits("7"), vec![]);
    }

    #[test]
    fn long_runs_are_refused_not_searched() {
        assert!(splits(&"9".repeat(40)).is_empty());
        // Each part holds at most 15 digits: only the middle cut remains.
        assert_eq!(splits(&"1".repeat(30)).len(), 1);
    }

    fn pair(a: i64, b: i64) -> Pair {
        (Some(a), Some(b))
    }

    #[test]
    fn the_forms_sums_pick_the_split() {
        let mut domains = BTreeMap::new();
        domains.insert("legacy.staff.total".to_owned(), vec![pair(3, 10)]);
        domains.insert(
            "legacy.staff.full_time".to_owned(),
            vec![pair(1, 4), pair(14, 14)],
        );
        domains.insert(
            "legacy.staff.part_time".to_owned(),
            vec![pair(2, 6), pair(2, 60)],
        );
        resolve(&mut domains);
        assert_eq!(domains["legacy.staff.full_time"], vec![pair(1, 4)]);
        assert_eq!(domains["legacy.staff.part_time"], vec![pair(2, 6)]);
    }

    #[test]
    fn sums_that_cannot_hold_leave_every_candidate() {
        let mut domains = BTreeMap::new();
        domains.insert("legacy.staff.total".to_owned(), vec![pair(100, 100)]);
        domains.insert(
            "legacy.staff.part_time".to_owned(),
            vec![pair(1, 4), pair(2, 6)],
        );
        resolve(&mut domains);
        assert_eq!(domains["legacy.staff.part_time"].len(), 2);
    }

    #[test]
    fn too_many_combinations_are_left_alone() {
        let mut domains = BTreeMap::new();
        let many: Vec<Pair> = (0..20).map(|i| pair(i, 100)).collect();
        domains.insert("legacy.replies.total".to_owned(), many.clone());
        for id in ["already_public", "granted", "partial", "not_exist"] {
            domains.insert(format!("legacy.replies.{id}"), many.clone());
        }
        resolve(&mut domains);
        assert_eq!(domains["legacy.replies.granted"].len(), 20);
    }
}
