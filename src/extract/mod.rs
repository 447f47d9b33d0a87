//! Text → field values, each with the byte span it was read from.
//!
//! Where to look: `meta` (year, agency, format), `template` (表二/表三/表四 of the 2019 and
//! 2021 forms), `legacy` (the 2008–2018 统计表), `prose` (numbers stated in sentences),
//! `cells` (flattened tables split into cells), `glued` (digit runs that hold several cells),
//! `numbers` (digits, Chinese numerals, placeholders).

pub mod aligned;
pub mod cells;
pub mod glued;
pub mod legacy;
pub mod meta;
pub mod prose;
pub mod readers;
pub mod template;

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::fields::Format;
use crate::report::Report;
use crate::value::{Number, Span};

/// Where a value was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Table,
    Text,
}

/// One field's extracted value. `value` is `None` for a blank or placeholder cell ("not
/// reported", distinct from 0); `span` then covers the placeholder, or is empty at the cell's
/// place when the cell is blank.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: Option<Number>,
    pub span: Span,
    pub source: Source,
    /// The label (row label, or the words of the sentence) the value was matched by.
    pub label: String,
    /// The printed text when it is not plain ASCII digits (`６`, `—`, `一件`, a glued run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// How sure the reader is that this is the printed value of this field.
    #[serde(default)]
    pub reading: Reading,
    /// Other values the printed text allows for this field, when `reading` is ambiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Number>,
}

/// How a value was read. A misreading must never look like the report's own error, so the
/// problems built on a value need to know whether the text left any doubt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// The text allows exactly this value: one cell, or the only reading of a glued run or
    /// detached block under which the table's own sums hold.
    #[default]
    Certain,
    /// The text allows several values (`alternatives`); the one kept is the most plausible.
    Ambiguous,
    /// The value's place was inferred (a missing cell, a row aligned by position).
    Guessed,
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub format: Format,
    pub year: Option<Located<i32>>,
    pub agency: Option<Located<String>>,
}

/// A table row the extractor saw but could not map to a field id: kept for the analyst.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnmappedRow {
    pub label: String,
    pub cells: Vec<String>,
    pub span: Span,
}

/// Something the extractor noticed and did not guess about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum FlagKind {
    /// A table row arrived with fewer cells than the form has; the row was kept, its cells not
    /// shifted into the next row.
    MissingCell,
    /// A digit run holding several cells that no single split satisfies the row's sums.
    GluedRun,
    /// A number too long to be a count, kept as text.
    Overflow,
    /// A web page's cell that a value cell of an earlier row covers (`rowspan`): left blank.
    MergedCell,
    /// A 表三 row whose label is printed but whose numbers no reader found.
    RowNotRead,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub fields: Vec<String>,
    pub span: Span,
    pub message: String,
    /// For a glued run: the splits that fit the run's length, each one value per field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Vec<Number>>,
}

/// Everything extracted from one report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub meta: Meta,
    pub fields: BTreeMap<String, FieldValue>,
    /// Values stated in the text for fields a table also gives (the table's value is in
    /// `fields`); the `N-*` rules compare the two.
    pub text_values: BTreeMap<String, FieldValue>,
    pub unmapped: Vec<UnmappedRow>,
    pub flags: Vec<Flag>,
    /// Where the text says every request was answered (全部答复, 均已办结): the stand-in total
    /// of `L-REPLY`.
    pub all_answered: Option<Span>,
}

impl Extraction {
    pub fn value(&self, id: &str) -> Option<Number> {
        self.fields.get(id).and_then(|f| f.value)
    }
}

/// What one reader found: fields keyed by id, what it could not map, what it flagged, and
/// (from prose) where the text says every request was answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    pub fields: BTreeMap<String, FieldValue>,
    pub unmapped: Vec<UnmappedRow>,
    pub flags: Vec<Flag>,
    pub all_answered: Option<Span>,
}

/// Extracts every field of a report.
pub fn extract(report: &Report) -> Extraction {
    let text = report.text.as_str();
    let (table_format, tables) = match readers::read_tables(report) {
        Some((format, found)) => (Some(format), found),
        None => (None, Findings::default()),
    };
    let prose = prose::extract(text);
    let meta = meta::detect(text, table_format);
    let mut fields = tables.fields;
    let mut text_values = BTreeMap::new();
    for (id, value) in prose.fields {
        let id = if meta.format.is_template() {
            match prose::template_equivalent(&id) {
                Some(template_id) => template_id.to_owned(),
                // A template report's prose restates its tables; what the tables lack has no
                // field id in that format.
                None => continue,
            }
        } else {
            id
        };
        match fields.entry(id) {
            Entry::Occupied(table) => {
                text_values.insert(table.key().clone(), value);
            }
            Entry::Vacant(slot) => {
                slot.insert(value);
            }
        }
    }
    let mut flags = tables.flags;
    flags.extend(prose.flags);
    Extraction {
        meta,
        fields,
        text_values,
        unmapped: tables.unmapped,
        flags,
        all_answered: prose.all_answered,
    }
}
