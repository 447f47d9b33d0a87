//! Adjudication: two annotators' labels of one report side by side, where they disagree, and
//! the third annotation that settles it.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::model::{Annotation, FieldLabel, FieldStatus};
use super::store::StoreError;
use crate::report::Report;

/// Where one annotator's annotation of a report is found: beside the report under their
/// name, or in a directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetSource {
    pub name: String,
    pub dir: Option<PathBuf>,
    /// Reports whose file in `dir` is not named after the report alone.
    pub files: HashMap<PathBuf, PathBuf>,
}

impl SetSource {
    pub fn location(&self, report: &Path) -> PathBuf {
        super::store::located(&self.files, report, &self.name, self.dir.as_deref())
    }
}

/// The two annotation sets an adjudication compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjudication {
    pub a: SetSource,
    pub b: SetSource,
}

impl Adjudication {
    /// The two annotators' labels of the report at `path`. Their files are only read: one
    /// that cannot be read stops the report from opening (naming the file) rather than being
    /// adjudicated as if that annotator had not labelled it. Spans are re-anchored in memory
    /// when the report changed since.
    pub fn load(&self, path: &Path, report: &Report) -> Result<Sides, StoreError> {
        let side = |set: &SetSource| -> Result<Side, StoreError> {
            let file = set.location(path);
            let mut annotation = super::store::load(&file)?;
            if let Some(a) = annotation.as_mut() {
                if a.report.sha256 != report.sha256 {
                    a.reanchor(&report.text);
                }
            }
            Ok(Side {
                name: set.name.clone(),
                annotation,
            })
        };
        Ok(Sides {
            a: side(&self.a)?,
            b: side(&self.b)?,
        })
    }
}

/// Which of the two annotation sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    A,
    B,
}

/// One annotator's labels of the report, if they annotated it.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub name: String,
    pub annotation: Option<Annotation>,
}

/// The two annotations being adjudicated.
#[derive(Clone, Debug, PartialEq)]
pub struct Sides {
    pub a: Side,
    pub b: Side,
}

/// What a label says about its cell, for deciding whether two labels disagree: whether it is
/// in the report at all, printed blank, or printed with a value. An unreviewed label counts as
/// what it holds; `confirmed` and `corrected` with the same value say the same thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Says {
    Absent,
    Blank,
    Value,
}

fn says(label: Option<&FieldLabel>) -> Says {
    match label {
        None => Says::Absent,
        Some(l) if l.status == FieldStatus::Absent => Says::Absent,
        Some(l) if l.value.is_none() => Says::Blank,
        Some(_) => Says::Value,
    }
}

/// Two labels of one cell disagree when they give different values, or one says the cell is
/// absent from the report and the other that it is printed (blank or not).
pub fn differ(a: Option<&FieldLabel>, b: Option<&FieldLabel>) -> bool {
    says(a) != says(b) || a.and_then(|l| l.value) != b.and_then(|l| l.value)
}

/// Whether the adjudicated `annotation` still leaves `field` to settle: it has no label for it,
/// or an unreviewed one. Taking a side, typing a value, confirming or marking it settles it.
pub fn unsettled(annotation: &Annotation, field: &str) -> bool {
    annotation
        .fields
        .get(field)
        .is_none_or(|l| l.status == FieldStatus::Unreviewed)
}

impl Sides {
    pub fn side(&self, which: Which) -> &Side {
        match which {
            Which::A => &self.a,
            Which::B => &self.b,
        }
    }

    /// The label `which` gave `field` (`None` when that side did not annotate the report or
    /// has no label for the field).
    pub fn label(&self, which: Which, field: &str) -> Option<&FieldLabel> {
        self.side(which).annotation.as_ref()?.fields.get(field)
    }

    /// The fields the two annotators disagree on, in field order. Empty unless both annotated
    /// the report: with one side only there is nothing to adjudicate, that side is the label.
    pub fn disagreements(&self) -> Vec<String> {
        let (Some(a), Some(b)) = (&self.a.annotation, &self.b.annotation) else {
            return Vec::new();
        };
        let ids: BTreeSet<&String> = a.fields.keys().chain(b.fields.keys()).collect();
        ids.into_iter()
            .filter(|id| differ(a.fields.get(*id), b.fields.get(*id)))
            .cloned()
            .collect()
    }

    /// The rule instances exactly one side acknowledged, with who and their note.
    pub fn one_sided_acknowledgement(&self, rule: &str) -> Option<(&str, &str)> {
        let (Some(a), Some(b)) = (&self.a.annotation, &self.b.annotation) else {
            return None;
        };
        match (a.acknowledged.get(rule), b.acknowledged.get(rule)) {
            (Some(x), None) => Some((&self.a.name, &x.note)),
            (None, Some(x)) => Some((&self.b.name, &x.note)),
            _ => None,
        }
    }

    /// The adjudicated annotation to start from, given a fresh one (`base`, as extracted):
    /// every label the two agree on, or the one side's labels when only one annotated the
    /// report; the acknowledgements both made; the meta both gave. Disagreeing cells keep the
    /// extracted value, unreviewed, for the adjudicator to settle.
    pub fn start(&self, mut base: Annotation) -> Annotation {
        let (a, b) = (&self.a.annotation, &self.b.annotation);
        let agreed: Vec<(&String, &FieldLabel)> = match (a, b) {
            (Some(a), Some(b)) => a
                .fields
                .iter()
                .filter(|(id, l)| !differ(Some(l), b.fields.get(*id)))
                .collect(),
            (Some(only), None) | (None, Some(only)) => only.fields.iter().collect(),
            (None, None) => Vec::new(),
        };
        for (id, label) in agreed {
            base.fields.insert(id.clone(), label.clone());
        }
        let acknowledged = match (a, b) {
            (Some(a), Some(b)) => a
                .acknowledged
                .iter()
                .filter(|(rule, _)| b.acknowledged.contains_key(*rule))
                .map(|(rule, ack)| (rule.clone(), ack.clone()))
                .collect(),
            (Some(only), None) | (None, Some(only)) => only.acknowledged.clone(),
            (None, None) => Default::default(),
        };
        base.acknowledged = acknowledged;
        match (a, b) {
            (Some(a), Some(b)) if a.meta == b.meta => base.meta = a.meta.clone(),
            (Some(only), None) | (None, Some(only)) => base.meta = only.meta.clone(),
            _ => {}
        }
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::report::Report;
    use crate::value::Number;

    const TEXT: &str = "青川县审计局2014年政府信息公开工作年度报告\n政府信息公开情况统计表\n统 计 指 标 | 单位 | 统计数 |\n（一）主动公开政府信息数 | 条 | 40 |\n（三）从事政府信息公开工作人员数 | 人 | 2 |\n1.专职人员数 | 人 | 1 |\n2.兼职人员数 | 人 | 1 |\n";

    fn fresh(who: &str) -> Annotation {
        let report = Report::from_text("r.txt", TEXT);
        Annotation::from_extraction(&report, &extract(&report), who)
    }

    fn sides(a: Option<Annotation>, b: Option<Annotation>) -> Sides {
        Sides {
            a: Side {
                name: "li".into(),
                annotation: a,
            },
            b: Side {
                name: "wang".into(),
                annotation: b,
            },
        }
    }

    #[test]
    fn values_and_absent_versus_printed_disagree_but_status_alone_does_not() {
        let (mut a, mut b) = (fresh("li"), fresh("wang"));
        a.set_value("legacy.proactive.total", Some(Number::Int(41)))
            .unwrap();
        b.confirm("legacy.proactive.total").unwrap();
        a.confirm("legacy.staff.total").unwrap();
        a.mark_absent("legacy.staff.part_time").unwrap();
        b.mark_blank("legacy.staff.part_time").unwrap();
        a.mark_blank("legacy.staff.full_time").unwrap();
        b.set_value("legacy.staff.full_time", None).unwrap();
        let s = sides(Some(a), Some(b));
        assert_eq!(
            s.disagreements(),
            ["legacy.proactive.total", "legacy.staff.part_time"]
        );
        assert!(sides(Some(fresh("li")), None).disagreements().is_empty());
    }

    #[test]
    fn the_start_takes_what_both_agree_on_and_leaves_the_rest_unreviewed() {
        let (mut a, mut b) = (fresh("li"), fresh("wang"));
        a.set_value("legacy.proactive.total", Some(Number::Int(41)))
            .unwrap();
        b.confirm("legacy.proactive.total").unwrap();
        a.confirm("legacy.staff.total").unwrap();
        b.confirm("legacy.staff.total").unwrap();
        a.acknowledge("L-STAFF", "both");
        b.acknowledge("L-STAFF", "both");
        a.acknowledge("L-REQ", "only li");
        let s = sides(Some(a), Some(b));
        let start = s.start(fresh("adjudicated"));
        assert_eq!(start.annotator, "adjudicated");
        let total = &start.fields["legacy.proactive.total"];
        assert_eq!(
            (total.value, total.status),
            (Some(Number::Int(40)), FieldStatus::Unreviewed)
        );
        assert_eq!(
            start.fields["legacy.staff.total"].status,
            FieldStatus::Confirmed
        );
        assert_eq!(start.acknowledged.keys().collect::<Vec<_>>(), ["L-STAFF"]);
        assert_eq!(
            s.one_sided_acknowledgement("L-REQ"),
            Some(("li", "only li"))
        );
        assert_eq!(s.one_sided_acknowledgement("L-STAFF"), None);
    }

    #[test]
    fn with_one_side_only_its_labels_are_the_start() {
        let mut b = fresh("wang");
        b.set_value("legacy.staff.total", Some(Number::Int(3)))
            .unwrap();
        let start = sides(None, Some(b)).start(fresh("adjudicated"));
        assert_eq!(
            start.fields["legacy.staff.total"].value,
            Some(Number::Int(3))
        );
    }
}
