use proptest::prelude::*;

use super::*;

/// Each row as its cells' texts, `^` for a place covered from above.
fn grid(page: &WebText) -> Vec<Vec<&str>> {
    page.rows
        .iter()
        .map(|row| {
            row.slots
                .iter()
                .map(|slot| match slot {
                    Slot::Cell { text, .. } => &page.text[text.clone()],
                    Slot::Covered { .. } => "^",
                })
                .collect()
        })
        .collect()
}

#[test]
fn rowspan_leaves_covered_places_and_colspan_does_not_add_cells() {
    let p = page(
        "<table><tr><td rowspan=3>三、结果<td colspan=2>（一）予以公开<td>3<td>4\
         <tr><td>1.国家秘密<td rowspan=2>0<td>5\
         <tr><td>2.其他<td>6</table>",
    );
    assert_eq!(
        grid(&p),
        [
            vec!["三、结果", "（一）予以公开", "3", "4"],
            vec!["^", "1.国家秘密", "0", "5"],
            vec!["^", "2.其他", "^", "6"],
        ]
    );
    // The covered place names the cell that covers it and sits on its own row's line.
    let Slot::Covered { at, origin } = &p.rows[2].slots[2] else {
        panic!("covered");
    };
    assert_eq!(&p.text[origin.clone()], "0");
    assert!(p.rows[2].line.contains(at));
}

#[test]
fn covered_places_at_the_end_of_a_row_and_rowspan_zero() {
    let p = page(
        "<table><tr><td>a<td rowspan=0>总<td rowspan=2>x\
         <tr><td>b\
         <tr><td>c</table>",
    );
    assert_eq!(
        grid(&p),
        [vec!["a", "总", "x"], vec!["b", "^", "^"], vec!["c", "^"]]
    );
}

#[test]
fn misaligned_spans_do_not_overlap_cells() {
    // The second row's colspan runs into the place covered from above; the covered place
    // is skipped over, never shown twice.
    let p = page(
        "<table><tr><td>a<td>b<td rowspan=2>c<td>d\
         <tr><td colspan=3>wide<td>e</table>",
    );
    assert_eq!(grid(&p), [vec!["a", "b", "c", "d"], vec!["wide", "e"]]);
}

#[test]
fn each_row_is_one_line_and_spans_point_at_what_is_shown() {
    let p = page(
        "<table><tr><th>商业<br>企业</th><td>\n  <p><span>1</span>\n</p> </td>\
         <td>&nbsp;</td><td>&lt;3&gt;</td></tr></table>",
    );
    assert_eq!(p.text, "商业 企业 | 1 |  | <3>\n");
    let row = &p.rows[0];
    assert_eq!(&p.text[row.line.clone()], "商业 企业 | 1 |  | <3>");
    assert_eq!(grid(&p), [vec!["商业 企业", "1", "", "<3>"]]);
}

#[test]
fn layout_tables_are_blocks_and_the_tables_inside_them_are_data() {
    let p = page(
        "<table><tr><td><p>标题</p>\
         <table><tr><td>规章<td>0</table>\
         <p>下文</td><td>侧栏</td></tr></table>",
    );
    assert_eq!(p.text, "标题\n规章 | 0\n下文\n侧栏\n");
    assert_eq!(grid(&p), [vec!["规章", "0"]]);
}

#[test]
fn hidden_elements_title_entities_and_whitespace() {
    let p = page(
        "<!DOCTYPE html><html><head><title>某局2023年报告</title>\
         <style>td{color:red}</style><script>var a = '<td>9</td>';</script></head>\
         <body><noscript>开启脚本</noscript><p>共收到\n   申请&#20843;件&#x3002;</p>\
         <div>一<br/>二</div><pre>甲  乙\n丙</pre><select><option>导航</select>尾</body></html>",
    );
    assert_eq!(
        p.text,
        "某局2023年报告\n共收到 申请八件。\n一\n二\n甲  乙\n丙\n尾\n"
    );
    assert!(p.rows.is_empty());
}

#[test]
fn declared_charsets() {
    let cases: [(&str, Option<&str>); 7] = [
        ("<meta charset=\"gb2312\">", Some("GBK")),
        (
            "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">",
            Some("GBK"),
        ),
        ("<meta charset='big5'/>", Some("Big5")),
        (
            "<meta http-equiv=content-type content=\"text/html;charset = utf-8\">",
            Some("UTF-8"),
        ),
        ("<meta charset=\"utf-16\">", Some("UTF-8")),
        (
            "<meta charset=\"klingon\"><meta charset=gb18030>",
            Some("gb18030"),
        ),
        ("<meta name=\"keywords\" content=\"charset\">", None),
    ];
    for (head, want) in cases {
        let got = declared_charset(head.as_bytes()).map(encoding_rs::Encoding::name);
        assert_eq!(got, want, "{head}");
    }
    let late = format!("{}<meta charset=big5>", " ".repeat(CHARSET_PRESCAN));
    assert_eq!(declared_charset(late.as_bytes()), None);
}

#[test]
fn html_is_told_by_name_or_by_its_opening() {
    use std::path::Path;
    assert!(is_html(Path::new("a/r.HTM"), b"plain"));
    assert!(is_html(Path::new("r.html"), b""));
    assert!(is_html(
        Path::new("r.txt"),
        b"\xEF\xBB\xBF \n<!DOCTYPE HTML PUBLIC"
    ));
    assert!(is_html(Path::new("r"), b"<html lang=zh>"));
    assert!(!is_html(Path::new("r.txt"), b"report <table>"));
}

#[test]
fn deep_nesting_and_huge_spans_stay_bounded() {
    // Deep enough that a recursive walk would exhaust the stack; html5ever's scope checks are
    // quadratic in depth, so much deeper only makes the test slow.
    let deep = format!(
        "{}深{}",
        "<div><span>".repeat(5_000),
        "</span></div>".repeat(5_000)
    );
    assert_eq!(page(&deep).text, "深\n");
    let spans = "<table><tr><td colspan=999999999 rowspan=999999999>a<td>b<tr><td>c</table>";
    assert_eq!(grid(&page(spans)), [vec!["a", "b"], vec!["^", "c"]]);
}

/// Pieces of markup, well-formed and not, for the property test.
fn markup_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<th>",
        "<td rowspan=2>",
        "<td colspan=3>",
        "<td rowspan=0>",
        "<p>",
        "</p>",
        "<br>",
        "<div>",
        "</div>",
        "<pre>",
        "</pre>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "&nbsp;",
        "&#",
        "&amp",
        "<",
        ">",
        "\n",
        " ",
        "|",
        "申请",
        "１２",
        "0",
        "5",
        "（一）予以公开",
        "<td",
        "\"",
        "<tbody>",
        "<caption>",
    ])
}

proptest! {
    #[test]
    fn any_markup_gives_rows_on_their_own_lines(pieces in prop::collection::vec(markup_piece(), 0..120)) {
        let html: String = pieces.concat();
        let p = page(&html);
        let mut last_end = 0;
        for row in &p.rows {
            prop_assert!(row.line.start >= last_end);
            last_end = row.line.end;
            let line = &p.text[row.line.clone()];
            prop_assert!(!line.contains('\n'));
            prop_assert_eq!(p.text.as_bytes().get(row.line.end), Some(&b'\n'));
            for slot in &row.slots {
                match slot {
                    Slot::Cell { text, .. } => {
                        prop_assert!(row.line.start <= text.start && text.end <= row.line.end);
                        prop_assert!(p.text.is_char_boundary(text.start) && p.text.is_char_boundary(text.end));
                    }
                    Slot::Covered { at, origin } => {
                        prop_assert!(row.line.contains(at) || *at == row.line.end);
                        prop_assert!(origin.end <= row.line.start);
                    }
                }
            }
        }
    }
}

/// The deepest element of the tree the page is parsed into.
fn depth(html: &str) -> usize {
    let document = parse(html);
    let mut deepest = 0;
    let mut open = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(_) => {
                open += 1;
                deepest = deepest.max(open);
            }
            Edge::Close(_) => open -= 1,
        }
    }
    deepest
}

#[test]
fn hostile_nesting_is_flattened_and_its_text_kept() {
    let limit = bound::MAX_DEPTH + 8;
    let hostile = [
        "<ul><li>".repeat(20_000),
        "<div>".repeat(20_000) + "深处的文字",
        "<b>".repeat(20_000),
        "<font><center>".repeat(10_000),
        // Constructions where a naive count would see the nesting closed but the parser
        // keeps it open: a block inside a formatting element, a list inside a list item, a
        // body that is never closed.
        "<a><div></a>".repeat(10_000),
        "<li><ul></li>".repeat(10_000),
        "<div></body>".repeat(10_000),
        "<table><tr><td>".repeat(10_000),
        "<svg><g>".repeat(10_000),
    ];
    for html in &hostile {
        let d = depth(html);
        assert!(d <= limit, "{}…: depth {d}", &html[..20]);
    }
    assert!(page(&hostile[1]).text.contains("深处的文字"));
}

#[test]
fn a_tag_keeps_a_bounded_number_of_attributes() {
    let attrs: String = (0..20_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let html = format!("<p{attrs}>文字</p><p class=x>后</p>");
    let document = parse(&html);
    let most = document
        .tree
        .nodes()
        .filter_map(|n| n.value().as_element())
        .map(|el| el.attrs().count())
        .max()
        .unwrap();
    assert_eq!(most, bound::MAX_ATTRIBUTES);
    let p = page(&html);
    assert_eq!(p.text, "文字\n后\n");
}

#[test]
fn pages_within_the_limits_are_parsed_as_written() {
    let sloppy = [
        "<p>一<p>二<ul><li>a<li>b<li><ul><li>c</ul></ul><dl><dt>x<dd>y</dl>",
        "<table><tr><td>1<td>2<tr><td>3</table><a href=1>x<a href=2>y",
        "<font color=red>红<font>再</font></font><b><p>x</b>y</p>",
        "<script>if (a<b) { x = '<div>'; }</script><!-- <div> --><textarea><p></textarea>",
        "<svg><circle/><style><div></style></svg><select><option>1<option>2</select>",
    ];
    for html in sloppy {
        assert!(
            matches!(bound::bound(html), std::borrow::Cow::Borrowed(_)),
            "{html}"
        );
    }
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                matches!(bound::bound(&text), std::borrow::Cow::Borrowed(_)),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn tall_cells_cover_a_bounded_number_of_places() {
    let html = format!(
        "<table>{}</table>",
        "<tr><td rowspan=65534 colspan=1000>1<td>2".repeat(2_000)
    );
    let p = page(&html);
    let covered: usize = p
        .rows
        .iter()
        .map(|r| {
            r.slots
                .iter()
                .filter(|s| matches!(s, Slot::Covered { .. }))
                .count()
        })
        .sum();
    assert!(covered <= 4 * 4_000 + 64, "{covered} covered places");
}
