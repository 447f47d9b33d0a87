//! The gold-label commands: `export`, `agree`, `eval`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::gold::{self, agree::Agreement, eval::Evaluation, export::GoldRecord};
use crate::report::sha256_hex;
use crate::text::width::escape_controls;

/// Annotation records from a directory of annotation files or a gold JSONL file. A path that
/// is neither is an error: compared with nothing, two sets would agree perfectly.
fn records(
    source: &Path,
    include_unfinished: bool,
) -> anyhow::Result<(Vec<GoldRecord>, Vec<String>)> {
    if !source.exists() {
        anyhow::bail!(
            "{}: no such annotation directory or gold file",
            source.display()
        );
    }
    if !source.is_dir() && !source.is_file() {
        anyhow::bail!(
            "{}: not an annotation directory nor a gold file",
            source.display()
        );
    }
    if source.is_file() {
        let records = gold::export::read_jsonl(source).map_err(anyhow::Error::msg)?;
        return Ok((records, vec![]));
    }
    let found = gold::find_records(&[source.to_owned()], true, include_unfinished);
    Ok((found.records, found.errors))
}

pub fn export(
    sets: &[PathBuf],
    include_unfinished: bool,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let found = if sets.is_empty() {
        gold::find_records(&[PathBuf::from(".")], false, include_unfinished)
    } else {
        gold::find_records(sets, true, include_unfinished)
    };
    for e in &found.errors {
        super::output::warn(e);
    }
    let records = &found.records;
    let text = super::output::json_escaped(gold::export::to_jsonl(records)?);
    match output {
        Some(path) => {
            crate::annotate::disk::replace(&crate::annotate::disk::RealDisk, path, text.as_bytes())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    eprintln!(
        "gouji: exported {} of {} annotations{}",
        records.len(),
        found.annotations,
        if include_unfinished {
            ""
        } else {
            " (finished ones)"
        }
    );
    Ok(if found.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn agree(a: &Path, b: &Path, json: bool) -> anyhow::Result<ExitCode> {
    // The two sides are read at once.
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| records(b, true));
        (records(a, true), other.join())
    });
    let (ra, ea) = first?;
    let (rb, eb) = second.map_err(|_| anyhow::anyhow!("reading {} failed", b.display()))??;
    for e in ea.iter().chain(&eb) {
        super::output::warn(e);
    }
    let result = gold::agree::agree(&ra, &rb);
    if json {
        println!("{}", super::output::json_line(&result));
    } else {
        print_agreement(&result);
    }
    // Figures from part of a set are printed, but a script must not take them for the whole.
    Ok(if ea.is_empty() && eb.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn print_agreement(r: &Agreement) {
    println!(
        "reports compared: {} (only in A: {}, only in B: {})",
        r.reports,
        r.only_in_a.len(),
        r.only_in_b.len()
    );
    print_rates(r.groups.iter().map(|(k, v)| (k.as_str(), v)), 8);
    print_rates([("overall", &r.overall)], 8);
    println!("status kappa: {:.3}", r.status_kappa);
    for (rule, a) in &r.acknowledgements {
        let rule = escape_controls(rule);
        println!(
            "  acknowledged {rule}: both {}, only A {}, only B {} ({:.3})",
            a.both, a.only_a, a.only_b, a.rate
        );
    }
    println!("disagreements: {}", r.disagreements.len());
    for d in &r.disagreements {
        let show = |s: &gold::agree::AnnotatorLabel| {
            format!(
                "{} ({:?})",
                s.value.map_or("null".into(), |v| v.to_string()),
                s.status
            )
            .to_lowercase()
        };
        println!(
            "  {} {}: A {} / B {}",
            escape_controls(&d.report),
            escape_controls(&d.field),
            show(&d.a),
            show(&d.b)
        );
    }
}

pub fn eval(gold_file: &Path, reports: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let gold = gold::export::read_jsonl(gold_file).map_err(anyhow::Error::msg)?;
    let by_sha: std::collections::HashMap<String, PathBuf> =
        crate::corpus::find_reports(reports, &crate::corpus::report_extensions())
            .files
            .into_iter()
            .filter_map(|p| {
                crate::report::read_file(&p, crate::report::MAX_FILE_BYTES)
                    .ok()
                    .map(|b| (sha256_hex(&b), p))
            })
            .collect();
    let find = |r: &GoldRecord| -> Option<PathBuf> {
        if reports.is_empty() {
            Some(PathBuf::from(&r.path))
        } else {
            by_sha.get(&r.sha256).cloned()
        }
    };
    let result = gold::eval::evaluate(&gold, &find);
    if json {
        println!("{}", super::output::json_line(&result));
    } else {
        print_evaluation(&result);
    }
    Ok(if result.missing_reports.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn print_evaluation(r: &Evaluation) {
    println!(
        "reports evaluated: {} (not found: {})",
        r.reports,
        r.missing_reports.len()
    );
    for p in &r.missing_reports {
        println!("  not found: {}", escape_controls(p));
    }
    println!("field accuracy by group:");
    print_rates(r.groups.iter().map(|(k, v)| (k.as_str(), v)), 8);
    println!("field accuracy by format:");
    print_rates(r.formats.iter().map(|(k, v)| (k.as_str(), v)), 14);
    if !r.layouts.is_empty() {
        println!("field accuracy by layout family:");
        print_rates(r.layouts.iter().map(|(k, v)| (k.as_str(), v)), 18);
    }
    println!(
        "overall: {}/{} {:.3}",
        r.overall.agree, r.overall.total, r.overall.rate
    );
    println!(
        "reports with format right: {}/{}, year right: {}/{}",
        r.format.agree, r.format.total, r.year.agree, r.year.total
    );
    println!(
        "wrong values read as certain: {} (a misreading that looks like the report's own number)",
        r.wrong_certain
    );
    for (rule, n) in &r.extra_violations {
        println!(
            "  raised but not in the gold: {} ×{n}",
            escape_controls(rule)
        );
    }
    for (rule, n) in &r.missed_violations {
        println!(
            "  in the gold but not raised: {} ×{n}",
            escape_controls(rule)
        );
    }
    println!("worst reports, with their wrong cells (field: extracted → gold):");
    let shown =
        |n: &Option<crate::value::Number>| n.map_or_else(|| "—".to_owned(), |v| v.to_string());
    for s in r.worst.iter().take(10) {
        println!(
            "  {} {} wrong of {}",
            escape_controls(&s.path),
            s.wrong,
            s.fields
        );
        for wrong in &s.errors {
            let how = wrong.reading.map_or("not read", |r| match r {
                crate::extract::Reading::Certain => "certain",
                crate::extract::Reading::Ambiguous => "ambiguous",
                crate::extract::Reading::Guessed => "guessed",
            });
            println!(
                "    {}: {} → {} ({how})",
                escape_controls(&wrong.field),
                shown(&wrong.extracted),
                shown(&wrong.gold)
            );
        }
    }
}

/// One line per group: agreeing / total and the rate.
fn print_rates<'a>(
    rates: impl IntoIterator<Item = (&'a str, &'a gold::agree::Rate)>,
    width: usize,
) {
    for (name, rate) in rates {
        println!(
            "  {:<width$} {:>6}/{:<6} {:.3}",
            escape_controls(name),
            rate.agree,
            rate.total,
            rate.rate
        );
    }
}
