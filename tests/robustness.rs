//! The whole pipeline (decode → extract → check → fix candidates → JSON) on hostile input:
//! arbitrary bytes, mutated real reports and samples, pathological shapes. Never a panic, and
//! every span slices the text.

mod common;

use std::path::Path;

use gouji::extract::extract;
use gouji::report::Report;
use gouji::rules::{check, fixes};
use proptest::prelude::*;

fn pipeline(bytes: &[u8]) {
    pipeline_as(Path::new("x.txt"), bytes);
    // The same bytes read as a saved web page: any text is also (broken) HTML.
    pipeline_as(Path::new("x.html"), bytes);
}

fn pipeline_as(path: &Path, bytes: &[u8]) {
    let Ok(report) = Report::from_bytes(path, bytes) else {
        return;
    };
    let e = extract(&report);
    for (id, f) in &e.fields {
        assert!(f.span.slice(&report.text).is_some(), "{id}: {:?}", f.span);
    }
    for f in e.text_values.values() {
        assert!(f.span.slice(&report.text).is_some());
    }
    for r in &e.unmapped {
        assert!(r.span.slice(&report.text).is_some(), "{}", r.label);
    }
    for f in &e.flags {
        assert!(f.span.slice(&report.text).is_some(), "{}", f.message);
    }
    if let Some(y) = &e.meta.year {
        assert!(y.span.slice(&report.text).is_some());
    }
    if let Some(a) = &e.meta.agency {
        assert_eq!(a.span.slice(&report.text), Some(a.value.as_str()));
    }
    if let Some(s) = e.all_answered {
        assert!(s.slice(&report.text).is_some());
    }
    let violations = check(&e);
    serde_json::to_string(&violations).unwrap();
    for c in fixes::candidates(&e, 3) {
        if let Some(s) = c.span {
            assert!(s.slice(&report.text).is_some(), "{}", c.reason);
        }
    }
}

/// Real reports when present, and the samples (always), text and web pages.
fn corpus() -> Vec<Vec<u8>> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(common::sample(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    if let Some(dir) = common::shared_reports() {
        files.extend(
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt")),
        );
    }
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    DeleteLine(usize),
    InsertPipe(usize),
    RemovePipes,
    HugeNumber(usize),
    FullWidth,
    DuplicateLine(usize),
    MixLineEndings,
    /// Cuts the markup: drops the n-th `>` (an unterminated tag swallows what follows).
    DropTagEnd(usize),
    /// Pastes a table fragment at byte n: cells outside rows, spans past the table's end.
    InsertCells(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::InsertPipe),
        Just(Mutation::RemovePipes),
        any::<usize>().prop_map(Mutation::HugeNumber),
        Just(Mutation::FullWidth),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        Just(Mutation::MixLineEndings),
        any::<usize>().prop_map(Mutation::DropTagEnd),
        any::<usize>().prop_map(Mutation::InsertCells),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let lines: Vec<&str> = text.split('\n').collect();
    let pick = |n: usize| n % lines.len().max(1);
    match m {
        Mutation::Truncate(n) => bytes[..n % (bytes.len() + 1)].to_vec(),
        Mutation::DeleteLine(n) => {
            let mut l = lines.clone();
            if !l.is_empty() {
                l.remove(pick(*n));
            }
            l.join("\n").into_bytes()
        }
        Mutation::InsertPipe(n) => {
            let mut b = bytes.to_vec();
            b.insert(n % (b.len() + 1), b'|');
            b
        }
        Mutation::RemovePipes => text.replace('|', "").into_bytes(),
        Mutation::HugeNumber(n) => {
            let mut count = 0;
            let which = n % 50;
            let mut out = String::new();
            for c in text.chars() {
                if c.is_ascii_digit() {
                    count += 1;
                    if count == which {
                        out.push_str("1234567890123456789012345678901234567890");
                        continue;
                    }
                }
                out.push(c);
            }
            out.into_bytes()
        }
        Mutation::FullWidth => text
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap()
                } else {
                    c
                }
            })
            .collect::<String>()
            .into_bytes(),
        Mutation::DuplicateLine(n) => {
            let mut l = lines.clone();
            if !l.is_empty() {
                let i = pick(*n);
                l.insert(i, lines[i]);
            }
            l.join("\n").into_bytes()
        }
        Mutation::MixLineEndings => text
            .split('\n')
            .enumerate()
            .map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3]))
            .collect::<String>()
            .into_bytes(),
        Mutation::DropTagEnd(n) => {
            let ends: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'>')
                .map(|(i, _)| i)
                .collect();
            let mut b = bytes.to_vec();
            if !ends.is_empty() {
                b.remove(ends[n % ends.len()]);
            }
            b
        }
        Mutation::InsertCells(n) => {
            let mut b = bytes.to_vec();
            let at = n % (b.len() + 1);
            b.splice(
                at..at,
                b"<td rowspan=40 colspan=7>9</td><tr><td>\xe6\x80\xbb 3<table><td>5"
                    .iter()
                    .copied(),
            );
            b
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        pipeline(&bytes);
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,600}") {
        pipeline(s.as_bytes());
    }

    #[test]
    fn mutated_reports(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..4)) {
        let corpus = corpus();
        let mut bytes = corpus[which % corpus.len()].clone();
        for m in &mutations {
            bytes = apply(&bytes, m);
        }
        pipeline(&bytes);
    }
}

#[test]
fn pathological_shapes() {
    pipeline("申请".repeat(500_000).as_bytes());
    pipeline("|".repeat(1_000_000).as_bytes());
    pipeline(format!("一、本年新收政府信息公开申请数量 |\n{} |\n", "9".repeat(40)).as_bytes());
    pipeline("e\u{301}\u{200B}\u{202E}مرحبا\u{0}\u{7}申请6件".as_bytes());
    pipeline("收到申请1件\r\n办结1件\r按时办结1件\n".as_bytes());
    pipeline(b"<html><head><meta charset=gbk><table><tr><td colspan=\"2\">\xb1\xa8<td>6</tr><tr><td rowspan=9>|||</table");
    pipeline(b"<p>\xe6\x94\xb6\xe5\x88\xb0\xe7\x94\xb3\xe8\xaf\xb76\xe4\xbb\xb6<br><td>");
    pipeline(&[0xFF, 0xFE, 0x00]);
    pipeline(&[0xEF, 0xBB, 0xBF]);
}
