//! Annotation files on disk: where they live, reading them without ever losing one, and
//! writing them atomically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::model::{Annotation, SCHEMA_VERSION};

/// Why an annotation file could not be read or written. Names the file; what went wrong is
/// a [`StoreProblem`] callers can branch on (an unreadable file is moved aside, a failed write
/// is offered elsewhere).
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct StoreError {
    pub path: PathBuf,
    #[source]
    pub problem: StoreProblem,
}

/// What went wrong with an annotation file; the line and column for a file that does not parse.
#[derive(Debug, thiserror::Error)]
pub enum StoreProblem {
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    #[error("not UTF-8 at byte {0}")]
    NotUtf8(usize),
    #[error("line {}, column {}: not valid JSON: {source}", source.line(), source.column())]
    NotJson { source: serde_json::Error },
    #[error("no schema_version: not a gouji annotation file")]
    NoSchemaVersion,
    #[error("schema_version {0} is not one this gouji reads ({SCHEMA_VERSION})")]
    OtherSchema(u64),
    #[error("line {}, column {}: {source}", source.line(), source.column())]
    Malformed { source: serde_json::Error },
    #[error("not overwritten, because the file there is unreadable ({0})")]
    WouldReplaceUnreadable(Box<StoreProblem>),
    #[error("cannot create directory: {0}")]
    CreateDir(#[source] std::io::Error),
    #[error("cannot write: {0}")]
    Write(#[source] std::io::Error),
}

fn error(path: &Path, problem: StoreProblem) -> StoreError {
    StoreError {
        path: path.to_owned(),
        problem,
    }
}

/// A path component made of the annotator's name: no separators, no dots at the start.
pub fn sanitize(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "anonymous".to_owned()
    } else {
        cleaned
    }
}

/// Where the annotation of `report` by `annotator` lives: in `dir` when given, else in
/// `.gouji/annotations/<annotator>/` beside the report; named after the report file.
pub fn location(report: &Path, annotator: &str, dir: Option<&Path>) -> PathBuf {
    let name = report
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let base = match dir {
        Some(d) => d.to_owned(),
        None => report
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join(".gouji")
            .join("annotations")
            .join(sanitize(annotator)),
    };
    base.join(format!("{name}.json"))
}

/// Where one annotator's annotations of a session's reports are. Beside each report, file
/// names cannot collide (one report per name in a directory); in one directory given with
/// `--annotations`, two reports of the same name in different directories would share a
/// file and each save would replace the other's. There, a name shared by several reports of
/// the session gets a hash of the report's canonical path (`report.txt.3f2a9c01b7de.json`),
/// except for the report an existing `report.txt.json` was made for (its recorded sha256),
/// which keeps that file: nothing is moved or renamed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locations {
    pub annotator: String,
    pub dir: Option<PathBuf>,
    /// The reports whose file is not [`location`]'s, and where theirs is.
    pub files: HashMap<PathBuf, PathBuf>,
}

impl Locations {
    pub fn new(annotator: &str, dir: Option<&Path>, reports: &[PathBuf]) -> Locations {
        let mut files = HashMap::new();
        if let Some(dir) = dir {
            let mut by_name: HashMap<&std::ffi::OsStr, Vec<&PathBuf>> = HashMap::new();
            for report in reports {
                by_name
                    .entry(report.file_name().unwrap_or_default())
                    .or_default()
                    .push(report);
            }
            for sharing in by_name.values().filter(|r| r.len() > 1) {
                let plain = location(sharing[0], annotator, Some(dir));
                let owner = load(&plain).ok().flatten().and_then(|a| {
                    sharing.iter().position(|r| {
                        crate::report::read_file(r, crate::report::MAX_FILE_BYTES)
                            .is_ok_and(|b| crate::report::sha256_hex(&b) == a.report.sha256)
                    })
                });
                for (i, report) in sharing.iter().enumerate() {
                    if Some(i) != owner {
                        files.insert((*report).clone(), keyed_location(report, &plain));
                    }
                }
            }
        }
        Locations {
            annotator: annotator.to_owned(),
            dir: dir.map(Path::to_owned),
            files,
        }
    }

    /// The annotation file of `report`.
    pub fn of(&self, report: &Path) -> PathBuf {
        located(&self.files, report, &self.annotator, self.dir.as_deref())
    }
}

/// The annotation file of `report`: its entry in `files`, else [`location`].
pub fn located(
    files: &HashMap<PathBuf, PathBuf>,
    report: &Path,
    annotator: &str,
    dir: Option<&Path>,
) -> PathBuf {
    files
        .get(report)
        .cloned()
        .unwrap_or_else(|| location(report, annotator, dir))
}

/// `plain` with a hash of `report`'s canonical path before `.json`.
fn keyed_location(report: &Path, plain: &Path) -> PathBuf {
    let canonical = report.canonicalize().unwrap_or_else(|_| report.to_owned());
    let hash = crate::report::sha256_hex(canonical.as_os_str().as_encoded_bytes());
    let name = plain.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    plain.with_file_name(format!("{stem}.{}.json", &hash[..12]))
}

/// Reads an annotation; a missing file is `Ok(None)`.
pub fn load(path: &Path) -> Result<Option<Annotation>, StoreError> {
    let bytes = match crate::report::read_file(path, crate::report::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(path, StoreProblem::Read(e))),
    };
    let text = String::from_utf8(bytes)
        .map_err(|e| error(path, StoreProblem::NotUtf8(e.utf8_error().valid_up_to())))?;
    parse(path, &text).map(Some)
}

/// Parses an annotation file's text, checking its schema version first so that a newer
/// file is refused for what it is rather than for a missing field.
pub fn parse(path: &Path, text: &str) -> Result<Annotation, StoreError> {
    // One typed parse in the common case; the schema version is looked at only to explain a
    // failure, so a newer file is refused for what it is rather than for a missing field.
    let typed_error = match serde_json::from_str::<Annotation>(text) {
        Ok(a) if a.schema_version == SCHEMA_VERSION => return Ok(a),
        Ok(a) => {
            return Err(error(
                path,
                StoreProblem::OtherSchema(a.schema_version.into()),
            ))
        }
        Err(e) => e,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| error(path, StoreProblem::NotJson { source: e }))?;
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v != u64::from(SCHEMA_VERSION) => Err(error(path, StoreProblem::OtherSchema(v))),
        None => Err(error(path, StoreProblem::NoSchemaVersion)),
        Some(_) => Err(error(
            path,
            StoreProblem::Malformed {
                source: typed_error,
            },
        )),
    }
}

/// The bytes an annotation is stored as: pretty JSON in declared key order, newline-terminated.
pub fn to_bytes(annotation: &Annotation) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(annotation).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Writes atomically (see [`super::disk::replace`]), keeping the previous version as
/// `<file>.bak`. An existing file that is not a readable annotation is never
/// replaced: it may be the analyst's work in a form this version does not understand.
pub fn save(path: &Path, annotation: &Annotation) -> Result<(), StoreError> {
    if path.exists() {
        if let Err(e) = load(path) {
            return Err(error(
                path,
                StoreProblem::WouldReplaceUnreadable(Box::new(e.problem)),
            ));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| error(path, StoreProblem::CreateDir(e)))?;
    super::disk::replace(&super::disk::RealDisk, path, &to_bytes(annotation))
        .map_err(|e| error(path, StoreProblem::Write(e)))?;
    Ok(())
}
