//! The year a report covers, the agency that wrote it, and its format.
//!
//! Both come from the title or the first lines (`某某市2016年政府信息公开工作年度报告`,
//! `2016某某市人民政府办公厅`), else from the statement of the statistics period
//! (`统计期限自2020年1月1日`), the year under a 统计表 (`（2016年度）`) or its 填报单位. Pages
//! copied from the web start with navigation, print buttons and a publication date: those
//! lines are skipped, and dates such as `2017-03-13` never count as a year.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{Located, Meta};
use crate::fields::Format;
use crate::text::numbers::{is_digit, normalize_char, parse_chinese_numeral};
use crate::value::Span;

/// How much of the text holds the title and first lines.
const HEAD_BYTES: usize = 16 * 1024;
const HEAD_LINES: usize = 40;
/// A title stands on a short line; a longer line is a paragraph that mentions a year.
const TITLE_LINE_CHARS: usize = 60;

const YEAR: &str = "(?:[12１２][0-9０-９]{3}|[一二][〇○零一二三四五六七八九]{3})";
/// `政府信息公开工作年度报告`, `政务信息公开工作报告`, `信息公开年报`, …
const REPORT_NOUN: &str = "(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)";

/// Lines of web-page debris: navigation, print buttons, the publication line.
const DEBRIS: [&str; 16] = [
    "打印",
    "关闭",
    "来源:",
    "来源：",
    "发布日期",
    "发布时间",
    "分享到",
    "浏览量",
    "点击量",
    "阅读量",
    "首页",
    ">",
    "返回",
    "字体",
    "当前位置",
    "您的位置",
];

/// How the names of reporting bodies end.
const AGENCY_ENDINGS: [&str; 27] = [
    "市", "县", "区", "省", "旗", "盟", "州", "镇", "乡", "委", "局", "厅", "办", "院", "会", "府",
    "室", "处", "署", "中心", "所", "站", "队", "街道", "公司", "部", "馆",
];

/// Words that end the sentence before an agency's name (`现向社会公布2020年某某局…`).
const LEAD_INS: [&str; 6] = ["公布", "现将", "关于", "发布", "印发", "根据"];

struct Patterns {
    /// `YEAR年度 [agency] 信息公开工作年度报告`.
    title: Regex,
    report_noun: Regex,
    /// A short title line without 报告: `某某市2017年度政府信息公开工作`.
    short_title: Regex,
    /// `2016某某市人民政府办公厅` alone on a line.
    year_agency_line: Regex,
    period: Regex,
    bracketed_year: Regex,
    /// A paragraph opening with the year (`2016年，我局…`), not a date (`2017年3月`).
    opening_year: Regex,
    filled_by: Regex,
    section_number: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("meta pattern compiles");
        Patterns {
            title: re(&format!(
                r"({YEAR})\s*年度?\s*([^\s，。,;；:：、|《》“”<>]{{0,30}}?){REPORT_NOUN}"
            )),
            report_noun: re(REPORT_NOUN),
            short_title: re(&format!(r"({YEAR})\s*年度?.{{0,30}}?(?:信息公开|政务公开)")),
            year_agency_line: re(&format!(
                r"^({YEAR})\s*(?:年度?)?\s*(\p{{Han}}[\p{{Han}}（）()·]{{1,30}})$"
            )),
            period: re(&format!(
                r"统计(?:期限|时限|时间|区间|期间)[^\n。]{{0,10}}?({YEAR})\s*年"
            )),
            bracketed_year: re(&format!(r"[(（]\s*({YEAR})\s*年度?\s*[)）]")),
            opening_year: re(&format!(r"^({YEAR})\s*年度?(?:[^0-9０-９月]|$)")),
            filled_by: re(r"填报单位\s*[:：]\s*([^|\s]{1,40})"),
            section_number: re(
                r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.、])",
            ),
        }
    })
}

pub fn detect(text: &str, table_format: Option<Format>) -> Meta {
    let head = head_lines(text);
    Meta {
        format: table_format.unwrap_or(Format::Prose),
        year: year(text, &head),
        agency: agency(text, &head),
    }
}

/// A line of the head with its byte offset in the text.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

impl Line<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.start + r.start, self.start + r.end)
    }

    fn is_short(&self) -> bool {
        self.text.chars().count() <= TITLE_LINE_CHARS
    }
}

fn head_lines(text: &str) -> Vec<Line<'_>> {
    let end = (0..=HEAD_BYTES.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text[..end].split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        // A web page flattened into one line keeps its blocks apart by spaces: each block
        // is a line of its own, so the navigation around a title does not hide it.
        let long = raw.trim().chars().count() > TITLE_LINE_CHARS;
        let pieces: Vec<(usize, &str)> = if long { blocks(raw) } else { vec![(0, raw)] };
        for (at, piece) in pieces {
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() || DEBRIS.iter().any(|d| trimmed.contains(d)) {
                continue;
            }
            lines.push(Line {
                text: trimmed,
                start: line_start + at + lead,
            });
            if lines.len() == HEAD_LINES {
                return lines;
            }
        }
    }
    lines
}

/// The runs of a line between whitespace, with their offsets.
fn blocks(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

fn year(text: &str, head: &[Line]) -> Option<Located<i32>> {
    let p = patterns();
    let in_head = |re: &Regex, title_like: bool| {
        head.iter()
            .filter(|l| !title_like || (l.is_short() && !p.section_number.is_match(l.text)))
            .find_map(|l| located_year(re, l.text).map(|(y, r)| (y, l.span(r))))
    };
    let in_text = |re: &Regex| located_year(re, text).map(|(y, r)| (y, Span::from(r)));
    // Most telling first: a title names the year it reports on and the statistics period
    // states it; a heading, the 统计表's 年度 or a paragraph's opening year only imply it.
    let (value, span) = in_head(&p.title, false)
        .or_else(|| in_text(&p.period))
        .or_else(|| in_head(&p.short_title, true))
        .or_else(|| in_text(&p.bracketed_year))
        .or_else(|| in_head(&p.year_agency_line, false))
        .or_else(|| in_head(&p.opening_year, false))?;
    Some(Located { value, span })
}

/// The first match of `re` whose group 1 is a plausible year, with that group's range.
fn located_year(re: &Regex, hay: &str) -> Option<(i32, Range<usize>)> {
    re.captures_iter(hay).find_map(|c| {
        let m = c.get(1)?;
        parse_year(m.as_str()).map(|y| (y, m.range()))
    })
}

/// `2016`, `２０１６`, `二〇一六`.
fn parse_year(s: &str) -> Option<i32> {
    let mut year: i32 = 0;
    for c in s.chars() {
        let digit = if is_digit(c) {
            normalize_char(c).to_digit(10)?
        } else if c == '○' {
            0
        } else {
            let mut buf = [0u8; 4];
            u32::try_from(parse_chinese_numeral(c.encode_utf8(&mut buf))?)
                .ok()
                .filter(|&d| d <= 9)?
        };
        year = year
            .checked_mul(10)?
            .checked_add(i32::try_from(digit).ok()?)?;
    }
    (2000..=2100).contains(&year).then_some(year)
}

fn agency(text: &str, head: &[Line]) -> Option<Located<String>> {
    // A line that is only the year and a name states the body most fully
    // (`2016某某市人民政府办公厅` under the title `某某市2016年…报告`).
    let named = [agency_after_year, agency_in_title];
    if let Some(found) = named.iter().find_map(|read| {
        head.iter()
            .find_map(|l| read(l).map(|r| located(l.text, r, l.start)))
    }) {
        return Some(found);
    }
    // A title set in two lines: the agency alone above the year and the report noun.
    let p = patterns();
    if let Some(pair) = head.windows(2).find(|pair| {
        is_agency(pair[0].text)
            && (p.title.is_match(pair[1].text) || p.short_title.is_match(pair[1].text))
    }) {
        return Some(located(pair[0].text, 0..pair[0].text.len(), pair[0].start));
    }
    let c = patterns().filled_by.captures(text)?;
    let m = c.get(1)?;
    Some(located(text, m.range(), 0))
}

fn agency_after_year(l: &Line) -> Option<Range<usize>> {
    let c = patterns().year_agency_line.captures(l.text)?;
    c.get(2)
        .filter(|m| is_agency(m.as_str()))
        .map(|m| m.range())
}

/// The agency a title names: before its year, or between the year and 信息公开工作年度报告.
fn agency_in_title(l: &Line) -> Option<Range<usize>> {
    let p = patterns();
    if let Some(c) = p.title.captures(l.text) {
        let year_start = c.get(1)?.start();
        return agency_before(l.text, year_start).or_else(|| {
            let mid = c.get(2)?;
            is_agency(mid.as_str()).then(|| mid.range())
        });
    }
    if !l.is_short() {
        return None;
    }
    if let Some(c) = p.short_title.captures(l.text) {
        return agency_before(l.text, c.get(1)?.start()).or_else(|| {
            // `2024 年某某委政府信息公开工作`, the noun wrapped onto the next line.
            let whole = c.get(0)?;
            let after_year = l.text[c.get(1)?.end()..whole.end()]
                .trim_start_matches(|ch: char| ch.is_whitespace() || ch == '年' || ch == '度');
            let from = whole.end() - after_year.len();
            let to = ["政府信息公开", "政务信息公开", "信息公开", "政务公开"]
                .iter()
                .find_map(|n| l.text[from..whole.end()].find(n).map(|i| from + i))?;
            is_agency(&l.text[from..to]).then_some(from..to)
        });
    }
    p.report_noun
        .find(l.text)
        .and_then(|m| agency_before(l.text, m.start()))
}

fn located(hay: &str, range: Range<usize>, offset: usize) -> Located<String> {
    Located {
        value: hay.get(range.clone()).unwrap_or_default().to_owned(),
        span: Span::new(offset + range.start, offset + range.end),
    }
}

/// The agency name that ends at `end`: the run of Han characters before it, after any
/// lead-in words, if it ends like a body's name.
fn agency_before(line: &str, end: usize) -> Option<Range<usize>> {
    let before = line.get(..end)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_name_char(c))
        .last()
        .map_or(end, |(i, _)| i);
    let run = &line[start..end];
    let start = LEAD_INS
        .iter()
        .filter_map(|w| run.rfind(w).map(|i| start + i + w.len()))
        .max()
        .unwrap_or(start);
    is_agency(&line[start..end]).then_some(start..end)
}

fn is_name_char(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '（' | '）' | '(' | ')' | '·')
}

fn is_agency(name: &str) -> bool {
    let chars = name.chars().count();
    // `我局`, `本委`: the report speaking of itself, not a name.
    let self_reference = ["我", "本", "该"].iter().any(|w| name.starts_with(w));
    !self_reference
        && (2..=30).contains(&chars)
        && name.chars().all(is_name_char)
        && AGENCY_ENDINGS.iter().any(|e| name.ends_with(e))
}

#[cfg(test)]
mod tests;
