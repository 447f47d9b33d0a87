//! The one-line value editor and the multi-line note editor, on `ratatui-textarea`.

use ratatui_textarea::TextArea;

use crate::fields::{self, FieldKind};
use crate::value::Number;

/// What the text being typed is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    Value(String),
    FieldNote(String),
    ReportNote,
    /// The rules one note acknowledges (a misprint breaks every sum its cell is in).
    Acknowledge(Vec<String>),
    Search,
    /// Where to write annotations that cannot be saved in place.
    SaveElsewhere,
}

impl Purpose {
    pub fn title(&self) -> String {
        match self {
            Purpose::Value(f) => format!(" {f}: value (empty = blank) "),
            Purpose::FieldNote(f) => format!(" note on {f} "),
            Purpose::ReportNote => " note on the report ".to_owned(),
            Purpose::Acknowledge(rules) => {
                let what = match rules.as_slice() {
                    [first, _, _, ..] => format!("{first} and {} more", rules.len() - 1),
                    _ => rules.join(", "),
                };
                format!(" acknowledge {what}: why (the report itself is wrong) ")
            }
            Purpose::Search => " search ".to_owned(),
            Purpose::SaveElsewhere => {
                " saving failed: write the unsaved annotations to this directory ".to_owned()
            }
        }
    }

    pub fn multiline(&self) -> bool {
        matches!(
            self,
            Purpose::FieldNote(_) | Purpose::ReportNote | Purpose::Acknowledge(_)
        )
    }
}

pub struct Editor {
    pub purpose: Purpose,
    pub textarea: TextArea<'static>,
    /// Why the last submission was refused.
    pub error: Option<String>,
}

impl Editor {
    pub fn new(purpose: Purpose, initial: &str) -> Editor {
        let lines: Vec<String> = if initial.is_empty() {
            vec![String::new()]
        } else {
            initial.lines().map(str::to_owned).collect()
        };
        let mut textarea = TextArea::new(lines);
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        textarea.set_cursor_line_style(ratatui::style::Style::default());
        Editor {
            purpose,
            textarea,
            error: None,
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    /// Pasted text arrives whole; single-line editors take it as one line.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.purpose.multiline() {
            self.textarea.insert_str(text);
        } else {
            self.textarea.insert_str(text.replace('\n', " "));
        }
    }
}

/// Why a typed value was refused; shown under the editor, which stays open.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("a count cannot be negative")]
    NegativeCount,
    #[error("this field counts items: a whole number is needed")]
    NotWhole,
    #[error("an amount cannot be negative")]
    NegativeAmount,
}

/// Parses a typed value for `field`: empty is blank (`None`); full-width digits are accepted.
pub fn parse_value(field: &str, typed: &str) -> Result<Option<Number>, ValueError> {
    let t = crate::text::numbers::normalize_digits(typed.trim());
    if t.is_empty() {
        return Ok(None);
    }
    let n = Number::parse(&t).ok_or_else(|| ValueError::NotANumber(typed.into()))?;
    match (fields::kind(field), n) {
        (FieldKind::Count, Number::Int(i)) if i < 0 => Err(ValueError::NegativeCount),
        (FieldKind::Count | FieldKind::Signed, Number::Dec(_)) => Err(ValueError::NotWhole),
        (FieldKind::Money, n) if n.is_negative() => Err(ValueError::NegativeAmount),
        (FieldKind::Money, Number::Int(i)) => Ok(Some(Number::Dec(i.into()))),
        (_, n) => Ok(Some(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_validated_by_field_kind() {
        assert_eq!(
            parse_value("t3.new.total", " 12 "),
            Ok(Some(Number::Int(12)))
        );
        assert_eq!(
            parse_value("t3.new.total", "１２"),
            Ok(Some(Number::Int(12)))
        );
        assert_eq!(parse_value("t3.new.total", ""), Ok(None));
        assert_eq!(
            parse_value("t3.new.total", "-1"),
            Err(ValueError::NegativeCount)
        );
        assert_eq!(
            parse_value("t3.new.total", "1.5"),
            Err(ValueError::NotWhole)
        );
        assert!(parse_value("t3.new.total", "abc")
            .unwrap_err()
            .to_string()
            .contains("not a number"));
        assert_eq!(
            parse_value("t2.licensing.change", "-3"),
            Ok(Some(Number::Int(-3)))
        );
        assert_eq!(
            parse_value("t2.fees.amount", "12.5"),
            Ok(Number::parse("12.5"))
        );
    }

    #[test]
    fn paste_keeps_single_line_editors_single_line() {
        let mut e = Editor::new(Purpose::Value("t3.new.total".into()), "");
        e.paste("1\n2");
        assert_eq!(e.text(), "1 2");
        let mut n = Editor::new(Purpose::ReportNote, "已核对");
        n.paste("\n第二行：原表合计有误");
        assert_eq!(n.text(), "已核对\n第二行：原表合计有误");
    }
}
