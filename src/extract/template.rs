//! 表二, 表三 and 表四 of the 2019 and 2021 templates, from flattened text.

use super::Found;
use crate::fields::Format;

/// The template tables of a report, with the template's format; `None` when it has none.
pub fn extract(_text: &str) -> Option<(Format, Found)> {
    None
}
