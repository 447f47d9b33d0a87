//! The values fields hold and the byte spans they come from.

use std::fmt;
use std::ops::Range;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number printed in a report: an integer count, or a decimal amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Number {
    Int(i64),
    Dec(Decimal),
}

impl Number {
    pub fn as_decimal(self) -> Decimal {
        match self {
            Number::Int(i) => Decimal::from(i),
            Number::Dec(d) => d,
        }
    }

    /// Sum that stays an integer while every operand is one, and never overflows silently.
    pub fn checked_add(self, other: Number) -> Option<Number> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a.checked_add(b).map(Number::Int),
            (a, b) => a.as_decimal().checked_add(b.as_decimal()).map(Number::Dec),
        }
    }

    pub fn checked_sub(self, other: Number) -> Option<Number> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a.checked_sub(b).map(Number::Int),
            (a, b) => a.as_decimal().checked_sub(b.as_decimal()).map(Number::Dec),
        }
    }

    pub fn is_negative(self) -> bool {
        match self {
            Number::Int(i) => i < 0,
            Number::Dec(d) => d.is_sign_negative() && !d.is_zero(),
        }
    }

    pub fn is_zero(self) -> bool {
        match self {
            Number::Int(i) => i == 0,
            Number::Dec(d) => d.is_zero(),
        }
    }

    /// Parses what an analyst types or a JSON file holds: `12`, `-3`, `92.10`.
    pub fn parse(text: &str) -> Option<Number> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if let Ok(i) = t.parse::<i64>() {
            return Some(Number::Int(i));
        }
        let digits_ok = t
            .strip_prefix('-')
            .unwrap_or(t)
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
        if digits_ok && t.matches('.').count() == 1 {
            return t.parse::<Decimal>().ok().map(Number::Dec);
        }
        None
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a.cmp(b),
            (a, b) => a.as_decimal().cmp(&b.as_decimal()),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Dec(d) => write!(f, "{}", d.normalize()),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Number::Int(i) => s.serialize_i64(*i),
            Number::Dec(d) => rust_decimal::serde::float::serialize(&d.normalize(), s),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        let value = serde_json::Number::deserialize(d)?;
        if let Some(i) = value.as_i64() {
            return Ok(Number::Int(i));
        }
        Number::parse(&value.to_string()).ok_or_else(|| {
            serde::de::Error::custom(format!("not a number gouji can hold: {value}"))
        })
    }
}

/// A byte range into a report's decoded text, serialized as `[start, end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// The span as a valid range of `text`, or `None` when it does not fit (a stale span).
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.range())
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        if start > end {
            return Err(serde::de::Error::custom(format!(
                "span [{start}, {end}] ends before it starts"
            )));
        }
        Ok(Span { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_print() {
        assert_eq!(Number::parse("12"), Some(Number::Int(12)));
        assert_eq!(Number::parse(" -3 "), Some(Number::Int(-3)));
        assert_eq!(Number::parse("92.10").unwrap().to_string(), "92.1");
        assert_eq!(Number::parse(""), None);
        assert_eq!(Number::parse("1.2.3"), None);
        assert_eq!(Number::parse("abc"), None);
        assert_eq!(
            Number::parse("99999999999999999999999999999999999999999"),
            None
        );
    }

    #[test]
    fn numbers_serialize_as_json_numbers() {
        let json =
            serde_json::to_string(&[Number::Int(6), Number::parse("92.10").unwrap()]).unwrap();
        assert_eq!(json, "[6,92.1]");
        let back: Vec<Number> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0], Number::Int(6));
        assert_eq!(back[1], Number::parse("92.1").unwrap());
    }

    #[test]
    fn arithmetic_keeps_integers_and_refuses_overflow() {
        assert_eq!(
            Number::Int(2).checked_add(Number::Int(3)),
            Some(Number::Int(5))
        );
        assert_eq!(Number::Int(i64::MAX).checked_add(Number::Int(1)), None);
        let d = Number::Int(1)
            .checked_add(Number::parse("0.5").unwrap())
            .unwrap();
        assert_eq!(d.to_string(), "1.5");
    }

    #[test]
    fn spans_serialize_as_pairs_and_reject_inverted() {
        assert_eq!(serde_json::to_string(&Span::new(3, 9)).unwrap(), "[3,9]");
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }
}
