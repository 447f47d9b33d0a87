//! Numbers stated in sentences, mapped to `legacy.*` ids. Each quantity has phrase patterns
//! with the number inside them; a pattern only runs on sentences that hold its trigger word,
//! so hotline counts, dates and document numbers elsewhere are never taken. Precision over
//! recall: a wrong number is worse than a missing one.

mod patterns;

use super::{FieldValue, Findings, Source};
use crate::text::numbers::{normalize_digits, parse_ascii_number, parse_chinese_numeral};
use crate::value::{Number, Span};
use patterns::{Kind, PATTERNS, ZERO_STATEMENTS};

/// The template field a prose quantity restates, for the `N-TEXT` cross-check.
pub fn template_equivalent(id: &str) -> Option<&'static str> {
    match id {
        "legacy.requests.received" => Some("t3.new.total"),
        "legacy.review.total" => Some("t4.review.total"),
        _ => None,
    }
}

/// Sentences: split at `。；;！？!?` and line ends, with their byte offsets.
fn sentences(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.char_indices()
        .filter(|(_, c)| matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?' | '\n'))
        .map(|(i, c)| (i, i + c.len_utf8()))
        .chain(std::iter::once((text.len(), text.len())))
        .filter_map(move |(end, next)| {
            let s = (start, &text[start..end]);
            start = next;
            (end > s.0).then_some(s)
        })
}

/// Lines longer than this are not prose sentences (web-page debris, pathological input);
/// they are skipped rather than searched.
const MAX_SENTENCE: usize = 4096;

pub fn extract(text: &str) -> Findings {
    let mut found = Findings::default();
    let mut zero_candidates: Vec<(&'static str, Span, String)> = Vec::new();
    for (offset, sentence) in sentences(text) {
        if sentence.len() > MAX_SENTENCE {
            continue;
        }
        // Each trigger word is looked for once per sentence, not once per pattern; a
        // sentence with none of them (most of a report) has nothing to give.
        let held: Vec<&str> = patterns::trigger_words()
            .iter()
            .copied()
            .filter(|w| sentence.contains(w))
            .collect();
        if held.is_empty() {
            continue;
        }
        let holds_all = |triggers: &[&str]| triggers.iter().all(|t| held.contains(t));
        let matching = patterns::pattern_set().matches(sentence);
        for (i, p) in PATTERNS.iter().enumerate() {
            if !matching.matched(i) || !holds_all(p.triggers) || found.fields.contains_key(p.field)
            {
                continue;
            }
            for caps in p.regex().captures_iter(sentence) {
                let (Some(whole), Some(num)) = (caps.get(0), caps.name("n")) else {
                    continue;
                };
                if p.kind == Kind::NotAfter && preceded_by(sentence, whole.start(), p.not_after) {
                    continue;
                }
                let Some(value) = parse_number(num.as_str()) else {
                    continue;
                };
                let raw = num.as_str();
                found.fields.insert(
                    p.field.to_owned(),
                    FieldValue {
                        value: Some(value),
                        span: Span::new(offset + num.start(), offset + num.end()),
                        source: Source::Text,
                        label: whole.as_str().trim().to_owned(),
                        raw: (!raw.bytes().all(|b| b.is_ascii_digit())).then(|| raw.to_owned()),
                        reading: crate::extract::Reading::Certain,
                        alternatives: Vec::new(),
                    },
                );
                break;
            }
        }
        outcomes(sentence, offset, &mut found);
        for z in ZERO_STATEMENTS.iter() {
            if !holds_all(z.triggers) {
                continue;
            }
            // "未收到…申请行政复议" speaks of reviews, not of disclosure requests.
            let about_review = |m: &regex::Match| sentence[m.end()..].starts_with("行政复议");
            if let Some(m) = z.regex().find(sentence).filter(|m| !about_review(m)) {
                let span = Span::new(offset + m.start(), offset + m.end());
                zero_candidates.push((z.field, span, m.as_str().to_owned()));
            }
        }
        if found.all_answered.is_none() && held.contains(&"申请") {
            if let Some(m) = patterns::all_answered().find(sentence) {
                found.all_answered = Some(Span::new(offset + m.start(), offset + m.end()));
            }
        }
    }
    // A number stated anywhere wins over a statement that there were none.
    for (field, span, phrase) in zero_candidates {
        found.fields.entry(field.to_owned()).or_insert(FieldValue {
            value: Some(if field == "legacy.fees" {
                Number::Dec(0.into())
            } else {
                Number::Int(0)
            }),
            span,
            source: Source::Text,
            label: phrase.clone(),
            raw: Some(phrase),
            reading: crate::extract::Reading::Certain,
            alternatives: Vec::new(),
        });
    }
    found
}

/// Review and suit outcomes, from a sentence about one of the two only.
fn outcomes(sentence: &str, offset: usize, found: &mut Findings) {
    let review = sentence.contains("行政复议");
    let suit = sentence.contains("行政诉讼");
    if review == suit {
        return;
    }
    for (trigger, field, regex) in patterns::outcome_regexes() {
        if !sentence.contains(trigger) || found.fields.contains_key(*field) {
            continue;
        }
        let Some(caps) = regex.captures(sentence) else {
            continue;
        };
        let (Some(whole), Some(num)) = (caps.get(0), caps.name("n")) else {
            continue;
        };
        if let Some(value) = parse_number(num.as_str()) {
            found.fields.insert(
                (*field).to_owned(),
                FieldValue {
                    value: Some(value),
                    span: Span::new(offset + num.start(), offset + num.end()),
                    source: Source::Text,
                    label: whole.as_str().trim().to_owned(),
                    raw: None,
                    reading: crate::extract::Reading::Certain,
                    alternatives: Vec::new(),
                },
            );
        }
    }
}

/// Whether one of `words` ends right before byte `at` of `s`.
fn preceded_by(s: &str, at: usize, words: &[&str]) -> bool {
    let before = &s[..at];
    words.iter().any(|w| before.ends_with(w))
}

fn parse_number(s: &str) -> Option<Number> {
    if let Some(n) = parse_chinese_numeral(s) {
        return Some(Number::Int(n));
    }
    parse_ascii_number(&normalize_digits(s))
}

#[cfg(test)]
mod tests;
