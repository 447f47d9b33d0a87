//! Reading the numbers reports print: ASCII and full-width digits, Chinese numerals, money
//! with a decimal point, and the placeholders that mean "not reported".

use crate::value::Number;

/// What one table cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    Number(Number),
    /// Printed empty.
    Blank,
    /// `/`, `—`, `无`, `不适用` and the like: not reported, distinct from 0.
    Placeholder,
    /// A digit run too long for a count (a glued run or a 40-digit number): kept as text.
    Overflow(String),
    /// Anything else (a label, a unit).
    Text,
}

/// Placeholders that stand for "not reported".
const PLACEHOLDERS: [&str; 12] = [
    "/",
    "／",
    "—",
    "——",
    "-",
    "--",
    "－",
    "无",
    "不适用",
    "空",
    "\\",
    "、",
];

/// Classifies one cell's text. Surrounding whitespace (ASCII and ideographic) is ignored.
pub fn classify_cell(raw: &str) -> CellValue {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if t.is_empty() {
        return CellValue::Blank;
    }
    if PLACEHOLDERS.contains(&t) || t.chars().all(|c| matches!(c, '—' | '-' | '－' | '─')) {
        return CellValue::Placeholder;
    }
    // Most cells are labels and prose: turn them away before building a normalised copy.
    // A number holds digits, points, commas and signs only, in either width.
    if !t
        .chars()
        .all(|c| matches!(normalize_char(c), '0'..='9' | '.' | ',' | '+' | '-'))
    {
        return CellValue::Text;
    }
    let normalized = normalize_digits(t);
    let n = normalized.trim_start_matches(['+', '-']);
    if !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        if n.bytes().filter(|&b| b == b'.').count() > 1 {
            return CellValue::Text;
        }
        return match parse_ascii_number(&normalized) {
            Some(num) => CellValue::Number(num),
            None => CellValue::Overflow(normalized),
        };
    }
    CellValue::Text
}

/// Full-width digits, signs and point to ASCII; everything else unchanged.
pub fn normalize_digits(s: &str) -> String {
    s.chars().map(normalize_char).collect()
}

pub fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// Is `c` a digit in either width?
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Parses an ASCII number with optional sign, thousands commas and one decimal point.
/// Integers beyond 15 digits are refused: no count in a report is that large, and such a run
/// is glued cells or garbage that must stay visible as text.
pub fn parse_ascii_number(s: &str) -> Option<Number> {
    let cleaned: String = s.chars().filter(|&c| c != ',').collect();
    let digits = cleaned.trim_start_matches(['+', '-']);
    let int_part = digits.split('.').next().unwrap_or("");
    if int_part.len() > 15 || digits.is_empty() {
        return None;
    }
    Number::parse(cleaned.trim_start_matches('+'))
}

/// Value of a Chinese numeral such as `一`, `十二`, `两百零五`, `三千`; `None` if `s` is not one.
pub fn parse_chinese_numeral(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut digit: Option<i64> = None;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section += digit.take().unwrap_or(0);
            total = total.checked_add(section.checked_mul(unit)?)?;
            section = 0;
        } else {
            // A bare 十 at the start means 1×10.
            section = section.checked_add(digit.take().unwrap_or(1).checked_mul(unit)?)?;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Is `c` part of a Chinese numeral?
pub fn is_chinese_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || matches!(c, '十' | '拾' | '百' | '佰' | '千' | '仟' | '万')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(classify_cell(" 6 "), CellValue::Number(Number::Int(6)));
        assert_eq!(classify_cell("６"), CellValue::Number(Number::Int(6)));
        assert_eq!(classify_cell("1,234"), CellValue::Number(Number::Int(1234)));
        assert_eq!(classify_cell("-3"), CellValue::Number(Number::Int(-3)));
        assert_eq!(
            classify_cell("92.1"),
            CellValue::Number(Number::parse("92.1").unwrap())
        );
        assert_eq!(classify_cell(""), CellValue::Blank);
        assert_eq!(classify_cell("\u{3000}"), CellValue::Blank);
        for p in ["/", "—", "——", "无", "不适用", "－"] {
            assert_eq!(classify_cell(p), CellValue::Placeholder, "{p}");
        }
        let forty = "1".repeat(40);
        assert_eq!(classify_cell(&forty), CellValue::Overflow(forty.clone()));
        assert_eq!(classify_cell("规章"), CellValue::Text);
        assert_eq!(classify_cell("1.2.3"), CellValue::Text);
    }

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("两百零五", 205),
            ("三千", 3000),
            ("一万二千", 12000),
            ("〇", 0),
        ] {
            assert_eq!(parse_chinese_numeral(s), Some(n), "{s}");
        }
        assert_eq!(parse_chinese_numeral("件"), None);
        assert_eq!(parse_chinese_numeral(""), None);
        // Long runs of units stay bounded and never overflow.
        let _ = parse_chinese_numeral(&"九千万".repeat(30));
    }
}
