//! Gold labels across a corpus: exporting finished annotations, agreement between two
//! annotators, and evaluating the extractor against the gold.

pub mod agree;
pub mod eval;
pub mod export;

use std::path::{Path, PathBuf};

use crate::annotate::{store, ReportStatus};
use export::GoldRecord;

/// The gold records of the annotation files found under `roots`: every `*.json` inside a
/// `.gouji/annotations` directory, or anywhere under a root that is itself an annotation set.
/// Finished reports only unless `include_unfinished`; sorted by report path, then annotator.
/// Files that cannot be read, and roots that do not exist, are reported, not skipped silently.
pub struct GoldRecords {
    pub records: Vec<GoldRecord>,
    /// Annotation files read, finished or not.
    pub annotations: usize,
    pub errors: Vec<String>,
}

pub fn find_records(
    roots: &[PathBuf],
    roots_are_sets: bool,
    include_unfinished: bool,
) -> GoldRecords {
    let mut found = GoldRecords {
        records: Vec::new(),
        annotations: 0,
        errors: Vec::new(),
    };
    for root in roots {
        if !root.exists() {
            found
                .errors
                .push(format!("{}: no such annotation directory", root.display()));
            continue;
        }
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| roots_are_sets || in_annotations_dir(p))
            .collect();
        files.sort();
        for result in load_all(&files, include_unfinished) {
            match result {
                Ok(Some((record, wanted))) => {
                    found.annotations += 1;
                    found.records.extend(wanted.then_some(record));
                }
                Ok(None) => {}
                Err(e) => found.errors.push(e.to_string()),
            }
        }
    }
    export::sort(&mut found.records);
    found
}

/// A file read: its record and whether it is wanted, or why it could not be read.
type Loaded = Result<Option<(GoldRecord, bool)>, store::StoreError>;

/// Reads annotation files on every core, keeping their order. Each file becomes its gold
/// record in the worker that parsed it, so the full annotations (evidence, context, notes)
/// never pile up in memory.
fn load_all(files: &[PathBuf], include_unfinished: bool) -> Vec<Loaded> {
    map_in_order(files, |path| -> Loaded {
        Ok(store::load(path)?.map(|a| {
            let wanted = include_unfinished || a.status == ReportStatus::Done;
            (GoldRecord::from_annotation(&a), wanted)
        }))
    })
}

/// `f` over `items` on every core, the results in the items' order. A worker's panic is
/// raised again here rather than losing its share of the results.
fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn in_annotations_dir(path: &Path) -> bool {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts
        .windows(2)
        .any(|w| w[0] == ".gouji" && w[1] == "annotations")
}

/// The group a field id belongs to, for per-group figures: `t2`, `t3`, `t4`, `legacy`, `meta`.
pub fn group(field: &str) -> &str {
    field.split('.').next().unwrap_or(field)
}
