//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod tmux;

use std::path::PathBuf;

/// `../shared/reports` beside the checkout. When it is absent the caller skips with a printed
/// notice, except under CI (`CI` set), where its absence is a failure.
pub fn shared_reports() -> Option<PathBuf> {
    shared_dir("reports")
}

/// `../shared/real`, the real reports with gold labels; absent as `shared_reports` is.
pub fn shared_real() -> Option<PathBuf> {
    shared_dir("real")
}

fn shared_dir(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI is set", dir.display());
    }
    eprintln!(
        "skipping: {} is absent (real reports are not part of this repository)",
        dir.display()
    );
    None
}

/// The shared report whose file name starts with `prefix` (`"004"`).
pub fn shared_report(prefix: &str) -> Option<PathBuf> {
    let dir = shared_reports()?;
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix));
    Some(entry.unwrap_or_else(|| panic!("no report {prefix}_* in {}", dir.display())))
}

/// Path of a file under `samples/`.
pub fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Two annotators' sets for `report`, written into `<root>/li` and `<root>/wang`:
/// li corrects `t3.total.person` to 7 where wang confirms the printed 9; wang corrects
/// `t3.new.law_firm` to 2 where li confirms the printed 0; both confirm `t3.new.total`; only wang
/// acknowledges `T3-ROW[total]`. Returns the two directories.
pub fn two_annotators(root: &std::path::Path, report: &std::path::Path) -> (PathBuf, PathBuf) {
    use gouji::annotate::{store, Annotation};
    use gouji::value::Number;
    let loaded = gouji::report::Report::load(report).unwrap();
    let extraction = gouji::extract::extract(&loaded);
    let label = |who: &str, edit: &dyn Fn(&mut Annotation)| {
        let mut a = Annotation::from_extraction(&loaded, &extraction, who);
        edit(&mut a);
        let dir = root.join(who);
        store::save(&store::location(report, who, Some(&dir)), &a).unwrap();
        dir
    };
    let li = label("li", &|a| {
        a.set_value("t3.total.person", Some(Number::Int(7)))
            .unwrap();
        a.confirm("t3.new.law_firm").unwrap();
        a.confirm("t3.new.total").unwrap();
    });
    let wang = label("wang", &|a| {
        a.confirm("t3.total.person").unwrap();
        a.set_value("t3.new.law_firm", Some(Number::Int(2)))
            .unwrap();
        a.confirm("t3.new.total").unwrap();
        a.acknowledge("T3-ROW[total]", "印刷如此");
    });
    (li, wang)
}
