//! A failed rule in the grid's own words, the difference first: `差 -2 · 个人: （七）总计 9 ≠
//! （一）予以公开 5 + 1.本机关不掌握… 2 (+17 at 0)`. The analyst reads the sheet's labels
//! (`（一）予以公开`), not field ids (`granted`), and sees first how far off the sum is.

use crate::rules::{Operand, Violation};
use crate::text::width::truncate_to_width;
use crate::value::Number;

use super::sheet::{self, SheetSection};

/// Widest a row label is shown inside a one-line problem.
const LABEL_WIDTH: usize = 14;
/// A side with more terms than this shows only its non-zero ones.
const TERMS_SHOWN: usize = 4;

/// Where an operand sits in the sheet: its row label and column heading (empty for lists).
struct Place<'a> {
    row: &'a str,
    column: &'a str,
}

fn place<'a>(sheet: &'a [SheetSection], field: &str) -> Option<Place<'a>> {
    let c = sheet::find(sheet, field)?;
    let section = &sheet[c.section];
    Some(Place {
        row: &section.rows[c.row].label,
        column: section.columns.get(c.col).copied().unwrap_or(""),
    })
}

/// A cell by its row and column (`（七）总计·个人`), or its field id when the sheet lacks it.
pub fn cell_name(sheet: &[SheetSection], field: &str) -> String {
    match place(sheet, field) {
        Some(Place { row, column: "" }) => row.to_owned(),
        Some(Place { row, column }) => format!("{row}·{column}"),
        None => field.to_owned(),
    }
}

fn short(label: &str) -> String {
    truncate_to_width(label, LABEL_WIDTH)
}

fn value(o: &Operand) -> String {
    o.value.map_or_else(|| "_".to_owned(), |v| v.to_string())
}

/// What every operand is called: by its row when they share a column, by its column when they
/// share a row, else by both; and the shared part, said once.
fn names(places: &[Place], full: bool) -> (String, Vec<String>) {
    let one_column =
        !places[0].column.is_empty() && places.iter().all(|p| p.column == places[0].column);
    let one_row = places.iter().all(|p| p.row == places[0].row);
    let row = |p: &Place| if full { p.row.to_owned() } else { short(p.row) };
    let (shared, names): (String, Vec<String>) = if one_column && !one_row {
        (
            places[0].column.to_owned(),
            places.iter().map(row).collect(),
        )
    } else if one_row && !places[0].column.is_empty() {
        (
            row(&places[0]),
            places.iter().map(|p| p.column.to_owned()).collect(),
        )
    } else {
        let both = |p: &Place| match p.column {
            "" => row(p),
            column => format!("{}·{column}", row(p)),
        };
        (String::new(), places.iter().map(both).collect())
    };
    (shared, names)
}

fn side(operands: &[Operand], names: &[String], left: bool, all_terms: bool) -> String {
    let terms: Vec<(&Operand, &String)> = operands
        .iter()
        .zip(names)
        .filter(|(o, _)| o.left == left)
        .collect();
    let abbreviate = !all_terms && terms.len() > TERMS_SHOWN;
    let mut shown = Vec::new();
    let mut at_zero = 0;
    for (o, name) in &terms {
        if abbreviate && o.value.is_none_or(|v| v.is_zero()) {
            at_zero += 1;
        } else {
            shown.push(format!("{name} {}", value(o)));
        }
    }
    let mut text = if shown.is_empty() {
        "0".to_owned()
    } else {
        shown.join(" + ")
    };
    if at_zero > 0 {
        text.push_str(&format!(" (+{at_zero} at 0)"));
    }
    text
}

/// The failed rule in one line, difference first, in the sheet's words; `None` when one of
/// its fields is not on the sheet (the rules' own message is shown then).
pub fn headline(v: &Violation, sheet: &[SheetSection]) -> Option<String> {
    words(v, sheet, false)
}

/// The failed rule in full: every operand by its row and column, and what counted as 0.
pub fn detail(v: &Violation, sheet: &[SheetSection]) -> Option<String> {
    let mut text = words(v, sheet, true)?;
    if v.stand_in {
        text.push_str(
            "; requests received stands in for the reply total: the text says all were answered",
        );
    }
    if v.blanks_as_zero > 0 {
        text.push_str(&format!(
            "; {} blank or absent cells counted as 0",
            v.blanks_as_zero
        ));
    }
    Some(text)
}

fn words(v: &Violation, sheet: &[SheetSection], full: bool) -> Option<String> {
    // `L-CHAN` compares with ≥ and `N-*` a table's value with the text's: their own messages
    // say so. The rest are equations between cells.
    let id = v.rule_id();
    if id == "L-CHAN" || id == "INT" || id.starts_with("N-") || v.operands.is_empty() {
        return None;
    }
    let places: Vec<Place> = v
        .operands
        .iter()
        .map(|o| place(sheet, &o.field))
        .collect::<Option<_>>()?;
    let (shared, names) = names(&places, full);
    // Left minus right, as the line reads: `总计 9 ≠ 7` is 差 +2.
    let sum = |left: bool| {
        v.operands
            .iter()
            .filter(|o| o.left == left)
            .try_fold(Number::Int(0), |acc, o| {
                acc.checked_add(o.value.unwrap_or(Number::Int(0)))
            })
    };
    let difference = sum(true)?.checked_sub(sum(false)?)?;
    let difference = if difference.is_negative() {
        difference.to_string()
    } else {
        format!("+{difference}")
    };
    let shared = if shared.is_empty() {
        String::new()
    } else {
        format!(" · {shared}")
    };
    Some(format!(
        "差 {difference}{shared}: {} ≠ {}",
        side(&v.operands, &names, true, full),
        side(&v.operands, &names, false, full)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::report::Report;
    use crate::rules::check;

    fn problems(text: &str) -> Vec<(String, String, String)> {
        let report = Report::from_text("t.txt", text);
        let e = extract(&report);
        let sheet = sheet::sheet(e.meta.format);
        check(&e)
            .iter()
            .filter_map(|v| Some((v.rule.clone(), headline(v, &sheet)?, detail(v, &sheet)?)))
            .collect()
    }

    #[test]
    fn a_failed_sum_reads_in_the_sheets_words_difference_first() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/2021-t3-errors.txt"
        ))
        .unwrap();
        let found = problems(&text);
        let (_, line, full) = found
            .iter()
            .find(|(rule, _, _)| rule == "T3-SUM[person]")
            .expect("T3-SUM[person] fails in the sample");
        assert!(line.starts_with("差 +2 · 个人: （七）总计 9 ≠ "), "{line}");
        assert!(
            line.contains("（一）予以公开 5") && line.contains("at 0)"),
            "{line}"
        );
        assert!(!line.contains("granted"), "no field ids: {line}");
        assert!(
            full.contains("1.本机关不掌握相关政府信息 2") && !full.contains("at 0)"),
            "the detail names every operand in full: {full}"
        );
        let (_, row, _) = found
            .iter()
            .find(|(rule, _, _)| rule == "T3-ROW[total]")
            .unwrap();
        assert!(
            row.starts_with("差 -2 · （七）总计: 总计 8 ≠ 个人 9 + 商业 1"),
            "{row}"
        );
    }
}
