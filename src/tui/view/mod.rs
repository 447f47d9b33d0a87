//! Rendering: a pure function of the state.

pub mod layout;
pub mod style;
