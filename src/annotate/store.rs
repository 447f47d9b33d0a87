//! Annotation files on disk: where they live, reading them without ever losing one, and
//! writing them atomically.

use std::fmt;
use std::path::{Path, PathBuf};

use super::model::{Annotation, SCHEMA_VERSION};

/// Why an annotation file could not be read or written. Names the file, and the line and
/// column for a file that does not parse.
#[derive(Debug)]
pub struct StoreError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for StoreError {}

fn error(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError {
        path: path.to_owned(),
        message: message.into(),
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

/// Reads an annotation; a missing file is `Ok(None)`.
pub fn load(path: &Path) -> Result<Option<Annotation>, StoreError> {
    let bytes = match crate::report::read_file(path, crate::report::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(path, format!("cannot read: {e}"))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        error(
            path,
            format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })?;
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
                format!(
                    "schema_version {} is not one this gouji reads ({SCHEMA_VERSION})",
                    a.schema_version
                ),
            ))
        }
        Err(e) => e,
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        error(
            path,
            format!(
                "line {}, column {}: not valid JSON: {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v != u64::from(SCHEMA_VERSION) => Err(error(
            path,
            format!("schema_version {v} is not one this gouji reads ({SCHEMA_VERSION})"),
        )),
        None => Err(error(
            path,
            "no schema_version: not a gouji annotation file",
        )),
        Some(_) => Err(error(
            path,
            format!(
                "line {}, column {}: {typed_error}",
                typed_error.line(),
                typed_error.column()
            ),
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
                format!(
                    "not overwritten, because the file there is unreadable ({})",
                    e.message
                ),
            ));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| error(path, format!("cannot create directory: {e}")))?;
    super::disk::replace(&super::disk::RealDisk, path, &to_bytes(annotation))
        .map_err(|e| error(path, format!("cannot write: {e}")))?;
    Ok(())
}
