//! Decoding, web pages, display width and line breaking of report text.

pub mod decode;
pub mod html;
pub mod numbers;
pub mod pdf;
pub mod width;
pub mod wrap;
