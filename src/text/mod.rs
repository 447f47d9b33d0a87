//! Decoding, display width and line breaking of report text.

pub mod decode;
pub mod width;
pub mod wrap;
