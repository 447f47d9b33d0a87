use proptest::prelude::*;

use super::*;

/// A one-column form as a web page flattens it; the agency and numbers are invented.
const ONE_COLUMN: &str = "\
附件
政府信息公开情况统计表
（2015年度）
填报单位:青山县档案局 | ||
统 计 指 标 | 单位 | 统计数 |
一、主动公开情况 | —— |
|
（一）主动公开政府信息数（不同渠道公开同一信息计1条） | 条 | 120 |
其中:主动公开规范性文件数 | 条 |
|
（二）通过不同渠道和方式公开政府信息的情况 | —— |
|
1.政府公报公开政府信息数 | 条 | / |
2.政府网站公开政府信息数 | 条 | 100 |
3.政务微信公开政府信息数 | 条 |
20 |
二、回应解读情况 | —— |
|
1.参加或举办新闻发布会总次数 | 次 | 3 |
三、依申请公开情况 | —— |
|
（一）收到申请数 | 件 | 4 |
1.当面申请数 | 件 | 1 |
3.网络申请数 | 件 | 3 |
四、行政复议数量 | 件 | 2 |
（一）维持具体行政行为数 | 件 | 1 |
（二）被依法纠错数 | 件 | 1 |
（三）其他情形数 | 件 | 0 |
五、行政诉讼数量 | 件 | 1 |
（一）维持具体行政行为或者驳回原告诉讼请求数 | 件 | 0 |
（二）被依法纠错数 | 件 | 1 |
（三）其他情形数 | 件 |
|
七、依申请公开信息收取的费用 | 万元 | 0 |
（三）从事政府信息公开工作人员数 | 人 | 3 |
1.专职人员数 | 人 | 1 |
2.兼职人员数 | 人 | 2 |
（四）政府信息公开专项经费(不包括用于政府公报编 | 万元 | 1.5 |
填报日期: 年1月8日 |
";

fn field<'a>(found: &'a Findings, id: &str) -> &'a FieldValue {
    found
        .fields
        .get(id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

fn value(found: &Findings, id: &str) -> Option<Number> {
    field(found, id).value
}

fn int(i: i64) -> Option<Number> {
    Some(Number::Int(i))
}

#[test]
fn one_column_rows_map_to_their_fields() {
    let found = extract(ONE_COLUMN);
    assert_eq!(value(&found, "legacy.proactive.total"), int(120));
    assert_eq!(value(&found, "legacy.proactive.website"), int(100));
    assert_eq!(value(&found, "legacy.proactive.wechat"), int(20));
    assert_eq!(value(&found, "legacy.requests.received"), int(4));
    assert_eq!(value(&found, "legacy.requests.online"), int(3));
    assert_eq!(value(&found, "legacy.staff.total"), int(3));
    assert_eq!(value(&found, "legacy.staff.part_time"), int(2));
    let total = field(&found, "legacy.proactive.total");
    assert_eq!(total.source, Source::Table);
    assert_eq!(&ONE_COLUMN[total.span.range()], "120");
    assert!(total.label.starts_with("（一）主动公开政府信息数"));
    assert!(found.flags.is_empty(), "{:?}", found.flags);
}

#[test]
fn blanks_and_placeholders_are_not_zero() {
    let found = extract(ONE_COLUMN);
    let blank = field(&found, "legacy.proactive.normative");
    assert_eq!(blank.value, None);
    assert!(blank.span.is_empty());
    assert_eq!(blank.raw, None);
    let slash = field(&found, "legacy.proactive.gazette");
    assert_eq!(slash.value, None);
    assert_eq!(&ONE_COLUMN[slash.span.range()], "/");
    assert_eq!(slash.raw.as_deref(), Some("/"));
    assert_eq!(value(&found, "legacy.review.other"), int(0));
    assert_eq!(value(&found, "legacy.suits.other"), None);
}

#[test]
fn review_and_suit_rows_take_their_section() {
    let found = extract(ONE_COLUMN);
    assert_eq!(value(&found, "legacy.review.total"), int(2));
    assert_eq!(value(&found, "legacy.review.corrected"), int(1));
    assert_eq!(value(&found, "legacy.suits.total"), int(1));
    assert_eq!(value(&found, "legacy.suits.upheld"), int(0));
    assert_eq!(value(&found, "legacy.suits.corrected"), int(1));
}

#[test]
fn money_is_decimal() {
    let found = extract(ONE_COLUMN);
    assert_eq!(
        value(&found, "legacy.fees"),
        Some(Number::Dec(Decimal::ZERO))
    );
    assert_eq!(value(&found, "legacy.budget"), Number::parse("1.5"));
    // A decimal point is plain printing, not something to keep raw.
    assert_eq!(field(&found, "legacy.budget").raw, None);
}

#[test]
fn rows_without_an_id_are_kept_unmapped() {
    let found = extract(ONE_COLUMN);
    let press = found
        .unmapped
        .iter()
        .find(|r| r.label.contains("新闻发布会"))
        .expect("press conference row kept");
    assert_eq!(press.cells, vec!["次", "3"]);
    assert!(ONE_COLUMN[press.span.range()].ends_with('3'));
    // Headings, the header and notes are no rows at all.
    assert!(found.unmapped.iter().all(|r| !r.label.contains("统 计")
        && !r.label.contains("主动公开情况")
        && !r.label.contains("填报")));
}

#[test]
fn a_repeated_row_does_not_overwrite_the_first() {
    let text = "政府信息公开情况统计表\n收到申请数 | 件 | 5 |\n收到申请数 | 件 | 9 |\n";
    let found = extract(text);
    assert_eq!(value(&found, "legacy.requests.received"), int(5));
    assert_eq!(found.unmapped.len(), 1);
}

#[test]
fn text_without_a_table_gives_nothing() {
    assert_eq!(
        extract("某局2015年政府信息公开工作年度报告。全年主动公开信息12条。"),
        Findings::default()
    );
    let mention = format!(
        "详见附件政府信息公开情况统计表。\n{}",
        "本机关继续做好信息公开工作。\n".repeat(40)
    );
    let mention = format!("{mention}收到申请数 | 件 | 5 |\n");
    assert_eq!(extract(&mention), Findings::default());
}

#[test]
fn the_table_ends_where_prose_resumes() {
    let text = format!("{ONE_COLUMN}\n说明一\n说明二\n说明三\n六、举报投诉数量 | 件 | 99 |\n");
    let found = extract(&text);
    assert!(!found.fields.contains_key("legacy.complaints"));
    assert!(found
        .unmapped
        .iter()
        .all(|r| !r.cells.contains(&"99".to_owned())));
}

#[test]
fn province_variants_map_channels() {
    let text = "\
政府信息公开情况统计表
统计指标 | 单位 | 统计数 |
三、依申请公开情况 | —— |
受理政府信息公开申请总数 | 件 | 6 |
其中：当面 | 件 | 1 |
网上 | 件 | 2 |
信函、传真 | 件 | 3 |
否决公开 | 件 | 0 |
";
    let found = extract(text);
    assert_eq!(value(&found, "legacy.requests.received"), int(6));
    assert_eq!(value(&found, "legacy.requests.in_person"), int(1));
    assert_eq!(value(&found, "legacy.requests.online"), int(2));
    assert_eq!(value(&found, "legacy.requests.letter"), int(3));
    assert_eq!(value(&found, "legacy.replies.refused.total"), int(0));
}

#[test]
fn full_width_digits_are_read_and_kept_raw() {
    let text = "政府信息公开情况统计表\n收到申请数 | 件 | １２ |\n";
    let f = field(&extract(text), "legacy.requests.received").clone();
    assert_eq!(f.value, int(12));
    assert_eq!(f.raw.as_deref(), Some("１２"));
    assert_eq!(&text[f.span.range()], "１２");
}

#[test]
fn two_column_rows_with_cells_take_this_years_value() {
    let text = "政府信息公开情况统计表\n统计指标 | 单位 | 本年度 | 历年累计 |\n主动公开政府信息数 | 条 | 40 | 310 |\n";
    let found = extract(text);
    assert_eq!(value(&found, "legacy.proactive.total"), int(40));
}

#[test]
fn a_glued_run_with_several_cuts_keeps_the_likeliest_marked_ambiguous_and_flagged() {
    let text = "政府信息公开情况统计表\n统计指标单位本年度历年累计\n一、主动公开情况——（一）主动公开信息数条6122057";
    let found = extract(text);
    let f = field(&found, "legacy.proactive.total");
    assert_eq!(f.value, int(612));
    assert_eq!(f.reading, crate::extract::Reading::Ambiguous);
    assert_eq!(f.alternatives, vec![Number::Int(6), Number::Int(61)]);
    assert_eq!(&text[f.span.range()], "612");
    assert_eq!(f.raw.as_deref(), Some("6122057"));
    let flag = &found.flags[0];
    assert_eq!(flag.kind, FlagKind::GluedRun);
    assert_eq!(flag.fields, vec!["legacy.proactive.total"]);
    assert_eq!(
        flag.candidates,
        vec![
            vec![Number::Int(6), Number::Int(122057)],
            vec![Number::Int(61), Number::Int(22057)],
            vec![Number::Int(612), Number::Int(2057)],
        ]
    );
}

#[test]
fn a_glued_run_with_one_cut_and_the_next_items_number() {
    let text = "政府信息公开情况统计表（本年度、历年累计）\n其中：主动公开规范性文件数条0142.政府网站公开政府信息数条5";
    let found = extract(text);
    let f = field(&found, "legacy.proactive.normative");
    assert_eq!(f.value, int(0));
    assert_eq!(&text[f.span.range()], "0");
    let website = field(&found, "legacy.proactive.website");
    assert_eq!(website.label, "2.政府网站公开政府信息数");
    assert_eq!(website.value, int(5));
}

#[test]
fn the_forms_sums_decide_between_cuts() {
    // 1325 is 1|325 or 13|25, 1120 is 1|120 or 11|20; with 25 = 2|5 only 13 = 2 + 11 and
    // 25 = 5 + 20 satisfy staff = full time + part time in both columns.
    let text = "政府信息公开情况统计表 本年度 历年累计\n从事政府信息公开工作人员数人1325专职人员数人25兼职人员数人1120";
    let found = extract(text);
    assert_eq!(value(&found, "legacy.staff.total"), int(13));
    assert_eq!(value(&found, "legacy.staff.full_time"), int(2));
    assert_eq!(value(&found, "legacy.staff.part_time"), int(11));
    let part = field(&found, "legacy.staff.part_time");
    assert_eq!(&text[part.span.range()], "11");
    assert!(found.flags.is_empty(), "{:?}", found.flags);
}

#[test]
fn a_single_cell_of_a_two_column_form_is_a_glued_run() {
    let text =
        "政府信息公开情况统计表\n统计指标 | 单位 | 本年度 | 历年累计 |\n收到申请数 | 件 | 014 |\n";
    let f = field(&extract(text), "legacy.requests.received").clone();
    assert_eq!(f.value, int(0));
    assert_eq!(&text[f.span.range()], "0");
    assert_eq!(f.raw.as_deref(), Some("014"));
}

#[test]
fn rows_after_the_review_block_leave_its_section() {
    let text = "政府信息公开情况统计表\n行政复议数量 | 件 | 1 |\n举报投诉数量 | 件 | 0 |\n其他情形数 | 件 | 3 |\n";
    let found = extract(text);
    assert_eq!(value(&found, "legacy.review.total"), int(1));
    assert!(!found.fields.contains_key("legacy.review.other"));
    assert!(found.unmapped.iter().any(|r| r.label == "其他情形数"));
}

#[test]
fn an_overlong_run_is_flagged_as_overflow() {
    let run = "9".repeat(40);
    for header in [
        "统计指标 | 单位 | 统计数 |",
        "统计指标 | 单位 | 本年度 | 历年累计 |",
    ] {
        let text = format!("政府信息公开情况统计表\n{header}\n收到申请数 | 件 | {run} |\n");
        let found = extract(&text);
        assert_eq!(value(&found, "legacy.requests.received"), None);
        assert_eq!(found.flags[0].kind, FlagKind::Overflow, "{header}");
        assert_eq!(&text[found.flags[0].span.range()], run);
    }
}

#[test]
fn reading_stops_after_a_forms_worth_of_rows() {
    let text = format!(
        "政府信息公开情况统计表\n{}",
        "某某数 | 件 | 1 |\n".repeat(1000)
    );
    let found = extract(&text);
    assert_eq!(found.unmapped.len(), MAX_TABLE_ROWS);
}

fn check_spans(text: &str, found: &Findings) {
    for f in found.fields.values() {
        assert!(f.span.slice(text).is_some(), "{f:?}");
    }
    for r in &found.unmapped {
        assert!(r.span.slice(text).is_some(), "{r:?}");
    }
    for f in &found.flags {
        assert!(f.span.slice(text).is_some(), "{f:?}");
    }
}

proptest! {
    #[test]
    fn random_text_never_panics(s in "\\PC{0,300}") {
        let text = format!("政府信息公开情况统计表\n{s}");
        check_spans(&text, &extract(&text));
        check_spans(&s, &extract(&s));
    }

    #[test]
    fn mutated_tables_never_panic(
        cut in 0usize..ONE_COLUMN.len(),
        len in 0usize..40,
        insert in "[|\\n0-9０-９—（）条件万元.、 ]{0,12}",
    ) {
        let mut text = ONE_COLUMN.to_owned();
        let start = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let end = (start + len..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        text.replace_range(start..end, &insert);
        check_spans(&text, &extract(&text));
    }

    #[test]
    fn glued_digit_runs_never_panic(digits in "[0-9]{1,60}", glue in "[.、]?") {
        let text = format!("政府信息公开情况统计表 本年度 历年累计\n收到申请数件{digits}{glue}当面申请数件{digits}");
        check_spans(&text, &extract(&text));
    }
}
