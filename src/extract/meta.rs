//! The year a report covers, the agency that wrote it, and its format.

use super::Meta;
use crate::fields::Format;

pub fn detect(_text: &str, table_format: Option<Format>) -> Meta {
    Meta {
        format: table_format.unwrap_or(Format::Prose),
        year: None,
        agency: None,
    }
}
