//! The layout zoo: random valid tables rendered in every layout family and read back. Each
//! value must come back as printed, or be marked ambiguous or guessed — never a wrong value
//! marked certain, which an analyst would take for the report's own number.

mod zoo;

use std::collections::BTreeMap;

use gouji::extract::{extract, Reading};
use gouji::report::Report;
use gouji::value::Number;
use zoo::{random_tables, Rendering, Rng, FAMILIES};

/// Reports per family.
const ROUNDS: u64 = 40;

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
    wrong_certain: Vec<String>,
    wrong: Vec<String>,
}

fn same(expected: &Option<String>, got: Option<Number>) -> bool {
    match (expected.as_deref().and_then(Number::parse), got) {
        (Some(a), Some(b)) => a.cmp(&b) == std::cmp::Ordering::Equal,
        (None, None) => true,
        _ => false,
    }
}

fn read_back(seed: u64, r: &Rendering, tally: &mut Tally) {
    let report = Report::from_text(format!("zoo-{}-{seed}.txt", r.family), &r.text);
    let e = extract(&report);
    for (id, expected) in &r.expected {
        tally.total += 1;
        let got = e.fields.get(id);
        if got.is_some_and(|f| same(expected, f.value)) {
            tally.right += 1;
            continue;
        }
        let what = format!(
            "{} seed {seed}: {id} read {:?} ({:?}), printed {expected:?}",
            r.family,
            got.map(|f| f.value),
            got.map(|f| f.reading)
        );
        if got.is_some_and(|f| f.reading == Reading::Certain) {
            tally.wrong_certain.push(what.clone());
        }
        tally.wrong.push(what);
    }
}

#[test]
fn every_family_reads_back_what_it_printed_and_never_a_wrong_value_as_certain() {
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for seed in 0..ROUNDS {
        let tables = random_tables(&mut Rng::new(seed));
        for render in FAMILIES {
            let rendering = render(&tables, &mut Rng::new(seed * 31 + 7));
            read_back(
                seed,
                &rendering,
                tallies.entry(rendering.family).or_default(),
            );
        }
    }
    let mut report = String::new();
    for (family, t) in &tallies {
        report += &format!(
            "{family}: {}/{} = {:.4}, wrong and certain {}\n",
            t.right,
            t.total,
            t.right as f64 / t.total as f64,
            t.wrong_certain.len()
        );
    }
    eprintln!("{report}");
    for (family, t) in &tallies {
        assert!(
            t.wrong_certain.is_empty(),
            "{family}: wrong values marked certain:\n{}",
            t.wrong_certain
                .iter()
                .take(20)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let right: usize = tallies.values().map(|t| t.right).sum();
    let total: usize = tallies.values().map(|t| t.total).sum();
    let worst: Vec<String> = tallies
        .values()
        .flat_map(|t| t.wrong.iter().take(8).cloned())
        .collect();
    assert!(
        right as f64 / total as f64 >= 0.995,
        "{report}{}",
        worst.join("\n")
    );
}

/// The samples of each layout family: one report's tables in every family, under names of
/// our own invention. `GOUJI_WRITE_SAMPLES=1 cargo test --test layout_zoo` writes them.
fn layout_samples() -> Vec<(String, Rendering)> {
    let tables = random_tables(&mut Rng::new(2024));
    let names = [
        ("layout-pdftotext.txt", "青禾县"),
        ("layout-reading-order.txt", "白沙县"),
        ("layout-web-flattened.txt", "临川区"),
        ("layout-tab-separated.txt", "柳岸县"),
        ("layout-markdown.txt", "石桥县"),
        ("layout-ocr.txt", "云岭县"),
    ];
    FAMILIES
        .iter()
        .zip(names)
        .map(|(render, (file, county))| {
            let mut r = render(&tables, &mut Rng::new(2024));
            r.text = r.text.replace("XX县", county);
            (file.to_owned(), r)
        })
        .collect()
}

#[test]
fn the_layout_samples_are_the_zoos_renderings_and_read_back_as_printed() {
    for (file, rendering) in layout_samples() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(&file);
        if std::env::var_os("GOUJI_WRITE_SAMPLES").is_some() {
            std::fs::write(&path, &rendering.text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap();
        assert!(
            committed == rendering.text,
            "{file} differs from its rendering: GOUJI_WRITE_SAMPLES=1 rewrites it"
        );
        let e = extract(&Report::load(&path).unwrap());
        assert_eq!(e.meta.format, gouji::fields::Format::Template2021, "{file}");
        assert_eq!(e.meta.year.map(|y| y.value), Some(2023), "{file}");
        let mut tally = Tally::default();
        read_back(0, &rendering, &mut tally);
        assert!(
            tally.wrong_certain.is_empty(),
            "{file}: {:?}",
            tally.wrong_certain
        );
        assert!(
            tally.wrong.len() <= 6,
            "{file}: {} wrong: {:?}",
            tally.wrong.len(),
            tally.wrong
        );
    }
}
