//! Labels found on their Han characters alone. Whatever a converter did to a label — wrapped
//! it over lines, spaced it, split it around a page break, glued numbers to it, or numbered it
//! `1.`, `（一）`, `1、` — its Han characters stay in order, so labels are searched for in the
//! stream of a text's Han characters, and a hit maps back to byte offsets of the real text.

/// The Han characters of a text with the byte offset of each.
pub struct HanStream {
    chars: Vec<char>,
    offsets: Vec<usize>,
}

/// Every Han character is three bytes in UTF-8.
const HAN_BYTES: usize = 3;

/// A label found in the stream: stream positions `[from, to)` and the bytes they cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub from: usize,
    pub to: usize,
    pub start: usize,
    pub end: usize,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Characters OCR confuses in these labels, folded to one form on both sides of a search.
fn fold(c: char) -> char {
    match c {
        '己' | '巳' => '已',
        '末' => '未',
        c => c,
    }
}

impl HanStream {
    pub fn new(text: &str) -> HanStream {
        let mut chars = Vec::with_capacity(text.len() / HAN_BYTES);
        let mut offsets = Vec::with_capacity(text.len() / HAN_BYTES);
        for (i, c) in text.char_indices() {
            if is_han(c) {
                chars.push(fold(c));
                offsets.push(i);
            }
        }
        HanStream { chars, offsets }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The stream position of the first Han character at or after byte `at`.
    pub fn position_at(&self, at: usize) -> usize {
        self.offsets.partition_point(|&o| o < at)
    }

    fn hit(&self, from: usize, to: usize) -> Hit {
        Hit {
            from,
            to,
            start: self.offsets[from],
            end: self.offsets[to - 1] + HAN_BYTES,
        }
    }

    /// The first exact occurrence of `phrase` in stream positions `[from, to)`.
    pub fn find(&self, phrase: &str, from: usize, to: usize) -> Option<Hit> {
        let p: Vec<char> = phrase.chars().map(fold).collect();
        let to = to.min(self.chars.len());
        if p.is_empty() || from >= to || to - from < p.len() {
            return None;
        }
        (from..=to - p.len())
            .find(|&i| self.chars[i] == p[0] && self.chars[i..i + p.len()] == p[..])
            .map(|i| self.hit(i, i + p.len()))
    }

    /// The first occurrence of `phrase` in `[from, to)` exactly, or else within a quarter of
    /// its length in edits (a long label with characters dropped or misrecognised). Short
    /// phrases are only matched exactly: one edit in four characters matches too much.
    pub fn find_near(&self, phrase: &str, from: usize, to: usize) -> Option<Hit> {
        if let Some(hit) = self.find(phrase, from, to) {
            return Some(hit);
        }
        let p: Vec<char> = phrase.chars().map(fold).collect();
        let budget = p.len() / 4;
        if p.len() < 8 || budget == 0 {
            return None;
        }
        self.approximate(&p, budget, from, to.min(self.chars.len()))
    }

    /// Sellers' algorithm: the end of the first substring within `budget` edits of `p`,
    /// then its start found by matching backwards.
    fn approximate(&self, p: &[char], budget: usize, from: usize, to: usize) -> Option<Hit> {
        let m = p.len();
        let mut column: Vec<usize> = (0..=m).collect();
        for j in from..to {
            let mut diagonal = column[0];
            column[0] = 0;
            for i in 1..=m {
                let substitution = diagonal + usize::from(p[i - 1] != self.chars[j]);
                diagonal = column[i];
                column[i] = substitution.min(column[i] + 1).min(column[i - 1] + 1);
            }
            if column[m] <= budget {
                let end = j + 1;
                let start = self.start_of(p, budget, from, end);
                return Some(self.hit(start, end));
            }
        }
        None
    }

    /// The start of the best match of `p` that ends at `end`.
    fn start_of(&self, p: &[char], budget: usize, from: usize, end: usize) -> usize {
        let lowest = end.saturating_sub(p.len() + budget).max(from);
        (lowest..end)
            .min_by_key(|&s| (edit_distance(p, &self.chars[s..end]), usize::MAX - s))
            .unwrap_or(lowest)
    }
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_wrapped_over_lines_and_around_numbers_is_found() {
        let text = "5.要求行政机关确认或重新出\n      1   0  0\n 具已获取信息\n";
        let s = HanStream::new(text);
        let hit = s.find("确认或重新出具", 0, s.len()).unwrap();
        assert_eq!(&text[hit.start..hit.start + 3], "确");
        assert_eq!(&text[hit.end - 3..hit.end], "具");
    }

    #[test]
    fn characters_dropped_from_a_long_label_still_match() {
        let text = "0\n2.其他法律行政止公开\n0";
        let s = HanStream::new(text);
        let hit = s.find_near("其他法律行政法规禁止公开", 0, s.len()).unwrap();
        assert_eq!(&text[hit.start..hit.end], "其他法律行政止公开");
        assert!(s.find_near("国家秘密", 0, s.len()).is_none());
    }

    #[test]
    fn ocr_look_alikes_are_folded() {
        let s = HanStream::new("要求行政机关确认或重新出具己获取信息");
        assert!(s.find("重新出具已获取", 0, s.len()).is_some());
    }
}
