//! PDFs: the samples written by `samples/make-pdf-samples.py` read as their text (ruled
//! tables from their rules, a table whose rules miss its text from positions), scans,
//! encrypted and broken files refused with one line naming the file, and no damaged PDF
//! panics or takes time growing faster than its pages.

mod common;
#[path = "../benches/synth/pdf.rs"]
mod typeset;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gouji::extract::extract;
use gouji::report::Report;
use gouji::text::pdf::{page_text, PAGE_BREAK};
use proptest::prelude::*;

#[test]
fn a_typeset_pdf_reads_as_the_text_it_was_typeset_from() {
    let pdf = Report::load(&common::sample("pdf-layout.pdf")).unwrap();
    let text = Report::load(&common::sample("layout-pdftotext.txt")).unwrap();
    assert_eq!(pdf.document(), "pdf");
    let (from_pdf, from_text) = (extract(&pdf), extract(&text));
    assert_eq!(from_pdf.meta.format, from_text.meta.format);
    assert!(from_text.fields.len() > 100, "{}", from_text.fields.len());
    for (id, field) in &from_text.fields {
        let read = from_pdf.fields.get(id).map(|f| f.value);
        assert_eq!(read, Some(field.value), "{id}");
    }
    for field in from_pdf.fields.values() {
        assert!(field.span.slice(&pdf.text).is_some());
    }
}

#[test]
fn a_pdf_with_ruled_tables_reads_every_cell_as_the_text_it_was_typeset_from() {
    let pdf = Report::load(&common::sample("pdf-ruled.pdf")).unwrap();
    let text = Report::load(&common::sample("layout-tab-separated.txt")).unwrap();
    let (from_pdf, from_text) = (extract(&pdf), extract(&text));
    assert_eq!(from_pdf.meta.format, from_text.meta.format);
    assert!(from_text.fields.len() > 100, "{}", from_text.fields.len());
    for (id, field) in &from_text.fields {
        let read = from_pdf.fields.get(id).map(|f| (f.value, f.reading));
        assert_eq!(read, Some((field.value, field.reading)), "{id}");
    }
    assert!(from_pdf.flags.is_empty(), "{:?}", from_pdf.flags);
    for field in from_pdf.fields.values() {
        assert!(field.span.slice(&pdf.text).is_some());
    }
    let lines: Vec<&str> = pdf.text.lines().collect();
    // 表三 from its rules: a row per line, the label written down its merged cell once, in
    // the first row it spans, blank cells kept between their tabs.
    assert!(
        lines.contains(&"三、本年度办理结果\t（一）予以公开\t3\t332\t0\t2\t1\t2\t340"),
        "{}",
        pdf.text
    );
    assert!(lines.contains(&"（三）不予公开\t1.属于国家秘密\t0\t\t0\t0\t0\t0\t"));
    assert!(lines.contains(&"2.其他法律行政法规禁止公开\t0\t317\t3\t\t\t6\t326"));
    // 表四's values start in its first column, blank: those blanks are cells too.
    assert!(lines.contains(&"\t\t0\t3\t3\t9\t0\t0\t\t9\t0\t4\t0\t1\t5"));
    // 表二's rules are drawn through its digits: that table is laid out by position.
    let t2 = lines.iter().find(|l| l.contains("规章")).unwrap();
    assert!(!t2.contains('\t') && t2.contains("17"), "{t2}");
}

#[test]
fn radicals_are_ordinary_characters_bold_is_written_once_and_pages_are_marked() {
    let pdf = Report::load(&common::sample("pdf-layout.pdf")).unwrap();
    // The sample writes 一、总体情况 with the Kangxi radical ⼀ (U+2F00).
    assert!(pdf.text.contains("一、总体情况"), "{}", pdf.text);
    assert!(!pdf.text.contains('\u{2F00}'));
    // Its title is drawn twice at the same place (fill, then stroke).
    let title = pdf.text.lines().next().unwrap();
    assert_eq!(title, "青禾县人民政府2023年政府信息公开工作年度报告");
    // 114 lines at 60 a page: two pages, one break between them.
    let breaks = pdf.text.lines().filter(|l| *l == PAGE_BREAK).count();
    assert_eq!(breaks, 1);
}

#[test]
fn scans_encrypted_and_broken_pdfs_are_refused_naming_the_file() {
    let scan = Report::load(&common::sample("pdf-scan.pdf"))
        .unwrap_err()
        .to_string();
    assert!(
        scan.contains("pdf-scan.pdf") && scan.contains("needs OCR"),
        "{scan}"
    );
    let encrypted = Report::load(&common::sample("pdf-encrypted.pdf"))
        .unwrap_err()
        .to_string();
    assert!(
        encrypted.contains("pdf-encrypted.pdf") && encrypted.contains("encrypted PDF"),
        "{encrypted}"
    );
    let broken = Report::load(&common::sample("pdf-broken.pdf"))
        .unwrap_err()
        .to_string();
    assert!(
        broken.contains("pdf-broken.pdf") && broken.contains("broken"),
        "{broken}"
    );
    // Bytes with the PDF header are a PDF whatever the file's name.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("report.txt");
    std::fs::write(&renamed, b"%PDF-1.7\nnothing else").unwrap();
    let err = Report::load(&renamed).unwrap_err().to_string();
    assert!(err.contains("report.txt") && err.contains("PDF"), "{err}");
    for e in [&scan, &encrypted, &broken, &err] {
        assert!(!e.contains('\n'), "one line: {e}");
    }
}

#[test]
fn a_batch_reads_the_pdfs_it_can_and_exits_2_for_the_rest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args([
            "check",
            "samples/pdf-scan.pdf",
            "samples/pdf-layout.pdf",
            "samples/pdf-broken.pdf",
            "samples/pdf-encrypted.pdf",
            "samples/pdf-ruled.pdf",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(2), "{out}");
    for read in ["samples/pdf-layout.pdf", "samples/pdf-ruled.pdf"] {
        assert!(
            out.contains(&format!("{read}\ttemplate-2021\t2023\tok\n")),
            "{out}"
        );
    }
    let text = Command::new(env!("CARGO_BIN_EXE_gouji"))
        .args(["text", "samples/pdf-layout.pdf"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(String::from_utf8(text.stdout)
        .unwrap()
        .contains("第二十条 第（一）项"));
}

fn layout_bytes() -> Vec<u8> {
    std::fs::read(common::sample("pdf-layout.pdf")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A PDF cut anywhere gives text or an error, never a panic.
    #[test]
    fn truncated_pdfs_never_panic(cut in 0usize..9000) {
        let bytes = layout_bytes();
        let _ = page_text(&bytes[..cut.min(bytes.len())]);
    }

    /// A PDF with bytes overwritten anywhere gives text or an error, never a panic.
    #[test]
    fn byte_flipped_pdfs_never_panic(flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut bytes = layout_bytes();
        let len = bytes.len();
        for (at, byte) in flips {
            bytes[at % len] = byte;
        }
        let _ = page_text(&bytes);
    }
}

/// One page of a long PDF: a heading and a table of 768 ruled cells, nearly as dense in
/// rules and crossings as a page may be and still be read for tables.
fn unit() -> String {
    let mut text = String::from("三、收到和处理政府信息公开申请情况\n");
    for row in 0..48 {
        let cells: Vec<String> = (0..16).map(|c| ((row * 7 + c) % 10).to_string()).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// The fastest of two readings: the less disturbed by whatever else the machine runs.
fn fastest(bytes: &[u8]) -> Duration {
    (0..2)
        .map(|_| {
            let started = Instant::now();
            let _ = page_text(bytes);
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[derive(Clone, Debug)]
enum Damage {
    None,
    /// Cut at this fraction of the length, in thousandths.
    Truncate(usize),
    /// Bytes overwritten at these fractions of the length, in thousandths.
    Flip(Vec<(usize, u8)>),
}

fn damage(bytes: &[u8], how: &Damage) -> Vec<u8> {
    let at = |permille: usize| bytes.len() * permille / 1000;
    match how {
        Damage::None => bytes.to_vec(),
        Damage::Truncate(permille) => bytes[..at(*permille)].to_vec(),
        Damage::Flip(flips) => {
            let mut out = bytes.to_vec();
            for (permille, byte) in flips {
                let i = at(*permille).min(out.len() - 1);
                out[i] = *byte;
            }
            out
        }
    }
}

proptest! {
    // Each case reads 18 pages of dense tables twice: a few cases are what the time allows.
    #![proptest_config(ProptestConfig::with_cases(3))]

    /// Eight times the pages, whole, truncated or with bytes overwritten at the same places,
    /// take at most 40 times as long (8 if linear; the slack absorbs a shared machine's
    /// noise, never an absolute time): no page's rules, crossings or glyphs make the work
    /// grow faster than the file.
    #[test]
    fn damaged_pdfs_take_time_linear_in_their_pages(how in prop_oneof![
        Just(Damage::None),
        (500usize..1000).prop_map(Damage::Truncate),
        prop::collection::vec((0usize..1000, any::<u8>()), 1..6).prop_map(Damage::Flip),
    ]) {
        let unit = unit();
        let one = damage(&typeset::ruled_pdf(&unit), &how);
        let eight = damage(&typeset::ruled_pdf(&unit.repeat(8)), &how);
        let (t1, t8) = (fastest(&one), fastest(&eight));
        prop_assert!(t8 <= t1 * 40, "1×: {t1:?}, 8×: {t8:?} ({how:?})");
    }
}
