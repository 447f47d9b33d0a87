//! The annotation model (gold labels) and its store. Below the TUI: nothing here knows about
//! terminals.

pub mod adjudicate;
pub mod config;
pub mod disk;
pub mod lock;
pub mod model;
pub mod process;
pub mod store;
pub mod time;

pub use model::{
    validate, Acknowledgement, Annotation, EditError, FieldLabel, FieldStatus, MetaField,
    MetaLabel, ReportRef, ReportStatus, SCHEMA_VERSION,
};

#[cfg(test)]
mod tests;
