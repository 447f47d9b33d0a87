//! Gold labels across a corpus: exporting finished annotations, agreement between two
//! annotators, and evaluating the extractor against the gold.

pub mod agree;
pub mod eval;
pub mod export;

use std::path::{Path, PathBuf};

use crate::annotate::{store, Annotation};

/// Annotation files found under `roots`: every `*.json` inside a `.gouji/annotations`
/// directory, or anywhere under a root that is itself an annotations directory. Files that
/// cannot be read are reported, not skipped silently.
pub fn find_annotations(
    roots: &[PathBuf],
    roots_are_sets: bool,
) -> (Vec<(PathBuf, Annotation)>, Vec<String>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
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
        for (path, result) in load_all(files) {
            match result {
                Ok(Some(a)) => found.push((path, a)),
                Ok(None) => {}
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    (found, errors)
}

type Loaded = (PathBuf, Result<Option<Annotation>, store::StoreError>);

/// Parses annotation files on every core, keeping their order.
fn load_all(files: Vec<PathBuf>) -> Vec<Loaded> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| (p.clone(), store::load(p)))
                        .collect::<Vec<Loaded>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
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
