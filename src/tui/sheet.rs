//! The fields pane as a sheet: sections of rows of cells, laid out by the report's format
//! (表三 and 表四 as grids, 表二 and legacy fields as labelled lists). The cursor moves over it.

use crate::annotate::MetaField;
use crate::fields::{self, Format, LEGACY, T3_COLUMNS, T4_BLOCKS, T4_COLUMNS};

#[derive(Clone, Debug, PartialEq)]
pub struct SheetSection {
    pub title: &'static str,
    /// Column headings for grids; empty for lists.
    pub columns: Vec<&'static str>,
    pub rows: Vec<SheetRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SheetRow {
    pub label: String,
    /// Field ids, one per column (one for list rows).
    pub cells: Vec<String>,
}

/// A cursor position: section, row within it, cell within the row.
/// Ordered as the sheet reads: by section, then row, then cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub section: usize,
    pub row: usize,
    pub col: usize,
}

/// Column headings short enough for a narrow grid, in the order of `T3_COLUMNS`/`T4_COLUMNS`.
const T3_SHORT: [&str; 7] = ["个人", "商业", "科研", "公益", "法律", "其他", "总计"];
const T4_SHORT: [&str; 5] = ["维持", "纠正", "其他", "未结", "总计"];

/// The sheet of a format.
pub fn sheet(format: Format) -> Vec<SheetSection> {
    let mut sections = vec![SheetSection {
        title: "报告 report",
        columns: vec![],
        rows: [
            ("年度", MetaField::Year),
            ("机关", MetaField::Agency),
            ("格式", MetaField::Format),
        ]
        .into_iter()
        .map(|(label, meta)| SheetRow {
            label: format!("{label} {}", meta.id()),
            cells: vec![meta.id().to_owned()],
        })
        .collect(),
    }];
    if format.is_template() {
        sections.push(SheetSection {
            title: "表二 主动公开",
            columns: vec![],
            rows: fields::t2_fields(format)
                .iter()
                .map(|(id, label)| SheetRow {
                    label: (*label).to_owned(),
                    cells: vec![(*id).to_owned()],
                })
                .collect(),
        });
        sections.push(SheetSection {
            title: "表三 申请办理",
            columns: T3_SHORT.to_vec(),
            rows: fields::t3_rows(format)
                .into_iter()
                .map(|(row, label)| SheetRow {
                    label: short_t3_label(label),
                    cells: T3_COLUMNS
                        .iter()
                        .map(|(col, _)| fields::t3_id(row, col))
                        .collect(),
                })
                .collect(),
        });
        sections.push(SheetSection {
            title: "表四 复议诉讼",
            columns: T4_SHORT.to_vec(),
            rows: T4_BLOCKS
                .iter()
                .map(|(block, label)| SheetRow {
                    label: (*label).to_owned(),
                    cells: T4_COLUMNS
                        .iter()
                        .map(|(col, _)| fields::t4_id(block, col))
                        .collect(),
                })
                .collect(),
        });
    } else {
        sections.push(SheetSection {
            title: "统计 legacy",
            columns: vec![],
            rows: LEGACY
                .iter()
                .map(|(id, label)| SheetRow {
                    label: (*label).to_owned(),
                    cells: vec![(*id).to_owned()],
                })
                .collect(),
        });
    }
    sections
}

/// `（三）不予公开 1.属于国家秘密` → `1.属于国家秘密`: the grid shows the sub-row's own words.
fn short_t3_label(label: &str) -> String {
    label
        .rsplit_once(' ')
        .map_or(label, |(_, tail)| tail)
        .to_owned()
}

/// Every field id of the sheet in reading order.
pub fn field_ids(sections: &[SheetSection]) -> impl Iterator<Item = &str> {
    sections
        .iter()
        .flat_map(|s| s.rows.iter())
        .flat_map(|r| r.cells.iter().map(String::as_str))
}

pub fn field_at(sections: &[SheetSection], c: Cursor) -> Option<&str> {
    sections
        .get(c.section)?
        .rows
        .get(c.row)?
        .cells
        .get(c.col)
        .map(String::as_str)
}

pub fn find(sections: &[SheetSection], field: &str) -> Option<Cursor> {
    for (si, s) in sections.iter().enumerate() {
        for (ri, r) in s.rows.iter().enumerate() {
            if let Some(ci) = r.cells.iter().position(|f| f == field) {
                return Some(Cursor {
                    section: si,
                    row: ri,
                    col: ci,
                });
            }
        }
    }
    None
}

/// Moves down (`delta` > 0) or up by rows, across sections, keeping the column where it can.
pub fn move_rows(sections: &[SheetSection], c: Cursor, delta: isize) -> Cursor {
    let rows: Vec<(usize, usize)> = sections
        .iter()
        .enumerate()
        .flat_map(|(si, s)| (0..s.rows.len()).map(move |ri| (si, ri)))
        .collect();
    let Some(here) = rows.iter().position(|&(s, r)| s == c.section && r == c.row) else {
        return Cursor::default();
    };
    let target = (here as isize + delta).clamp(0, rows.len() as isize - 1) as usize;
    let (section, row) = rows[target];
    let width = sections[section].rows[row].cells.len();
    Cursor {
        section,
        row,
        col: c.col.min(width.saturating_sub(1)),
    }
}

/// Moves left or right within the row.
pub fn move_cols(sections: &[SheetSection], c: Cursor, delta: isize) -> Cursor {
    let width = sections
        .get(c.section)
        .and_then(|s| s.rows.get(c.row))
        .map_or(1, |r| r.cells.len());
    Cursor {
        col: (c.col as isize + delta).clamp(0, width as isize - 1) as usize,
        ..c
    }
}

/// The last cell of the sheet.
pub fn last(sections: &[SheetSection]) -> Cursor {
    let section = sections.len().saturating_sub(1);
    let row = sections
        .get(section)
        .map_or(0, |s| s.rows.len().saturating_sub(1));
    Cursor {
        section,
        row,
        col: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_sheets_hold_every_template_field_once() {
        for format in [Format::Template2019, Format::Template2021] {
            let s = sheet(format);
            let ids: Vec<&str> = field_ids(&s).collect();
            let t3 = ids.iter().filter(|i| i.starts_with("t3.")).count();
            assert_eq!(t3, fields::t3_rows(format).len() * 7);
            assert_eq!(ids.iter().filter(|i| i.starts_with("t4.")).count(), 15);
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), ids.len());
        }
        let legacy = sheet(Format::Prose);
        assert_eq!(
            field_ids(&legacy)
                .filter(|i| i.starts_with("legacy."))
                .count(),
            LEGACY.len()
        );
    }

    #[test]
    fn cursor_moves_across_sections_and_clamps() {
        let s = sheet(Format::Template2019);
        let t3 = find(&s, "t3.new.person").unwrap();
        let right = move_cols(&s, t3, 3);
        assert_eq!(field_at(&s, right), Some("t3.new.nonprofit"));
        assert_eq!(
            field_at(&s, move_cols(&s, right, 100)),
            Some("t3.new.total")
        );
        let up = move_rows(&s, move_cols(&s, t3, 6), -1);
        // Into the 表二 list: one column only.
        assert_eq!(up.col, 0);
        assert!(field_at(&s, up).unwrap().starts_with("t2."));
        let bottom = move_rows(&s, t3, 1000);
        assert_eq!(
            bottom,
            Cursor {
                section: 3,
                row: 2,
                col: 0
            }
        );
        assert_eq!(last(&s), bottom);
        assert_eq!(move_rows(&s, t3, -1000), Cursor::default());
    }
}
