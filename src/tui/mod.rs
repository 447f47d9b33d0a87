//! The review TUI: keys map through the keymap to typed actions, one `update` changes the
//! state, rendering is a pure function of the state, effects (save, load) run outside.

pub mod action;
pub mod keymap;
pub mod search;
pub mod sheet;
pub mod terminal;
pub mod view;
