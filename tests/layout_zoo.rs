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
