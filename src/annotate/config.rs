//! The user's config file and the annotator's name.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub annotator: Option<String>,
    pub keymap: Option<String>,
    /// Where the cursor goes after a typed value is accepted.
    #[serde(default)]
    pub after_enter: AfterEnter,
}

/// Where the cursor goes after `enter` accepts a typed value: on to the next cell of the
/// row (`"next_cell"`, as a spreadsheet does), or nowhere (`"stay"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterEnter {
    #[default]
    NextCell,
    Stay,
}

/// gouji's config directory (`$XDG_CONFIG_HOME/gouji` on Linux).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gouji").map(|d| d.config_dir().to_owned())
}

/// Why the config file cannot be used; the message names the file and the place.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {}, column {}: {source}", path.display(), source.line(), source.column())]
    Malformed {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl Config {
    /// Reads `config.json` from `dir`; a missing file is the default config.
    pub fn load(dir: Option<&Path>) -> Result<Config, ConfigError> {
        let Some(path) = dir.map(|d| d.join("config.json")) else {
            return Ok(Config::default());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => return Err(ConfigError::Unreadable { path, source }),
        };
        serde_json::from_str(&text).map_err(|source| ConfigError::Malformed { path, source })
    }
}

/// The annotator: given on the command line, else from the config, else the user's name.
pub fn annotator(explicit: Option<&str>, config: &Config) -> String {
    explicit
        .map(str::to_owned)
        .or_else(|| config.annotator.clone())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "anonymous".to_owned())
}
