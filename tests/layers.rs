//! The layers of `src/` depend one way: every `crate::…` path a module names is of its own
//! layer or one below it. A path up (the PDF reader asking `extract` about numbers) or across
//! (`tui` using `gold`) fails here, naming the file and the line.

use std::path::Path;

/// Each top-level module and its layer; a module may use only lower layers and its own.
const LAYERS: [(&str, u8); 13] = [
    ("value", 0),
    ("fields", 0),
    ("text", 1),
    ("report", 2),
    ("corpus", 2),
    ("extract", 3),
    ("rules", 4),
    ("annotate", 5),
    ("gold", 6),
    ("tui", 6),
    ("cli", 7),
    ("lib", 8),
    ("main", 8),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_its_own_layer_and_those_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let own = layer(&top).unwrap_or_else(|| panic!("{top} has no layer in LAYERS"));
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (at, _) in line.match_indices("crate::") {
                let used: String = line[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let Some(theirs) = layer(&used) else { continue };
                let across = used != top && theirs == own;
                if theirs > own || across {
                    wrong.push(format!(
                        "{}:{}: {top} uses {used}",
                        relative.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows up or across:\n{}",
        wrong.join("\n")
    );
}
