//! Display width, and how each character is shown: tabs expanded, control characters made
//! visible, bidirectional controls dropped so they cannot reorder the screen. Never measure
//! with `len()` or `chars().count()`.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Columns a tab stop spans.
pub const TAB: usize = 4;

/// What one character becomes on screen at `column` (relative to its visual line's start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub width: usize,
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Width of `c` shown at `column`, without building its text.
pub fn shown_width(c: char, column: usize) -> usize {
    match c {
        '\t' => TAB - column % TAB,
        '\r' => 0,
        c if is_bidi_control(c) => 0,
        c if c.is_control() => 1,
        c => c.width().unwrap_or(0),
    }
}

pub fn shown(c: char, column: usize) -> Shown {
    let width = shown_width(c, column);
    let text = match c {
        '\t' => " ".repeat(width),
        '\r' => String::new(),
        c if is_bidi_control(c) => String::new(),
        // C0 controls have visible pictures at U+2400; DEL at U+2421.
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('�').to_string(),
        '\u{7F}' => "␡".to_owned(),
        c if c.is_control() => "�".to_owned(),
        c => c.to_string(),
    };
    Shown { text, width }
}

/// `s` with every control character — C0 (newline and tab too), DEL and C1 — replaced by the
/// stand-in the report pane shows (`␛` for ESC, `␊` for a newline, `�` for C1): a report's
/// sentences and file names printed by a batch command can neither move the cursor nor
/// send escape sequences to the terminal, nor break a line in two.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
                '\u{7F}' => '␡',
                c if c.is_control() => '�',
                c => c,
            })
            .collect(),
    )
}

/// Display width of a label shown from column 0.
pub fn str_width(s: &str) -> usize {
    s.chars().fold(0, |col, c| col + shown_width(c, col))
}

/// `s` cut to at most `width` columns, ending in ASCII `...` when cut.
pub fn truncate_to_width(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s
            .chars()
            .map(|c| shown(c, 0).text)
            .collect::<Vec<_>>()
            .concat();
    }
    if width < 3 {
        return ".".repeat(width);
    }
    let mut out = String::new();
    let mut col = 0;
    for c in s.chars() {
        let sh = shown(c, col);
        if col + sh.width > width - 3 {
            break;
        }
        col += sh.width;
        out.push_str(&sh.text);
    }
    out.push_str("...");
    out
}

/// `s` cut to at most `width` columns, ending in a single-column `…` when cut: where every
/// column counts (the fields pane's row labels, the queue's columns).
pub fn ellipsize(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return truncate_to_width(s, width);
    }
    let Some(room) = width.checked_sub(1) else {
        return String::new();
    };
    let mut out = String::new();
    let mut col = 0;
    for c in s.chars() {
        let sh = shown(c, col);
        if col + sh.width > room {
            break;
        }
        col += sh.width;
        out.push_str(&sh.text);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(str_width("申请6件"), 7);
        assert_eq!(str_width("ａ"), 2);
        assert_eq!(str_width("e\u{301}"), 1);
        assert_eq!(str_width("\u{202E}abc"), 3);
        assert_eq!(shown_width('\t', 0), 4);
        assert_eq!(shown_width('\t', 3), 1);
        assert_eq!(str_width("a\tb"), 5);
    }

    #[test]
    fn controls_are_visible_and_bidi_dropped() {
        assert_eq!(shown('\u{1}', 0).text, "␁");
        assert_eq!(shown('\u{7F}', 0).text, "␡");
        assert_eq!(shown('\u{85}', 0).text, "�");
        assert_eq!(shown('\u{202E}', 0).text, "");
        assert_eq!(shown('\t', 1).text, "   ");
    }

    #[test]
    fn truncation_never_exceeds_the_width() {
        assert_eq!(truncate_to_width("申请人情况", 20), "申请人情况");
        assert_eq!(truncate_to_width("申请人情况", 8), "申请...");
        assert_eq!(truncate_to_width("申请人情况", 7), "申请...");
        assert_eq!(truncate_to_width("申请人情况", 2), "..");
        assert_eq!(truncate_to_width("abc", 0), "");
        for w in 0..12 {
            assert!(str_width(&truncate_to_width("一二三四五六七八九十", w)) <= w);
        }
    }

    #[test]
    fn ellipsizing_never_exceeds_the_width() {
        assert_eq!(ellipsize("申请人情况", 10), "申请人情况");
        assert_eq!(ellipsize("申请人情况", 9), "申请人情…");
        assert_eq!(ellipsize("申请人情况", 8), "申请人…");
        assert_eq!(ellipsize("申请人情况", 1), "…");
        assert_eq!(ellipsize("申请人情况", 0), "");
        for w in 0..12 {
            assert!(str_width(&ellipsize("一二三四五六七八九十", w)) <= w);
        }
    }
}
