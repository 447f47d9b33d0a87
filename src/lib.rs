//! gouji (勾稽): extract the numbers of Chinese government information-disclosure annual
//! reports, check that their totals add up, and review them into gold labels.
//!
//! Layers, each depending only on those above it:
//! `text` → `report` / `corpus` → `fields` / `value` → `extract` → `rules` → `annotate` →
//! `tui`, `cli`.

pub mod annotate;
pub mod cli;
pub mod corpus;
pub mod extract;
pub mod fields;
pub mod gold;
pub mod report;
pub mod rules;
pub mod text;
pub mod tui;
pub mod value;
