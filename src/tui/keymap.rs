//! Keymaps are data: JSON files that bind keys to actions per mode. The built-in ones are
//! embedded; a user's `keymap.json` in the config dir is merged over the chosen one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use strum::IntoEnumIterator;

use super::action::{Action, Mode};

pub const DEFAULT: &str = include_str!("../../keymaps/default.json");
pub const VIM: &str = include_str!("../../keymaps/vim.json");

/// A key with its modifiers, normalised so that equal keys compare equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// `KeyCode` with an order, for stable help listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(Named),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Named {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
}

const NAMED: [(&str, Named); 17] = [
    ("enter", Named::Enter),
    ("esc", Named::Esc),
    ("tab", Named::Tab),
    ("backtab", Named::BackTab),
    ("backspace", Named::Backspace),
    ("delete", Named::Delete),
    ("del", Named::Delete),
    ("insert", Named::Insert),
    ("home", Named::Home),
    ("end", Named::End),
    ("pageup", Named::PageUp),
    ("pgup", Named::PageUp),
    ("pagedown", Named::PageDown),
    ("up", Named::Up),
    ("down", Named::Down),
    ("left", Named::Left),
    ("right", Named::Right),
];

impl Key {
    /// Parses `q`, `G`, `?`, `space`, `enter`, `ctrl-s`, `alt-enter`, `shift-tab`, `f1`.
    pub fn parse(spec: &str) -> Result<Key, KeyError> {
        let mut key = Key {
            code: KeyCodeOrd::Char(' '),
            ctrl: false,
            alt: false,
            shift: false,
        };
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                key.ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                key.alt = true;
                rest = &rest[4..];
            } else if rest.chars().count() > 1 && lower.starts_with("shift-") {
                key.shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (None, _) => return Err(KeyError::NoKey(spec.into())),
            // `shift-` on a letter names the upper-case letter (see `normalised`); on any other
            // character what it means depends on the keyboard layout.
            (Some(c), None) if key.shift && !key.ctrl && !c.is_alphabetic() => {
                return Err(KeyError::ShiftOnSymbol(spec.into()))
            }
            (Some(c), None) => KeyCodeOrd::Char(if key.ctrl { c.to_ascii_lowercase() } else { c }),
            _ if lower == "space" => KeyCodeOrd::Char(' '),
            _ if lower.starts_with('f')
                && lower[1..]
                    .parse::<u8>()
                    .is_ok_and(|n| (1..=24).contains(&n)) =>
            {
                KeyCodeOrd::F(lower[1..].parse().unwrap_or(1))
            }
            _ => match NAMED.iter().find(|(n, _)| *n == lower) {
                Some((_, named)) => KeyCodeOrd::Named(*named),
                None => {
                    return Err(KeyError::UnknownName {
                        spec: spec.into(),
                        name: rest.into(),
                    })
                }
            },
        };
        Ok(key.normalised())
    }

    /// The key a terminal event means; `None` for keys no keymap can name.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Named(Named::Enter),
            KeyCode::Esc => KeyCodeOrd::Named(Named::Esc),
            KeyCode::Tab => KeyCodeOrd::Named(Named::Tab),
            KeyCode::BackTab => KeyCodeOrd::Named(Named::BackTab),
            KeyCode::Backspace => KeyCodeOrd::Named(Named::Backspace),
            KeyCode::Delete => KeyCodeOrd::Named(Named::Delete),
            KeyCode::Insert => KeyCodeOrd::Named(Named::Insert),
            KeyCode::Home => KeyCodeOrd::Named(Named::Home),
            KeyCode::End => KeyCodeOrd::Named(Named::End),
            KeyCode::PageUp => KeyCodeOrd::Named(Named::PageUp),
            KeyCode::PageDown => KeyCodeOrd::Named(Named::PageDown),
            KeyCode::Up => KeyCodeOrd::Named(Named::Up),
            KeyCode::Down => KeyCodeOrd::Named(Named::Down),
            KeyCode::Left => KeyCodeOrd::Named(Named::Left),
            KeyCode::Right => KeyCodeOrd::Named(Named::Right),
            _ => return None,
        };
        let m = event.modifiers;
        let ctrl = m.contains(KeyModifiers::CONTROL);
        let code = match code {
            KeyCodeOrd::Char(c) if ctrl => KeyCodeOrd::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(
            Key {
                code,
                ctrl,
                alt: m.contains(KeyModifiers::ALT),
                shift: m.contains(KeyModifiers::SHIFT),
            }
            .normalised(),
        )
    }

    /// A character already carries its case, so shift is dropped for characters (a terminal
    /// that reports shift with a lower-case letter means the upper-case one); shift-tab is
    /// backtab whichever way the terminal reports it.
    fn normalised(mut self) -> Key {
        match self.code {
            KeyCodeOrd::Char(c) => {
                if self.shift && !self.ctrl && c.is_lowercase() {
                    self.code = KeyCodeOrd::Char(c.to_uppercase().next().unwrap_or(c));
                }
                self.shift = false;
            }
            KeyCodeOrd::Named(Named::Tab) if self.shift => {
                self.code = KeyCodeOrd::Named(Named::BackTab);
                self.shift = false;
            }
            KeyCodeOrd::Named(Named::BackTab) => self.shift = false,
            _ => {}
        }
        self
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "f{n}"),
            KeyCodeOrd::Named(named) => {
                let name = NAMED
                    .iter()
                    .find(|(_, n)| *n == named)
                    .map_or("?", |(s, _)| s);
                f.write_str(name)
            }
        }
    }
}

/// Why a key's spelling in a keymap file names no key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("malformed key {0:?}: no key after the modifiers")]
    NoKey(String),
    #[error(
        "malformed key {0:?}: shift- goes with a letter or a named key; write the character itself"
    )]
    ShiftOnSymbol(String),
    #[error("malformed key {spec:?}: unknown key name {name:?}")]
    UnknownName { spec: String, name: String },
}

/// An error in a keymap file, naming the file and the entry (`section."key"`).
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{file}: cannot read keymap: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: line {}, column {}: malformed keymap: {source}", source.line(), source.column())]
    Malformed {
        file: String,
        source: serde_json::Error,
    },
    #[error("{file}: unknown section {section:?} (expected \"normal\" or \"editor\")")]
    UnknownSection { file: String, section: String },
    #[error("{file}: {entry}: {source}")]
    BadKey {
        file: String,
        entry: String,
        source: KeyError,
    },
    #[error(
        "{file}: {entry}: conflicting binding: key {key} is already bound by {mode}.{previous:?}"
    )]
    Conflict {
        file: String,
        entry: String,
        key: Key,
        mode: Mode,
        previous: String,
    },
    #[error("{file}: {entry}: unknown action {name:?}")]
    UnknownAction {
        file: String,
        entry: String,
        name: String,
    },
    #[error("{file}: {entry}: action {name:?} belongs in the \"{mode}\" section")]
    WrongSection {
        file: String,
        entry: String,
        name: String,
        mode: Mode,
    },
    #[error("{file}: no key is left bound to {:?} in the \"{mode}\" section: there would be no way out", action.name())]
    NoWayOut {
        file: String,
        action: Action,
        mode: Mode,
    },
}

/// Bindings per mode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<(Mode, Key), Action>,
}

impl Keymap {
    /// A built-in keymap by name (`default`, `vim`) or a keymap file by path.
    pub fn base(name_or_path: &str) -> Result<Keymap, KeymapError> {
        match name_or_path {
            "default" => Keymap::parse(DEFAULT, "keymaps/default.json"),
            "vim" => {
                let mut map = Keymap::parse(DEFAULT, "keymaps/default.json")?;
                map.merge(Keymap::parse_entries(VIM, "keymaps/vim.json")?);
                Ok(map)
            }
            path => {
                let text = std::fs::read_to_string(path).map_err(|source| KeymapError::Read {
                    file: path.into(),
                    source,
                })?;
                Keymap::parse(&text, path)
            }
        }
    }

    /// The chosen base keymap with the user's overrides file, when it exists, merged over it.
    /// A keymap that leaves no key to quit, or none to accept or leave an editor, is refused:
    /// the only way out of gouji would then be a signal.
    pub fn load(name_or_path: &str, user_overrides: Option<&Path>) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::base(name_or_path)?;
        let mut last = name_or_path.to_owned();
        if let Some(path) = user_overrides.filter(|p| p.exists()) {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| KeymapError::Read {
                file: shown.clone(),
                source,
            })?;
            map.merge(Keymap::parse_entries(&text, &shown)?);
            last = shown;
        }
        for (mode, action) in [
            (Mode::Normal, Action::Quit),
            (Mode::Editor, Action::Submit),
            (Mode::Editor, Action::Cancel),
        ] {
            if map.keys_for(action).is_empty() {
                return Err(KeymapError::NoWayOut {
                    file: last,
                    action,
                    mode,
                });
            }
        }
        Ok(map)
    }

    /// A complete keymap file.
    pub fn parse(text: &str, file: &str) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::default();
        map.merge(Keymap::parse_entries(text, file)?);
        Ok(map)
    }

    /// Parses a file into entries: `Some(action)` binds, `None` (JSON null) unbinds.
    fn parse_entries(
        text: &str,
        file: &str,
    ) -> Result<Vec<(Mode, Key, Option<Action>)>, KeymapError> {
        let sections: Pairs<Pairs<Option<String>>> =
            serde_json::from_str(text).map_err(|source| KeymapError::Malformed {
                file: file.into(),
                source,
            })?;
        let mut entries = Vec::new();
        let mut seen: BTreeMap<(Mode, Key), String> = BTreeMap::new();
        for (section, pairs) in sections.0 {
            let mode: Mode = section.parse().map_err(|_| KeymapError::UnknownSection {
                file: file.into(),
                section: section.clone(),
            })?;
            for (spec, action_name) in pairs.0 {
                let entry = format!("{section}.{spec:?}");
                let key = Key::parse(&spec).map_err(|source| KeymapError::BadKey {
                    file: file.into(),
                    entry: entry.clone(),
                    source,
                })?;
                if let Some(previous) = seen.insert((mode, key), spec.clone()) {
                    return Err(KeymapError::Conflict {
                        file: file.into(),
                        entry,
                        key,
                        mode,
                        previous,
                    });
                }
                let action = match action_name {
                    None => None,
                    Some(name) => {
                        let Some(action) = Action::from_name(&name) else {
                            return Err(KeymapError::UnknownAction {
                                file: file.into(),
                                entry,
                                name,
                            });
                        };
                        if action.mode() != mode {
                            return Err(KeymapError::WrongSection {
                                file: file.into(),
                                entry,
                                name,
                                mode: action.mode(),
                            });
                        }
                        Some(action)
                    }
                };
                entries.push((mode, key, action));
            }
        }
        Ok(entries)
    }

    fn merge(&mut self, entries: Vec<(Mode, Key, Option<Action>)>) {
        for (mode, key, action) in entries {
            match action {
                Some(action) => self.bindings.insert((mode, key), action),
                None => self.bindings.remove(&(mode, key)),
            };
        }
    }

    pub fn action(&self, mode: Mode, key: &Key) -> Option<Action> {
        self.bindings.get(&(mode, *key)).copied()
    }

    /// The keys bound to `action`, in a stable order.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|((_, k), _)| *k)
            .collect()
    }

    /// Help lines: every action of `mode` with its keys (unbound actions say so), its name in
    /// keymap files and what it does.
    pub fn help(&self, mode: Mode) -> Vec<HelpLine> {
        Action::ALL
            .iter()
            .filter(|a| a.mode() == mode)
            .map(|&a| {
                let keys: Vec<String> = self.keys_for(a).iter().map(Key::to_string).collect();
                HelpLine {
                    keys: if keys.is_empty() {
                        "(unbound)".to_owned()
                    } else {
                        keys.join(" ")
                    },
                    name: a.name(),
                    description: a.description(),
                }
            })
            .collect()
    }

    /// The help lines of every mode as a Markdown table (`section | keys | action | what it
    /// does`): README's key table is this for the default keymap, so the two cannot drift.
    pub fn markdown(&self) -> String {
        let mut out =
            String::from("| section | keys | action | what it does |\n|---|---|---|---|\n");
        for mode in Mode::iter() {
            for line in self.help(mode) {
                let keys: Vec<String> = line
                    .keys
                    .split(' ')
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect();
                out.push_str(&format!(
                    "| {} | {} | `{}` | {} |\n",
                    mode,
                    keys.join(" "),
                    line.name,
                    line.description.replace('|', "\\|")
                ));
            }
        }
        out
    }
}

/// One action in the help screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLine {
    /// The keys bound to it, space-separated, or `(unbound)`.
    pub keys: String,
    /// The name a keymap file binds it by.
    pub name: &'static str,
    pub description: &'static str,
}

/// A JSON object read as its pairs in order, duplicates kept (so they can be reported).
struct Pairs<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<V>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(PairsVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests;
