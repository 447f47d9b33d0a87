//! A loaded report: where it came from, its bytes' hash, its decoded text and a line index.

use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use std::ops::Range;

use crate::text::decode::{decode, decode_declared, DecodeError, SourceEncoding};
use crate::text::html::{self, TableRow};
use crate::text::pdf::{self, PdfError};
use crate::text::wrap::Lines;

/// A report file decoded to UTF-8. All offsets elsewhere are byte offsets into `text`; for a
/// web page, `text` is the page's text as a reader sees it, not its markup; for a PDF, its
/// pages' text laid out as on the page.
#[derive(Clone, Debug)]
pub struct Report {
    pub path: PathBuf,
    pub sha256: String,
    pub encoding: SourceEncoding,
    pub text: String,
    /// For a web page, the rows of its data tables as the markup defines them (`None` for a
    /// text file, whose tables are read from the text).
    pub markup: Option<Vec<TableRow>>,
    /// Whether `text` was laid out from a PDF's pages.
    pub from_pdf: bool,
    line_starts: Vec<usize>,
}

/// A file that could not be loaded as a report; the message names the file.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: LoadErrorReason,
}

#[derive(Debug)]
pub enum LoadErrorReason {
    Io(std::io::Error),
    NotAReport(DecodeError),
    /// A PDF that gives no text: a scan, encrypted or broken.
    Pdf(PdfError),
}

/// The largest file gouji reads (reports, annotation files): 256 MB. A report is a few
/// hundred KB; anything far larger is a mistake (or `/dev/zero`) and would only exhaust
/// memory.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads a whole regular file of at most `cap` bytes. A FIFO, a device, a socket or a
/// directory is refused without reading from it (opening does not wait for a FIFO's
/// writer), and so is a file larger than `cap`, even one that grows while it is read.
pub fn read_file(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", file_kind(&meta)),
        ));
    }
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("larger than {} MB, not read", cap >> 20),
        )
    };
    if meta.len() > cap {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    Ok(bytes)
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            LoadErrorReason::Io(e) => write!(f, "{}: cannot read: {e}", self.path.display()),
            LoadErrorReason::NotAReport(e) => write!(f, "{}: {e}", self.path.display()),
            LoadErrorReason::Pdf(e) => write!(f, "{}: {e}", self.path.display()),
        }
    }
}

impl std::error::Error for LoadError {}

impl Report {
    /// Reads and decodes a report file.
    pub fn load(path: &Path) -> Result<Report, LoadError> {
        let bytes = read_file(path, MAX_FILE_BYTES).map_err(|e| LoadError {
            path: path.to_owned(),
            reason: LoadErrorReason::Io(e),
        })?;
        Report::from_bytes(path, &bytes)
    }

    /// Decodes bytes already in memory. `path` is recorded, and its extension tells a PDF or
    /// a web page (as do the PDF header or markup at the start of the bytes).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Report, LoadError> {
        if pdf::is_pdf(path, bytes) {
            let laid_out = pdf::page_text(bytes).map_err(|e| LoadError {
                path: path.to_owned(),
                reason: LoadErrorReason::Pdf(e),
            })?;
            let mut report = Report::new(
                path.to_owned(),
                sha256_hex(bytes),
                SourceEncoding::Utf8,
                laid_out.text,
            );
            report.from_pdf = true;
            return Ok(report);
        }
        let not_a_report = |e| LoadError {
            path: path.to_owned(),
            reason: LoadErrorReason::NotAReport(e),
        };
        if !html::is_html(path, bytes) {
            let (text, encoding) = decode(bytes).map_err(not_a_report)?;
            return Ok(Report::new(
                path.to_owned(),
                sha256_hex(bytes),
                encoding,
                text,
            ));
        }
        let (markup, encoding) =
            decode_declared(bytes, html::declared_charset(bytes)).map_err(not_a_report)?;
        let page = html::page(&markup);
        if page.text.trim().is_empty() {
            return Err(not_a_report(DecodeError::EmptyPage));
        }
        let mut report = Report::new(path.to_owned(), sha256_hex(bytes), encoding, page.text);
        report.markup = Some(page.rows);
        Ok(report)
    }

    /// A report from text already decoded (tests, generated corpora).
    pub fn from_text(path: impl Into<PathBuf>, text: &str) -> Report {
        Report::new(
            path.into(),
            sha256_hex(text.as_bytes()),
            SourceEncoding::Utf8,
            text.to_owned(),
        )
    }

    fn new(path: PathBuf, sha256: String, encoding: SourceEncoding, text: String) -> Report {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Report {
            path,
            sha256,
            encoding,
            text,
            markup: None,
            from_pdf: false,
            line_starts,
        }
    }

    /// What kind of file the text came from: `text`, `html` for a web page or `pdf` (whose
    /// spans point into the page's text, which `gouji text` prints).
    pub fn document(&self) -> &'static str {
        if self.from_pdf {
            "pdf"
        } else if self.markup.is_some() {
            "html"
        } else {
            "text"
        }
    }

    /// File name for display.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

impl Lines for Report {
    fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (a final line without a newline counts).
    fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of line `index` (0-based), without its line terminator.
    fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_starts[index];
        let mut end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        if self.text[start..end].ends_with('\r') {
            end -= 1;
        }
        start..end
    }

    /// 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_handles_crlf_and_missing_final_newline() {
        let r = Report::from_text("x.txt", "一\r\n二三\nlast");
        assert_eq!(r.line_count(), 3);
        assert_eq!(&r.text[r.line_range(0)], "一");
        assert_eq!(&r.text[r.line_range(1)], "二三");
        assert_eq!(&r.text[r.line_range(2)], "last");
        assert_eq!(r.line_of(0), 0);
        assert_eq!(r.line_of(5), 1);
        assert_eq!(r.line_of(r.text.len()), 2);
    }

    #[test]
    fn load_error_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.txt");
        std::fs::write(&path, b"").unwrap();
        let err = Report::load(&path).unwrap_err().to_string();
        assert!(err.contains("empty.txt"), "{err}");
        assert!(err.contains("empty file"), "{err}");
        let missing = Report::load(&dir.path().join("nope.txt")).unwrap_err();
        assert!(missing.to_string().contains("nope.txt"));
    }

    #[test]
    fn sha256_is_of_the_original_bytes() {
        let (gbk, _, _) = encoding_rs::GBK.encode("收到申请");
        let r = Report::from_bytes(Path::new("g.txt"), &gbk).unwrap();
        assert_eq!(r.sha256, sha256_hex(&gbk));
        assert_eq!(r.text, "收到申请");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_waiting_and_big_files_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // A FIFO with no writer would block a plain open forever: load in a thread and
        // give up on it rather than hang the test run.
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            tx.send(Report::load(&path).map(|_| ()).map_err(|e| e.to_string()))
        });
        let err = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("loading a FIFO returns")
            .unwrap_err();
        assert!(
            err.contains("pipe.txt") && err.contains("not a regular file (a FIFO)"),
            "{err}"
        );
        let err = Report::load(Path::new("/dev/zero"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("/dev/zero") && err.contains("a device"),
            "{err}"
        );
        // A sparse file just over the cap: refused by its size, not read.
        let big = dir.path().join("big.txt");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        let err = Report::load(&big).unwrap_err().to_string();
        assert!(
            err.contains("big.txt") && err.contains("larger than 256 MB"),
            "{err}"
        );
        assert!(read_file(&big, 10).is_err());
        std::fs::write(&big, b"0123456789").unwrap();
        assert_eq!(read_file(&big, 10).unwrap().len(), 10);
    }
}
