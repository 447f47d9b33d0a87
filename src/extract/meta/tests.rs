use proptest::prelude::*;

use super::*;

fn year_of(text: &str) -> Option<i32> {
    detect(text, None).year.map(|y| y.value)
}

fn agency_of(text: &str) -> Option<String> {
    detect(text, None).agency.map(|a| a.value)
}

#[test]
fn year_and_agency_from_a_title_with_the_agency_before_the_year() {
    let text = "网站首页 > 信息公开\n【打印】 【字体:大 中 小】\n分享到:\n\n青山市2016年政府信息公开工作年度报告\n\n来源:办公室  发布日期:2017-03-13 10:30\n正文。";
    let meta = detect(text, None);
    let year = meta.year.unwrap();
    assert_eq!(year.value, 2016);
    assert_eq!(&text[year.span.range()], "2016");
    let agency = meta.agency.unwrap();
    assert_eq!(agency.value, "青山市");
    assert_eq!(&text[agency.span.range()], "青山市");
}

#[test]
fn year_and_agency_from_a_department_title() {
    let text = "市文广委2016年度政务信息公开工作报告\n发布时间:2017-03-21 来源:办公室\n市文广委2016年度政务信息公开工作报告\n";
    assert_eq!(year_of(text), Some(2016));
    assert_eq!(agency_of(text).as_deref(), Some("市文广委"));
}

#[test]
fn agency_between_the_year_and_the_report_noun() {
    let text = "根据《条例》的有关规定,现向社会公布2020年白云市政府办公室信息公开工作年度报告。本年度报告中所列数据的统计期限自2020年1月1日至12月31日。";
    let meta = detect(text, None);
    assert_eq!(meta.year.unwrap().value, 2020);
    let agency = meta.agency.unwrap();
    assert_eq!(agency.value, "白云市政府办公室");
    assert_eq!(&text[agency.span.range()], "白云市政府办公室");
}

#[test]
fn a_line_of_year_and_name_names_the_body_in_full() {
    let text = "青山市2016年政府信息公开工作年度报告\n\n2016青山市人民政府办公厅\n\n政府信息公开工作年度工作报告\n";
    let agency = detect(text, None).agency.unwrap();
    assert_eq!(agency.value, "青山市人民政府办公厅");
    assert_eq!(&text[agency.span.range()], "青山市人民政府办公厅");
}

#[test]
fn the_statistics_period_gives_the_year() {
    let text = "某某工作总结\n报告中所列政府信息的统计期限自2017年1月1日起至2017年12月31日止。";
    let year = detect(text, None).year.unwrap();
    assert_eq!(year.value, 2017);
    assert_eq!(&text[year.span.range()], "2017");
}

#[test]
fn the_year_under_a_statistics_table() {
    let text = format!(
        "{}\n三、2017年政府信息公开工作思路\n附件\n政府信息公开情况统计表\n（2016年度）\n填报单位:西岭管委会 | ||\n",
        "我区认真落实上级文件精神，全面推进政务公开工作，取得了较好成效，群众满意度持续提高。"
    );
    let meta = detect(&text, Some(Format::LegacyTable));
    assert_eq!(meta.year.unwrap().value, 2016);
    let agency = meta.agency.unwrap();
    assert_eq!(agency.value, "西岭管委会");
    assert_eq!(&text[agency.span.range()], "西岭管委会");
    assert_eq!(meta.format, Format::LegacyTable);
}

#[test]
fn a_short_title_without_the_word_report() {
    let text = "公开单位:办公室 返回部门首页\n白云市2017年度政府信息公开工作\n\n年度报告\n";
    assert_eq!(year_of(text), Some(2017));
    assert_eq!(agency_of(text).as_deref(), Some("白云市"));
}

#[test]
fn chinese_and_full_width_year_numerals() {
    assert_eq!(
        year_of("青山县二〇一六年政府信息公开工作年度报告"),
        Some(2016)
    );
    assert_eq!(year_of("青山县二○一五年度政府信息公开工作报告"), Some(2015));
    let text = "青山县２０１４年政府信息公开工作年度报告";
    let year = detect(text, None).year.unwrap();
    assert_eq!(year.value, 2014);
    assert_eq!(&text[year.span.range()], "２０１４");
}

#[test]
fn publication_dates_are_not_the_year() {
    assert_eq!(
        year_of("发布日期:2017-03-13\n来源:办公室\n正文没有年份。"),
        None
    );
    assert_eq!(
        year_of("发布时间：2017年03月21日\n青山县2016年政府信息公开工作年度报告"),
        Some(2016)
    );
    assert_eq!(year_of("2017年3月1日，我局召开会议。"), None);
}

#[test]
fn navigation_and_share_lines_are_skipped() {
    let text = "您的位置：首页 > 青山县林业局2014年信息公开年报\n分享到：白云市2015年政府信息公开工作年度报告\n青山县2016年政府信息公开工作年度报告\n";
    assert_eq!(year_of(text), Some(2016));
    assert_eq!(agency_of(text).as_deref(), Some("青山县"));
}

#[test]
fn a_paragraph_opening_with_the_year_is_the_last_resort() {
    assert_eq!(year_of("2016年，我局认真落实各项要求。"), Some(2016));
}

#[test]
fn the_report_speaking_of_itself_is_no_agency() {
    let text = "现将我局2016年政府信息公开工作年度报告公布如下。";
    assert_eq!(agency_of(text), None);
    assert_eq!(year_of(text), Some(2016));
}

#[test]
fn a_title_without_a_year_still_names_the_agency() {
    let text = "青山县林业局政府信息公开工作年度报告\n";
    assert_eq!(agency_of(text).as_deref(), Some("青山县林业局"));
}

#[test]
fn format_is_the_tables_or_prose() {
    assert_eq!(detect("", None).format, Format::Prose);
    assert_eq!(
        detect("", Some(Format::Template2019)).format,
        Format::Template2019
    );
    let empty = detect("", None);
    assert!(empty.year.is_none() && empty.agency.is_none());
}

proptest! {
    #[test]
    fn any_text_gives_valid_spans(s in "\\PC{0,200}", n in "[0-9０-９〇一二]{0,6}") {
        let text = format!("{s}{n}年政府信息公开工作年度报告\n填报单位:{s}");
        let meta = detect(&text, None);
        if let Some(y) = meta.year {
            prop_assert!(y.span.slice(&text).is_some());
        }
        if let Some(a) = meta.agency {
            prop_assert_eq!(a.span.slice(&text), Some(a.value.as_str()));
        }
    }
}
