//! Saved web pages: which charset wins, what is not a report, and what counts as a page.

use std::path::Path;

use gouji::extract::extract;
use gouji::report::Report;
use gouji::value::Number;

/// A page declaring `charset` holding `body` and a small 统计表 (a 2008–2018 report's table).
fn page(charset: &str, body: &str) -> String {
    format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"></head>\
         <body><p>{body}</p><p>政府信息公开情况统计表</p><table>\
         <tr><td>统 计 指 标<td>单位<td>统计数\
         <tr><td>（一）主动公开政府信息数<td>条<td>40</tr>\
         <tr><td>（三）从事政府信息公开工作人员数<td>人<td>2\
         <tr><td>1.专职人员数<td>人<td>1<tr><td>2.兼职人员数<td>人<td>1</table></body></html>"
    )
}

fn load(name: &str, bytes: &[u8]) -> Report {
    Report::from_bytes(Path::new(name), bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_declared_big5_page_is_read_as_big5_not_guessed_as_gbk() {
    let html = "<html><head><meta charset=big5><title>政府資訊公開年報</title></head>\
                <body><p>政府資訊公開年報</p><table><tr><td>統計數<td>40</table></body></html>";
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(html);
    assert!(!unmappable);
    let report = load("a.html", &bytes);
    assert_eq!(report.encoding.name(), "Big5");
    assert!(report.text.contains("政府資訊公開年報"), "{}", report.text);
}

#[test]
fn valid_utf8_stays_utf8_whatever_the_page_declares() {
    let html = page("gb2312", "收到申请6件");
    let report = load("a.htm", html.as_bytes());
    assert_eq!(report.encoding.name(), "utf-8");
    assert!(report.text.contains("收到申请6件"));
}

#[test]
fn a_gbk_page_that_declares_utf8_is_still_decoded() {
    let html = page("utf-8", "收到申请6件");
    let (bytes, _, _) = encoding_rs::GBK.encode(&html);
    let report = load("a.html", &bytes);
    assert_eq!(report.encoding.name(), "gb18030");
    assert!(report.text.contains("收到申请6件"));
}

#[test]
fn the_table_cell_is_read_from_the_markup_and_its_span_points_at_it() {
    let html = page("utf-8", "青川县审计局2014年政府信息公开工作年度报告");
    let report = load("a.html", html.as_bytes());
    let e = extract(&report);
    let f = &e.fields["legacy.proactive.total"];
    assert_eq!(f.value, Some(Number::Int(40)));
    assert_eq!(f.span.slice(&report.text), Some("40"));
    assert_eq!(e.fields["legacy.staff.total"].value, Some(Number::Int(2)));
    assert!(report.text.contains("（一）主动公开政府信息数 | 条 | 40\n"));
}

#[test]
fn a_page_without_text_is_not_a_report_and_says_so() {
    let err = Report::from_bytes(
        Path::new("blank.html"),
        b"<html><head><script>var a=1;</script><style>p{}</style></head><body>  </body></html>",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("blank.html") && err.contains("web page without text"),
        "{err}"
    );
}

#[test]
fn markup_is_recognised_whatever_the_extension_and_plain_text_is_not_markup() {
    let html = format!("  <!DOCTYPE html>{}", page("utf-8", "报告"));
    let sniffed = load("saved.txt", html.as_bytes());
    assert_eq!(sniffed.document(), "html");
    assert!(!sniffed.text.contains("<p>"));
    let plain = load("notes.txt", "收到申请 <6> 件 | 6".as_bytes());
    assert_eq!(plain.document(), "text");
    assert_eq!(plain.text, "收到申请 <6> 件 | 6");
}
