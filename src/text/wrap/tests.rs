use proptest::prelude::*;

use super::*;
use crate::text::width::str_width;

/// Lines split at `\n`, as the report's index splits them.
struct Plain<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Plain<'a> {
    fn new(text: &'a str) -> Plain<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Plain { text, starts }
    }
}

impl Lines for Plain<'_> {
    fn text(&self) -> &str {
        self.text
    }
    fn line_count(&self) -> usize {
        self.starts.len()
    }
    fn line_range(&self, index: usize) -> Range<usize> {
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |n| n - 1);
        self.starts[index]..end
    }
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }
}

fn wrap(s: &str, width: usize) -> Vec<&str> {
    wrap_line(s, 0..s.len(), width)
        .into_iter()
        .map(|r| &s[r])
        .collect()
}

#[test]
fn han_text_breaks_between_characters_at_the_width() {
    assert_eq!(
        wrap("政府信息公开工作年度报告", 8),
        ["政府信息", "公开工作", "年度报告"]
    );
    // A wide character that would land on the last column moves to the next line.
    assert_eq!(wrap("政府信息公开", 7), ["政府信", "息公开"]);
}

#[test]
fn kinsoku_keeps_punctuation_off_line_starts_and_openers_off_line_ends() {
    let lines = wrap("收到申请六件，办结六件。", 12);
    assert_eq!(lines, ["收到申请六", "件，办结六", "件。"]);
    for line in wrap("共计（含转办）十件", 6) {
        assert!(!line.ends_with('（'), "{line}");
    }
}

#[test]
fn numbers_and_latin_words_stay_whole() {
    assert_eq!(wrap("共12,345件", 6), ["共", "12,345", "件"]);
    assert_eq!(
        wrap("see hhhtzfxxgk mail", 10),
        ["see ", "hhhtzfxxgk", " mail"]
    );
    // Longer than the line: broken at a character boundary.
    assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
}

#[test]
fn tabs_expand_and_narrow_widths_work() {
    assert_eq!(wrap("a\tb", 5), ["a\tb"]);
    assert_eq!(wrap("a\tb", 4), ["a\t", "b"]);
    assert_eq!(wrap("申请", 1), ["申", "请"]);
    assert_eq!(wrap("申请", 0), ["申", "请"]);
    assert_eq!(wrap("", 5), [""]);
}

#[test]
fn cache_wraps_lazily_and_scrolls_across_lines() {
    let text = "一二三四五六\n\nabc\n七八九十";
    let report = Plain::new(text);
    let mut cache = WrapCache::new(4);
    assert_eq!(cache.cached_lines(), 0);
    let top = cache.pos_of_offset(&report, 0);
    let rows = cache.rows_from(&report, top, 3);
    assert_eq!(
        rows.iter()
            .map(|(_, r)| &text[r.clone()])
            .collect::<Vec<_>>(),
        ["一二", "三四", "五六"]
    );
    assert_eq!(cache.cached_lines(), 1);
    let seven = text.find('七').unwrap();
    let pos = cache.pos_of_offset(&report, seven + 3);
    assert_eq!(pos, VisualPos { line: 3, row: 0 });
    assert_eq!(
        cache.advance(&report, top, 4),
        VisualPos { line: 2, row: 0 }
    );
    assert_eq!(
        cache.advance(&report, top, 100),
        VisualPos { line: 3, row: 1 }
    );
    assert_eq!(
        cache.retreat(&report, pos, 2),
        VisualPos { line: 1, row: 0 }
    );
    assert_eq!(cache.retreat(&report, pos, 100), VisualPos::default());
    cache.set_width(6);
    assert_eq!(cache.cached_lines(), 0);
}

#[test]
fn long_single_line_wraps_in_linear_work() {
    // 200 KB of alternating Han and digits: must finish promptly (a quadratic wrapper would
    // take minutes here); the property below checks the shape.
    let s = "收到申请12件。".repeat(10_000);
    let lines = wrap_line(&s, 0..s.len(), 37);
    assert_eq!(lines.iter().map(|r| r.len()).sum::<usize>(), s.len());
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[一-龥]{1,6}",
        "[a-zA-Z]{1,12}",
        "[0-9０-９]{1,8}",
        Just("，".to_owned()),
        Just("。".to_owned()),
        Just("（".to_owned()),
        Just("）".to_owned()),
        Just("“".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("\u{1}".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("😀".to_owned()),
        Just("|".to_owned()),
    ]
}

proptest! {
    #[test]
    fn visual_lines_fit_cover_and_respect_kinsoku(
        pieces in proptest::collection::vec(piece(), 0..40),
        width in 1usize..60,
    ) {
        let s: String = pieces.concat();
        let ranges = wrap_line(&s, 0..s.len(), width);
        let joined: String = ranges.iter().map(|r| &s[r.clone()]).collect();
        prop_assert_eq!(&joined, &s);
        for (i, r) in ranges.iter().enumerate() {
            let line = &s[r.clone()];
            let w = str_width(line);
            prop_assert!(w <= width || line.chars().count() == 1, "{:?} is {} wide", line, w);
            if i > 0 {
                let first = line.chars().next().unwrap();
                let prev_last = s[ranges[i - 1].clone()].chars().last().unwrap();
                // Forbidden starts/ends only when the previous line had no other break.
                let forced = NO_START.contains(first) || NO_END.contains(prev_last);
                if forced {
                    let prev = &s[ranges[i - 1].clone()];
                    let prev_with = format!("{prev}{first}");
                    prop_assert!(str_width(&prev_with) > width || prev.chars().count() <= 1,
                        "needless forbidden break before {:?} after {:?}", line, prev);
                }
            }
        }
    }
}

#[test]
fn columns_parted_by_spaces_look_laid_out_and_prose_does_not() {
    let table = "申请人情况      自然人    法人    总计\n".repeat(6);
    assert!(looks_laid_out(&table));
    let prose = "本机关依法公开政府信息，  全年共收到申请12件。\n".repeat(20);
    assert!(!looks_laid_out(&prose));
    let mostly_prose = format!("{}{}", "一行正文。\n".repeat(40), table);
    assert!(
        !looks_laid_out(&mostly_prose),
        "six table lines in forty-six"
    );
}
