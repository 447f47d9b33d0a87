//! `X-CARRY`, the one rule between two reports: what an agency carried forward at the end of
//! year Y is what it carried over into year Y+1. Which reports are the same agency's in
//! consecutive years: the same agency name and consecutive years. The review queue keeps its
//! links up to date as rows arrive and change; `check` over many reports asks
//! [`failing_links`] once at the end.

use std::collections::HashMap;

use crate::extract::Extraction;
use crate::value::Number;

/// The rule's id.
pub const RULE: &str = "X-CARRY";

/// The field of the later year's report the rule compares.
pub const CARRIED_OVER: &str = "t3.carried_over.total";
/// The field of the earlier year's report the rule compares.
pub const CARRIED_FORWARD: &str = "t3.carried_forward.total";

/// Whether `X-CARRY` fails between a year that carried `forward` and the next, which carried
/// `over`: a missing figure breaks nothing.
pub fn carry_fails(forward: Option<Number>, over: Option<Number>) -> bool {
    matches!((forward, over), (Some(f), Some(o)) if f != o)
}

/// Why `X-CARRY` fails between year `earlier`, which carried `forward`, and year `later`,
/// which carried `over`; `None` when it holds or a figure is missing.
pub fn carry_mismatch(
    earlier: i32,
    forward: Option<Number>,
    later: i32,
    over: Option<Number>,
) -> Option<String> {
    match (forward, over) {
        (Some(forward), Some(over)) if carry_fails(Some(forward), Some(over)) => Some(format!(
            "{earlier} carried forward {forward}, but {later} carried over {over}"
        )),
        _ => None,
    }
}

/// What `X-CARRY` needs of one report: whose it is, which year, and its two carried totals.
#[derive(Clone, Debug, PartialEq)]
pub struct CarryFacts {
    pub agency: String,
    pub year: i32,
    pub carried_over: Option<Number>,
    pub carried_forward: Option<Number>,
}

impl CarryFacts {
    /// A report's facts; `None` when its agency or year is not known (it links to nothing).
    pub fn of(extraction: &Extraction) -> Option<CarryFacts> {
        let agency = extraction.meta.agency.as_ref()?.value.clone();
        let year = extraction.meta.year.as_ref()?.value;
        (!agency.is_empty()).then(|| CarryFacts {
            agency,
            year,
            carried_over: extraction.value(CARRIED_OVER),
            carried_forward: extraction.value(CARRIED_FORWARD),
        })
    }
}

/// A failing `X-CARRY` between report `earlier` (year Y) and report `later` (year Y+1), by
/// their index in the slice given to [`failing_links`].
#[derive(Clone, Debug, PartialEq)]
pub struct CarryLink {
    pub earlier: usize,
    pub later: usize,
    pub message: String,
}

/// Every failing `X-CARRY` among `reports`, ordered by the earlier report, then the later.
pub fn failing_links(reports: &[Option<CarryFacts>]) -> Vec<CarryLink> {
    let mut by_agency_year: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, facts) in reports.iter().enumerate() {
        if let Some(f) = facts {
            by_agency_year
                .entry((f.agency.as_str(), f.year))
                .or_default()
                .push(i);
        }
    }
    let mut links = Vec::new();
    for (i, facts) in reports.iter().enumerate() {
        let Some(earlier) = facts else { continue };
        let Some(next_year) = earlier.year.checked_add(1) else {
            continue;
        };
        let Some(later_ones) = by_agency_year.get(&(earlier.agency.as_str(), next_year)) else {
            continue;
        };
        for &j in later_ones {
            let Some(later) = &reports[j] else { continue };
            if let Some(message) = carry_mismatch(
                earlier.year,
                earlier.carried_forward,
                later.year,
                later.carried_over,
            ) {
                links.push(CarryLink {
                    earlier: i,
                    later: j,
                    message,
                });
            }
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(agency: &str, year: i32, over: i64, forward: i64) -> Option<CarryFacts> {
        Some(CarryFacts {
            agency: agency.into(),
            year,
            carried_over: Some(Number::Int(over)),
            carried_forward: Some(Number::Int(forward)),
        })
    }

    #[test]
    fn links_join_one_agency_in_consecutive_years_only() {
        let reports = [
            facts("甲局", 2022, 3, 4),
            facts("甲局", 2021, 1, 3),
            facts("乙局", 2023, 9, 0),
            facts("甲局", 2023, 5, 0),
            None,
            facts("甲局", 2025, 7, 0),
        ];
        let links = failing_links(&reports);
        assert_eq!(
            links,
            [CarryLink {
                earlier: 0,
                later: 3,
                message: "2022 carried forward 4, but 2023 carried over 5".into(),
            }],
            "2021→2022 holds; 乙局 is another agency; 2025 has no 2024 before it"
        );
    }

    #[test]
    fn a_carry_fails_only_when_both_figures_are_there_and_differ() {
        let n = |i| Some(Number::Int(i));
        assert_eq!(
            carry_mismatch(2021, n(3), 2022, n(2)).as_deref(),
            Some("2021 carried forward 3, but 2022 carried over 2")
        );
        assert_eq!(carry_mismatch(2021, n(3), 2022, n(3)), None);
        assert_eq!(carry_mismatch(2021, None, 2022, n(3)), None);
        assert!(carry_fails(n(3), n(2)) && !carry_fails(n(3), None));
    }
}
