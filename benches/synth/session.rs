//! The review session's options for benchmarks: annotations under `dir`, the default
//! keymap.

use std::path::Path;

use gouji::tui::app::Options;
use gouji::tui::keymap::Keymap;
use gouji::tui::style::Theme;

pub fn options(dir: &Path) -> Options {
    Options {
        annotator: "bench".into(),
        annotations_dir: Some(dir.join("ann")),
        keymap: Keymap::base("default").expect("keymap"),
        keymap_name: "default".into(),
        theme: Theme { color: true },
        rescue_dir: std::env::temp_dir(),
        adjudicate: None,
        annotation_files: Default::default(),
        after_enter: Default::default(),
    }
}
