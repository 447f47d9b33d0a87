//! `X-CARRY`, the one rule between two reports: what an agency carried forward at the end of
//! year Y is what it carried over into year Y+1. Which reports are the same agency's in
//! consecutive years is the caller's to find (the review queue knows its reports).

use crate::value::Number;

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

#[cfg(test)]
mod tests {
    use super::*;

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
