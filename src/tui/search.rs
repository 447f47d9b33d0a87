//! Searching the report text: full-width and ASCII digits and punctuation match each other,
//! Latin letters match regardless of case; hits are byte ranges into the original text.

use crate::text::numbers::normalize_char;
use crate::value::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub hits: Vec<Span>,
    pub current: usize,
}

fn fold(c: char) -> char {
    normalize_char(c).to_ascii_lowercase()
}

/// Every non-overlapping occurrence of `query` in `text`.
pub fn find_all(text: &str, query: &str) -> Vec<Span> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold(c))).collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i + needle.len() <= chars.len() {
        if chars[i..i + needle.len()]
            .iter()
            .zip(&needle)
            .all(|((_, a), b)| a == b)
        {
            let start = chars[i].0;
            let end = chars
                .get(i + needle.len())
                .map_or(text.len(), |(offset, _)| *offset);
            hits.push(Span::new(start, end));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    hits
}

impl Search {
    pub fn new(text: &str, query: &str, from: usize) -> Search {
        let hits = find_all(text, query);
        let current = hits.iter().position(|h| h.start >= from).unwrap_or(0);
        Search {
            query: query.to_owned(),
            hits,
            current,
        }
    }

    pub fn hit(&self) -> Option<Span> {
        self.hits.get(self.current).copied()
    }

    pub fn step(&mut self, forward: bool) {
        let n = self.hits.len();
        if n == 0 {
            return;
        }
        self.current = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cjk_and_folds_widths() {
        let text = "收到申请６件，办结申请6件。Report";
        let hits = find_all(text, "申请");
        assert_eq!(hits.len(), 2);
        assert_eq!(&text[hits[0].range()], "申请");
        let six = find_all(text, "6件");
        assert_eq!(six.len(), 2);
        assert_eq!(&text[six[0].range()], "６件");
        assert_eq!(find_all(text, "report").len(), 1);
        assert!(find_all(text, "").is_empty());
        assert!(find_all(text, "不存在").is_empty());
    }

    #[test]
    fn steps_wrap_around_and_start_at_the_cursor() {
        let text = "a1 a2 a3";
        let mut s = Search::new(text, "a", 3);
        assert_eq!(s.current, 1);
        s.step(true);
        s.step(true);
        assert_eq!(s.current, 0);
        s.step(false);
        assert_eq!(s.current, 2);
        let mut none = Search::new(text, "zz", 0);
        none.step(true);
        assert_eq!(none.hit(), None);
    }
}
