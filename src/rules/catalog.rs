//! The consistency rules of `FIELDS.md` §4 as data: each rule's id, severity and statement,
//! and the equations it stands for in each format.

use std::sync::OnceLock;

use strum::IntoEnumIterator;

use crate::fields::{self, Format, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS};

/// How bad a broken rule is; spelled the same in JSON and in text output.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    Hard,
    Soft,
}

pub struct RuleDef {
    pub id: &'static str,
    pub severity: Severity,
    pub statement: &'static str,
}

pub const RULES: [RuleDef; 15] = [
    RuleDef { id: "T3-BAL", severity: Severity::Hard, statement: "per column: new + carried_over = total + carried_forward" },
    RuleDef { id: "T3-SUM", severity: Severity::Hard, statement: "per column: total = granted + partial + Σ withheld + Σ unable + Σ rejected + other" },
    RuleDef { id: "T3-ROW", severity: Severity::Hard, statement: "per row: total = person + business + research + nonprofit + law_firm + other_org" },
    RuleDef { id: "T4-SUM", severity: Severity::Hard, statement: "per block: total = upheld + corrected + other + pending" },
    RuleDef { id: "L-REQ", severity: Severity::Hard, statement: "requests received = Σ channels (when any channel is reported)" },
    RuleDef { id: "L-DONE", severity: Severity::Hard, statement: "requests completed = on time + extended" },
    RuleDef { id: "L-REPLY", severity: Severity::Hard, statement: "replies = already public + granted + partial + refused + not this agency + not exist + amend + other channel (requests received stands in when all were answered)" },
    RuleDef { id: "L-REFUSE", severity: Severity::Soft, statement: "refused = Σ refusal reasons (one reply may cite several)" },
    RuleDef { id: "L-REV", severity: Severity::Hard, statement: "reviews = upheld + corrected + other (when all three are reported)" },
    RuleDef { id: "L-SUIT", severity: Severity::Hard, statement: "suits = upheld + corrected + other (when all three are reported)" },
    RuleDef { id: "L-STAFF", severity: Severity::Hard, statement: "staff = full time + part time" },
    RuleDef { id: "L-CHAN", severity: Severity::Soft, statement: "Σ proactive channels ≥ proactive total (when every channel is reported)" },
    RuleDef { id: "N-TEXT", severity: Severity::Soft, statement: "a number stated in the text equals the same quantity in a table" },
    RuleDef { id: "INT", severity: Severity::Hard, statement: "counts are non-negative integers; changes may be negative; money is decimal" },
    RuleDef { id: "X-CARRY", severity: Severity::Soft, statement: "carried forward in year Y = carried over in year Y+1 (same agency)" },
];

pub fn rule(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().find(|r| r.id == id)
}

/// How the two sides must compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// left = right
    Equal,
    /// right ≥ left (a sum of channels may exceed the total, never fall short)
    RightAtLeastLeft,
}

/// When the rule applies at all, beyond "something on each side is stated".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    Always,
    AnyRightReported,
    AllRightReported,
}

/// Which side holds the value the other is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Left,
    Right,
}

/// One rule instance: `left = right`, as the spec states it.
#[derive(Clone, Debug)]
pub struct Equation {
    pub rule: &'static str,
    pub part: String,
    pub left: Vec<String>,
    pub right: Vec<String>,
    pub relation: Relation,
    pub applies: Applies,
    pub expected: Expected,
    /// A field that stands in for an absent left side when the text says every request was
    /// answered (`L-REPLY`).
    pub stand_in: Option<&'static str>,
}

impl Equation {
    pub fn name(&self) -> String {
        if self.part.is_empty() {
            self.rule.to_owned()
        } else {
            format!("{}[{}]", self.rule, self.part)
        }
    }
}

/// The equations that apply to a report of `format`.
pub fn equations(format: Format) -> &'static [Equation] {
    static CACHE: OnceLock<Vec<Vec<Equation>>> = OnceLock::new();
    let all = CACHE.get_or_init(|| Format::iter().map(build).collect());
    let index = Format::iter().position(|f| f == format).unwrap_or(0);
    &all[index]
}

fn build(format: Format) -> Vec<Equation> {
    let mut eqs = Vec::new();
    if format.is_template() {
        template_equations(format, &mut eqs);
    }
    legacy_equations(&mut eqs);
    eqs
}

fn eq(rule: &'static str, part: &str, left: Vec<String>, right: Vec<String>) -> Equation {
    Equation {
        rule,
        part: part.to_owned(),
        left,
        right,
        relation: Relation::Equal,
        applies: Applies::Always,
        expected: Expected::Right,
        stand_in: None,
    }
}

fn template_equations(format: Format, eqs: &mut Vec<Equation>) {
    let t3 = fields::t3_id;
    let outcomes = fields::t3_outcome_rows(format);
    for (col, _) in T3_COLUMNS {
        let mut bal = eq(
            "T3-BAL",
            col,
            vec![t3("new", col), t3("carried_over", col)],
            vec![t3("total", col), t3("carried_forward", col)],
        );
        // What came in is what must be accounted for.
        bal.expected = Expected::Left;
        eqs.push(bal);
        eqs.push(eq(
            "T3-SUM",
            col,
            vec![t3("total", col)],
            outcomes.iter().map(|row| t3(row, col)).collect(),
        ));
    }
    for (row, _) in fields::t3_rows(format) {
        eqs.push(eq(
            "T3-ROW",
            row,
            vec![t3(row, "total")],
            T3_COLUMNS[..6]
                .iter()
                .map(|(col, _)| t3(row, col))
                .collect(),
        ));
    }
    for (block, _) in T4_BLOCKS {
        let t4 = |col: &str| fields::t4_id(block, col);
        eqs.push(eq(
            "T4-SUM",
            block,
            vec![t4("total")],
            T4_COLUMNS[..4].iter().map(|(col, _)| t4(col)).collect(),
        ));
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| format!("legacy.{s}")).collect()
}

fn legacy_equations(eqs: &mut Vec<Equation>) {
    let mut req = eq(
        "L-REQ",
        "",
        ids(&["requests.received"]),
        ids(&[
            "requests.in_person",
            "requests.fax",
            "requests.online",
            "requests.letter",
            "requests.email",
            "requests.other_channel",
        ]),
    );
    req.applies = Applies::AnyRightReported;
    eqs.push(req);
    eqs.push(eq(
        "L-DONE",
        "",
        ids(&["requests.completed"]),
        ids(&["requests.on_time", "requests.extended"]),
    ));
    let mut reply = eq(
        "L-REPLY",
        "",
        ids(&["replies.total"]),
        ids(&[
            "replies.already_public",
            "replies.granted",
            "replies.partial",
            "replies.refused.total",
            "replies.not_this_agency",
            "replies.not_exist",
            "replies.amend",
            "replies.other_channel",
        ]),
    );
    reply.stand_in = Some("legacy.requests.received");
    eqs.push(reply);
    eqs.push(eq(
        "L-REFUSE",
        "",
        ids(&["replies.refused.total"]),
        ids(&[
            "replies.refused.secret",
            "replies.refused.commercial",
            "replies.refused.privacy",
            "replies.refused.security",
            "replies.refused.not_gov_info",
            "replies.refused.other_law",
        ]),
    ));
    for (rule, block) in [("L-REV", "review"), ("L-SUIT", "suits")] {
        let mut e = eq(
            rule,
            "",
            vec![format!("legacy.{block}.total")],
            ["upheld", "corrected", "other"]
                .iter()
                .map(|p| format!("legacy.{block}.{p}"))
                .collect(),
        );
        e.applies = Applies::AllRightReported;
        eqs.push(e);
    }
    eqs.push(eq(
        "L-STAFF",
        "",
        ids(&["staff.total"]),
        ids(&["staff.full_time", "staff.part_time"]),
    ));
    let mut chan = eq(
        "L-CHAN",
        "",
        ids(&["proactive.total"]),
        ids(&[
            "proactive.gazette",
            "proactive.website",
            "proactive.weibo",
            "proactive.wechat",
            "proactive.other_channel",
        ]),
    );
    chan.relation = Relation::RightAtLeastLeft;
    chan.applies = Applies::AllRightReported;
    eqs.push(chan);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_equation_names_a_known_rule_and_known_fields() {
        for format in Format::iter() {
            for e in equations(format) {
                assert!(rule(e.rule).is_some(), "{}", e.rule);
                for f in e.left.iter().chain(&e.right) {
                    assert!(fields::field(f).is_some(), "{} uses unknown {f}", e.name());
                }
            }
        }
    }

    #[test]
    fn template_instances_are_counted_per_column_row_and_block() {
        let count = |f, r| equations(f).iter().filter(|e| e.rule == r).count();
        assert_eq!(count(Format::Template2021, "T3-BAL"), 7);
        assert_eq!(count(Format::Template2021, "T3-ROW"), 25);
        assert_eq!(count(Format::Template2019, "T3-ROW"), 23);
        assert_eq!(count(Format::Template2019, "T4-SUM"), 3);
        assert_eq!(count(Format::Prose, "T3-SUM"), 0);
        assert_eq!(count(Format::Prose, "L-REPLY"), 1);
    }
}
