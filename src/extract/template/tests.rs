use super::*;
use crate::extract::FlagKind;
use crate::value::Number;

/// Builds a flattened 表三 from rows of seven numbers, one cell per line, with the debris the
/// real pages leave.
fn t3_text(rows: &[(&str, [&str; 7])]) -> String {
    let mut s = String::from(
        "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |\n申请人情况 |\n||||||||\n自 然 人 |\n法人或其他组织 |\n总计 |\n商业 企业 |\n科研 机构 |\n社会公益组织 |\n法律服务机构 |\n其他 |\n",
    );
    for (label, cells) in rows {
        s.push_str(&format!("{label} |\n"));
        for c in cells {
            s.push_str(&format!("{c} |\n"));
        }
        s.push_str("||\n");
    }
    s
}

const Z: [&str; 7] = ["0"; 7];

fn v(found: &Findings, id: &str) -> Option<Number> {
    found
        .fields
        .get(id)
        .unwrap_or_else(|| panic!("{id} missing"))
        .value
}

fn rows_2021() -> Vec<(&'static str, [&'static str; 7])> {
    vec![
        (
            "一、本年新收政府信息公开申请数量",
            ["3", "1", "0", "0", "0", "0", "4"],
        ),
        ("二、上年结转政府信息公开申请数量", Z),
        ("（一）予以公开", ["2", "1", "0", "0", "0", "0", "3"]),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            Z,
        ),
        ("（三）不予公开 |\n1.属于国家秘密", Z),
        ("2.其他法律行政法规禁止公开", Z),
        ("3.危及“三安全一稳定”", Z),
        ("4.保护第三方合法权益", Z),
        ("5.属于三类内部事务信息", Z),
        ("6.属于四类过程性信息", Z),
        ("7.属于行政执法案卷", Z),
        ("8.属于行政查询事项", Z),
        ("（四）无法提供 |\n1.本机关不掌握相关政府信息", Z),
        ("2.没有现成信息需要另行制作", Z),
        ("3.补正后申请内容仍不明确", Z),
        ("（五）不予处理 |\n1.信访举报投诉类申请", Z),
        ("2.重复申请", Z),
        ("3.要求提供公开出版物", Z),
        ("4.无正当理由大量反复申请", Z),
        ("5.要求行政机关确认或重新出具已获取信息", Z),
        (
            "（六）其他处理 |\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            Z,
        ),
        (
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            Z,
        ),
        ("3.其他", ["1", "0", "0", "0", "0", "0", "1"]),
        ("（七）总计", ["3", "1", "0", "0", "0", "0", "4"]),
        ("四、结转下年度继续办理", Z),
    ]
}

#[test]
fn a_2021_table_one_cell_per_line() {
    let text = t3_text(&rows_2021());
    let (format, found) = extract(&text).unwrap();
    assert_eq!(format, Format::Template2021);
    assert_eq!(v(&found, "t3.new.person"), Some(Number::Int(3)));
    assert_eq!(v(&found, "t3.new.total"), Some(Number::Int(4)));
    assert_eq!(v(&found, "t3.other.misc.person"), Some(Number::Int(1)));
    assert_eq!(v(&found, "t3.total.business"), Some(Number::Int(1)));
    assert_eq!(
        found.fields.keys().filter(|k| k.starts_with("t3.")).count(),
        25 * 7
    );
    let span = found.fields["t3.new.total"].span;
    assert_eq!(&text[span.range()], "4");
    assert!(found.flags.is_empty(), "{:?}", found.flags);
    assert!(found.unmapped.is_empty(), "{:?}", found.unmapped);
}

#[test]
fn several_cells_per_line_placeholders_and_full_width_digits() {
    let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | ２ | / | — | 无 | 0 |  | 2 |\n二、上年结转政府信息公开申请数量\t0 0 0 0 0 0 0\n";
    let (_, found) = extract(text).unwrap();
    assert_eq!(v(&found, "t3.new.person"), Some(Number::Int(2)));
    assert_eq!(found.fields["t3.new.person"].raw.as_deref(), Some("２"));
    assert_eq!(v(&found, "t3.new.business"), None);
    assert_eq!(found.fields["t3.new.business"].raw.as_deref(), Some("/"));
    assert_eq!(v(&found, "t3.new.nonprofit"), None);
    assert_eq!(v(&found, "t3.new.law_firm"), Some(Number::Int(0)));
    assert_eq!(v(&found, "t3.new.other_org"), None, "a blank cell is not 0");
    assert_eq!(v(&found, "t3.new.total"), Some(Number::Int(2)));
    assert_eq!(v(&found, "t3.carried_over.total"), Some(Number::Int(0)));
}

#[test]
fn a_row_missing_a_cell_keeps_its_neighbours_intact() {
    let mut rows = rows_2021();
    rows[16].1 = ["0"; 7];
    let mut text = t3_text(&rows);
    // The 重复申请 row loses one cell.
    text = text.replacen("2.重复申请 |\n0 |\n", "2.重复申请 |\n", 1);
    let (_, found) = extract(&text).unwrap();
    let flag = found
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::MissingCell)
        .unwrap();
    assert!(flag.fields.contains(&"t3.rejected.repeat.total".to_owned()));
    assert_eq!(
        v(&found, "t3.rejected.publication.person"),
        Some(Number::Int(0))
    );
    assert_eq!(
        v(&found, "t3.rejected.publication.total"),
        Some(Number::Int(0))
    );
    let nulls = (0..7)
        .filter(|i| {
            v(
                &found,
                &crate::fields::t3_id("rejected.repeat", crate::fields::T3_COLUMNS[*i].0),
            )
            .is_none()
        })
        .count();
    assert_eq!(nulls, 1);
}

#[test]
fn a_missing_cell_goes_where_the_sums_hold() {
    let mut rows = rows_2021();
    rows[0].1 = ["3", "1", "3", "0", "0", "0", "7"];
    rows[2].1 = ["2", "1", "3", "0", "0", "0", "6"];
    rows[23].1 = ["3", "1", "3", "0", "0", "0", "7"];
    let text =
        t3_text(&rows).replacen("（一）予以公开 |\n2 |\n1 |\n", "（一）予以公开 |\n2 |\n", 1);
    let (_, found) = extract(&text).unwrap();
    // Without the business cell the sums only hold with the gap in the business column.
    assert_eq!(v(&found, "t3.granted.person"), Some(Number::Int(2)));
    assert_eq!(v(&found, "t3.granted.business"), None);
    assert_eq!(v(&found, "t3.granted.research"), Some(Number::Int(3)));
    assert_eq!(v(&found, "t3.granted.total"), Some(Number::Int(6)));
}

#[test]
fn glued_runs_split_by_the_row_sum_or_are_flagged() {
    let mut rows = rows_2021();
    rows[0].1 = ["3", "1", "0", "0", "0", "0", "4"];
    let text = t3_text(&rows).replacen(
        "一、本年新收政府信息公开申请数量 |\n3 |\n1 |\n0 |\n0 |\n0 |\n0 |\n4 |\n",
        "一、本年新收政府信息公开申请数量 |\n3100004 |\n",
        1,
    );
    let (_, found) = extract(&text).unwrap();
    assert_eq!(v(&found, "t3.new.person"), Some(Number::Int(3)));
    assert_eq!(v(&found, "t3.new.business"), Some(Number::Int(1)));
    assert_eq!(v(&found, "t3.new.total"), Some(Number::Int(4)));
    assert_eq!(&text[found.fields["t3.new.total"].span.range()], "4");

    let ambiguous = t3_text(&rows_2021()).replacen(
        "（一）予以公开 |\n2 |\n1 |\n0 |\n0 |\n0 |\n0 |\n3 |\n",
        "（一）予以公开 |\n111101014 |\n",
        1,
    );
    let (_, found) = extract(&ambiguous).unwrap();
    assert_eq!(v(&found, "t3.granted.person"), None);
    let flag = found
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::GluedRun)
        .unwrap();
    assert!(flag.candidates.len() > 1);
    assert_eq!(flag.fields.len(), 7);
}

#[test]
fn t4_fifteen_cells_and_t2_2019() {
    let text = "二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n规章 |\n1 |\n1 |\n5 |\n规范性文件 |\n2 |\n2 |\n30 |\n第二十条第（九）项 |\n信息内容 |\n采购项目数量 |\n采购总金额 |\n政府集中采购 |\n3 |\n12.5 |\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n行政复议 |\n行政诉讼 |\n结果维持 |\n总计 |\n|||||\n1 |\n0 |\n0 |\n0 |\n1 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n1 |\n1 |\n五、存在的主要问题及改进情况\n";
    let (format, found) = extract(text).unwrap();
    assert_eq!(format, Format::Template2019);
    assert_eq!(v(&found, "t2.rules.total"), Some(Number::Int(5)));
    assert_eq!(v(&found, "t2.normative.made"), Some(Number::Int(2)));
    assert_eq!(v(&found, "t2.procurement.amount"), Number::parse("12.5"));
    assert_eq!(v(&found, "t4.review.upheld"), Some(Number::Int(1)));
    assert_eq!(v(&found, "t4.review.total"), Some(Number::Int(1)));
    assert_eq!(
        v(&found, "t4.suit_after_review.pending"),
        Some(Number::Int(1))
    );
    assert_eq!(
        v(&found, "t4.suit_after_review.total"),
        Some(Number::Int(1))
    );
    assert!(found.unmapped.is_empty(), "{:?}", found.unmapped);
}

#[test]
fn t4_as_one_glued_run() {
    let text = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n四、行政复议、行政诉讼情况\n行政复议 |\n101020000000000 |\n";
    let (_, found) = extract(text).unwrap();
    assert_eq!(v(&found, "t4.review.upheld"), Some(Number::Int(1)));
    assert_eq!(v(&found, "t4.review.corrected"), Some(Number::Int(0)));
    assert_eq!(v(&found, "t4.review.other"), Some(Number::Int(1)));
    assert_eq!(v(&found, "t4.review.total"), Some(Number::Int(2)));
}

#[test]
fn unmapped_rows_are_kept_and_long_numbers_flagged() {
    let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n（八）转为信访件处理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n二、上年结转政府信息公开申请数量 | 1234567890123456789012345678901234567890 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    let (_, found) = extract(text).unwrap();
    assert_eq!(found.unmapped.len(), 1);
    assert_eq!(found.unmapped[0].label, "（八）转为信访件处理");
    assert_eq!(found.unmapped[0].cells.len(), 7);
    assert_eq!(v(&found, "t3.carried_over.person"), None);
    assert!(found.flags.iter().any(|f| f.kind == FlagKind::Overflow));
}

#[test]
fn prose_without_tables_is_not_a_template() {
    assert!(extract("本机关2016年共收到申请3件，均已答复。\n规章制度健全。").is_none());
    assert!(extract("").is_none());
}

proptest::proptest! {
    #[test]
    fn never_panics_on_mutated_tables(cut in 0usize..4000, junk in "[0-9|一二（）\\n ]{0,40}", pos in 0usize..4000) {
        let mut text = t3_text(&rows_2021());
        let cut = cut.min(text.len());
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.truncate(cut);
        let pos = pos.min(text.len());
        let pos = (0..=pos).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(pos, &junk);
        if let Some((_, found)) = extract(&text) {
            for f in found.fields.values() {
                proptest::prop_assert!(f.span.slice(&text).is_some());
            }
        }
    }

    #[test]
    fn never_panics_on_random_text(s in "\\PC{0,300}") {
        let _ = extract(&s);
    }
}
