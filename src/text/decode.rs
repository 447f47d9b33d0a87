//! Turning a file's bytes into UTF-8 text, recording which encoding they were in.

use std::fmt;

/// The encodings a report file can arrive in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// Another encoding a web page declared (Big5, windows-1252, …).
    Declared(&'static encoding_rs::Encoding),
}

impl SourceEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "utf-8",
            SourceEncoding::Utf8Bom => "utf-8-bom",
            SourceEncoding::Utf16Le => "utf-16le",
            SourceEncoding::Utf16Be => "utf-16be",
            SourceEncoding::Gb18030 => "gb18030",
            SourceEncoding::Declared(encoding) => encoding.name(),
        }
    }
}

impl fmt::Display for SourceEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a file's bytes are not a report's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// A web page whose markup holds no visible text.
    EmptyPage,
    /// A NUL byte (outside UTF-16) at this byte offset: binary data.
    Binary {
        offset: usize,
    },
    /// Neither UTF-8, UTF-16 nor GB18030 decodes these bytes; the offset is where UTF-8 failed.
    Undecodable {
        offset: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty file, not a report"),
            DecodeError::EmptyPage => f.write_str("web page without text, not a report"),
            DecodeError::Binary { offset } => {
                write!(f, "binary data (NUL byte at byte {offset}), not a report")
            }
            DecodeError::Undecodable { offset } => write!(
                f,
                "not text in UTF-8, UTF-16 or GB18030 (invalid byte at byte {offset}), not a report"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes report bytes. UTF-8 (with or without BOM) and UTF-16 with BOM are taken as they
/// declare themselves; bytes that are not valid UTF-8 are tried as GB18030 (a superset of GBK,
/// the usual encoding of saved Chinese government pages). Text that is only whitespace counts
/// as empty.
pub fn decode(bytes: &[u8]) -> Result<(String, SourceEncoding), DecodeError> {
    checked(decode_any(bytes)?)
}

/// Decodes a web page that declares `declared`. A BOM still decides first, and bytes that are
/// valid UTF-8 stay UTF-8: pages re-saved as UTF-8 keep their old `<meta charset>`, while GBK
/// or Big5 text is almost never valid UTF-8. Otherwise the declaration is taken when the
/// bytes decode in it, which keeps Big5 pages from being read as GB18030.
pub fn decode_declared(
    bytes: &[u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<(String, SourceEncoding), DecodeError> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    let in_declared = declared
        .filter(|_| !has_bom && std::str::from_utf8(bytes).is_err())
        .and_then(|encoding| {
            let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
            let tag = if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
                SourceEncoding::Gb18030
            } else {
                SourceEncoding::Declared(encoding)
            };
            Some((text.into_owned(), tag))
        });
    match in_declared {
        Some(decoded) => checked(decoded),
        None => decode(bytes),
    }
}

fn checked(
    (text, encoding): (String, SourceEncoding),
) -> Result<(String, SourceEncoding), DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(offset) = text.find('\0') {
        return Err(DecodeError::Binary { offset });
    }
    Ok((text, encoding))
}

fn decode_any(bytes: &[u8]) -> Result<(String, SourceEncoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_owned(), SourceEncoding::Utf8Bom))
            .map_err(|e| DecodeError::Undecodable {
                offset: e.valid_up_to() + 3,
            });
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_utf16(&bytes[2..], encoding_rs::UTF_16LE, SourceEncoding::Utf16Le);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(&bytes[2..], encoding_rs::UTF_16BE, SourceEncoding::Utf16Be);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), SourceEncoding::Utf8)),
        Err(utf8_error) => {
            let (text, had_errors) = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| (t, false))
                .unwrap_or_else(|| (Default::default(), true));
            if had_errors {
                return Err(DecodeError::Undecodable {
                    offset: utf8_error.valid_up_to(),
                });
            }
            Ok((text.into_owned(), SourceEncoding::Gb18030))
        }
    }
}

fn decode_utf16(
    body: &[u8],
    encoding: &'static encoding_rs::Encoding,
    tag: SourceEncoding,
) -> Result<(String, SourceEncoding), DecodeError> {
    match encoding.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok((text.into_owned(), tag)),
        None => Err(DecodeError::Undecodable { offset: 2 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "政府信息公开工作年度报告：收到申请６件。";

    #[test]
    fn plain_utf8() {
        let (text, enc) = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(text, SAMPLE);
        assert_eq!(enc, SourceEncoding::Utf8);
    }

    #[test]
    fn utf8_with_bom_drops_the_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, SAMPLE);
        assert_eq!(enc, SourceEncoding::Utf8Bom);
    }

    #[test]
    fn utf16_both_byte_orders() {
        let units: Vec<u16> = SAMPLE.encode_utf16().collect();
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in &units {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            decode(&le).unwrap(),
            (SAMPLE.to_owned(), SourceEncoding::Utf16Le)
        );
        assert_eq!(
            decode(&be).unwrap(),
            (SAMPLE.to_owned(), SourceEncoding::Utf16Be)
        );
    }

    #[test]
    fn gbk_bytes_are_decoded_as_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
        assert!(std::str::from_utf8(&gbk).is_err());
        let (text, enc) = decode(&gbk).unwrap();
        assert_eq!(text, SAMPLE);
        assert_eq!(enc, SourceEncoding::Gb18030);
    }

    #[test]
    fn refuses_empty_binary_and_garbage() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t\r\n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        // 0xFF is never valid in UTF-8 and not a GB18030 lead byte.
        assert!(matches!(
            decode(b"ok \xFF\xFF\xFF"),
            Err(DecodeError::Undecodable { offset: 3 })
        ));
    }
}
