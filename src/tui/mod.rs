//! The review TUI: keys map through the keymap to typed actions, one `update` changes the
//! state, rendering is a pure function of the state, effects (save, load) run outside.
//!
//! Where to look: `action.rs` (every action and its description), `keymap.rs` (keys →
//! actions), `app.rs` (the state, messages, effects), `review.rs` (one report under review),
//! `update/` (the state changes: one handler per action, by role), `view/` (drawing),
//! `run.rs` (the event loop).

pub mod action;
pub mod app;
pub mod editor;
pub mod keymap;
pub mod loader;
pub mod locks;
pub mod problem_text;
pub mod queue;
pub mod recovery;
pub mod review;
pub mod run;
pub mod search;
pub mod sheet;
pub mod style;
pub mod terminal;
pub mod update;
pub mod view;
