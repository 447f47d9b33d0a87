use std::collections::BTreeMap;

use super::*;

fn values(text: &str) -> BTreeMap<String, Number> {
    extract(text)
        .fields
        .into_iter()
        .filter_map(|(k, v)| v.value.map(|n| (k, n)))
        .collect()
}

fn int(text: &str, id: &str) -> Option<i64> {
    match values(text).get(id) {
        Some(Number::Int(i)) => Some(*i),
        None => None,
        other => panic!("{other:?}"),
    }
}

#[test]
fn requests_and_channels() {
    let t = "2015年，本局共受理政府信息公开申请20件，其中当面申请3件，网上申请9件，信函申请8件。";
    assert_eq!(int(t, "legacy.requests.received"), Some(20));
    assert_eq!(int(t, "legacy.requests.in_person"), Some(3));
    assert_eq!(int(t, "legacy.requests.online"), Some(9));
    assert_eq!(int(t, "legacy.requests.letter"), Some(8));
    let f = extract(t);
    let span = f.fields["legacy.requests.received"].span;
    assert_eq!(&t[span.range()], "20");
    assert_eq!(
        int(
            "收到依申请公开政府信息４件，已全部给予回复。",
            "legacy.requests.received"
        ),
        Some(4)
    );
}

#[test]
fn completion_and_replies_with_numbers_before_or_after_the_phrase() {
    let t = "共收到政府信息公开申请12件，办结12件，其中按时办结11件，延期办结1件。上述申请已经全部答复，其中5件属于非本机关政府信息，2属于不予公开政府信息，一件需要补正申请材料，4件通过邮寄方式公开。";
    assert_eq!(int(t, "legacy.requests.completed"), Some(12));
    assert_eq!(int(t, "legacy.requests.on_time"), Some(11));
    assert_eq!(int(t, "legacy.requests.extended"), Some(1));
    assert_eq!(int(t, "legacy.replies.not_this_agency"), Some(5));
    assert_eq!(int(t, "legacy.replies.refused.total"), Some(2));
    assert_eq!(int(t, "legacy.replies.amend"), Some(1));
    assert_eq!(int(t, "legacy.replies.granted"), Some(4));
    let f = extract(t);
    assert!(f.all_answered.is_some());
    assert_eq!(f.fields["legacy.replies.amend"].raw.as_deref(), Some("一"));
    assert_eq!(
        int(
            "对申请的处理：部分公开3件，同意公开2件。",
            "legacy.replies.partial"
        ),
        Some(3)
    );
    assert_eq!(
        int(
            "对申请的处理：部分公开3件，同意公开2件。",
            "legacy.replies.granted"
        ),
        Some(2)
    );
    assert_eq!(
        int(
            "不予公开的信息共计6件，涉及申请",
            "legacy.replies.refused.total"
        ),
        Some(6)
    );
}

#[test]
fn review_and_suits_with_outcomes() {
    let t = "因政府信息公开引发的行政复议案共计4件，其中维持具体行政行为的1件，被依法纠错的2件。因政府信息公开引发的行政诉讼案共计7件，其中维持具体行政行为或者驳回原告诉讼请求的5件，被依法纠错的1件。";
    assert_eq!(int(t, "legacy.review.total"), Some(4));
    assert_eq!(int(t, "legacy.review.upheld"), Some(1));
    assert_eq!(int(t, "legacy.review.corrected"), Some(2));
    assert_eq!(int(t, "legacy.suits.total"), Some(7));
    assert_eq!(int(t, "legacy.suits.upheld"), Some(5));
    assert_eq!(int(t, "legacy.suits.corrected"), Some(1));
    let one =
        "本机关有一件因申请人不服答复申请行政复议的案件，没有因政府信息公开提起行政诉讼的情况。";
    assert_eq!(int(one, "legacy.review.total"), Some(1));
    assert_eq!(int(one, "legacy.suits.total"), Some(0));
}

#[test]
fn zero_statements() {
    let t = "本年度未接到要求公开政府信息的申请，未收到因政府信息公开工作引发的申请行政复议或提起行政诉讼的情况。未发生政府信息公开收费情况。";
    assert_eq!(int(t, "legacy.requests.received"), Some(0));
    assert_eq!(int(t, "legacy.review.total"), Some(0));
    assert_eq!(int(t, "legacy.suits.total"), Some(0));
    assert_eq!(
        values(t).get("legacy.fees").map(|n| n.is_zero()),
        Some(true)
    );
    let f = extract(t);
    assert_eq!(
        f.fields["legacy.requests.received"]
            .raw
            .as_deref()
            .map(|r| r.starts_with("未接到")),
        Some(true)
    );
    // A number stated anywhere beats a "none" statement.
    let both = "未发生行政复议。全年行政复议案共计2件。";
    assert_eq!(int(both, "legacy.review.total"), Some(2));
    // "未收到…申请行政复议" is about reviews, not requests.
    assert_eq!(
        int(
            "未收到因信息公开申请行政复议的案件。",
            "legacy.requests.received"
        ),
        None
    );
}

#[test]
fn numbers_outside_the_phrases_are_ignored() {
    let t = "市长热线共受理群众反映问题22802件，已办结22506件。办理“12345”热线交办件15件，办结率100%。电话：0471-4606211。按照〔2016〕5号文件要求。";
    assert!(values(t).is_empty(), "{:?}", values(t));
    assert_eq!(
        int(
            "主动公开政府信息３２条，在线访谈55,民意征集15期",
            "legacy.proactive.total"
        ),
        Some(32)
    );
}

#[test]
fn pathological_input_is_fast_and_safe() {
    let long_line = "申请".repeat(300_000);
    assert!(extract(&long_line).fields.is_empty());
    let pipes = "|".repeat(1_000_000);
    assert!(extract(&pipes).fields.is_empty());
    let digits = format!("收到申请{}件", "9".repeat(40));
    assert!(extract(&digits).fields.is_empty());
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,400}") {
        let f = extract(&s);
        for v in f.fields.values() {
            proptest::prop_assert!(v.span.slice(&s).is_some());
        }
    }
}

#[test]
fn staff_counts_stated_or_denied() {
    let v = values("我局没有从事政府信息公开工作的全职人员，兼职人员1人。");
    assert_eq!(v.get("legacy.staff.full_time"), Some(&Number::Int(0)));
    assert_eq!(v.get("legacy.staff.part_time"), Some(&Number::Int(1)));
    let v = values("共有专职人员2名、兼职人员3名。");
    assert_eq!(v.get("legacy.staff.full_time"), Some(&Number::Int(2)));
    assert_eq!(v.get("legacy.staff.part_time"), Some(&Number::Int(3)));
}
