//! Finding report files: the paths a user names, directories walked recursively.

use std::path::{Path, PathBuf};

/// What a walk found: report files in a stable order, paths it could not walk, and what it
/// went around (symlink loops: every file is still found once, so they do not fail a run).
#[derive(Debug, Default)]
pub struct ReportFiles {
    pub files: Vec<PathBuf>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// Extensions taken from directories unless the user names others: plain text, saved web
/// pages and PDFs. A `const` string so clap can use it as a default.
pub const REPORT_EXTENSIONS: &str = "txt,html,htm,pdf";

/// [`REPORT_EXTENSIONS`] as a list.
pub fn report_extensions() -> Vec<String> {
    REPORT_EXTENSIONS.split(',').map(str::to_owned).collect()
}

/// Expands `paths`: a file is taken as it is, whatever its extension; a directory is walked
/// recursively (following links, with loops detected rather than followed) for files whose
/// extension is one of `extensions` (case-insensitive). Files found under each directory are
/// sorted so runs are reproducible.
pub fn find_reports(paths: &[PathBuf], extensions: &[String]) -> ReportFiles {
    let mut found = ReportFiles::default();
    for path in paths {
        if path.is_dir() {
            walk(path, extensions, &mut found);
        } else if path.exists() {
            found.files.push(path.clone());
        } else {
            found
                .errors
                .push(format!("{}: no such file or directory", path.display()));
        }
    }
    found
}

/// `files` with each file once, the first time it is named: `r.txt r.txt` or `dir dir/r.txt`
/// name one report, which must have one queue entry (two would share its annotation file and
/// each save would replace the other's). Files are compared by canonical path.
pub fn dedupe(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    files
        .into_iter()
        .filter(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())))
        .collect()
}

fn walk(dir: &Path, extensions: &[String], found: &mut ReportFiles) {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        match entry {
            Ok(entry) if entry.file_type().is_file() && has_extension(entry.path(), extensions) => {
                files.push(entry.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let place = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| dir.display().to_string());
                if e.loop_ancestor().is_some() {
                    found
                        .warnings
                        .push(format!("{place}: symlink loop, not followed"));
                    continue;
                }
                let why = e
                    .io_error()
                    .map(|io| io.to_string())
                    .unwrap_or_else(|| e.to_string());
                found.errors.push(format!("{place}: {why}"));
            }
        }
    }
    files.sort();
    found.files.extend(files);
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|want| want.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_sorted_and_filters_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        for f in ["b/c/z.txt", "a.TXT", "b/skip.html", "b/y.txt"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let found = find_reports(&[dir.path().to_owned()], &["txt".into()]);
        let names: Vec<_> = found
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.TXT", "b/c/z.txt", "b/y.txt"]);
        let with_html = find_reports(&[dir.path().to_owned()], &["txt".into(), "html".into()]);
        assert_eq!(with_html.files.len(), 4);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_do_not_hang() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/r.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("d/loop")).unwrap();
        let found = find_reports(&[dir.path().to_owned()], &["txt".into()]);
        assert_eq!(found.files.len(), 1);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert!(
            found.warnings.iter().any(|e| e.contains("loop")),
            "{:?}",
            found.warnings
        );
    }

    #[test]
    fn the_same_file_named_twice_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        let r = dir.path().join("d/r.txt");
        std::fs::write(&r, "x").unwrap();
        std::fs::write(dir.path().join("d/s.txt"), "y").unwrap();
        let named = [
            r.clone(),
            r.clone(),
            dir.path().join("d"),
            dir.path().join("d/../d/r.txt"),
        ];
        let found = find_reports(&named, &["txt".into()]);
        assert_eq!(found.files.len(), 5);
        let once = dedupe(found.files);
        assert_eq!(once, [r, dir.path().join("d/s.txt")]);
    }

    #[test]
    fn missing_paths_are_reported() {
        let found = find_reports(&[PathBuf::from("/no/such/dir")], &["txt".into()]);
        assert!(found.files.is_empty());
        assert_eq!(found.errors.len(), 1);
    }
}
