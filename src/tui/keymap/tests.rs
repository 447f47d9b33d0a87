use super::*;

fn key(spec: &str) -> Key {
    Key::parse(spec).unwrap()
}

#[test]
fn parses_key_specs() {
    assert_eq!(key("q").code, KeyCodeOrd::Char('q'));
    assert_eq!(key("G").code, KeyCodeOrd::Char('G'));
    assert_eq!(key("space").code, KeyCodeOrd::Char(' '));
    assert_eq!(key("f12").code, KeyCodeOrd::F(12));
    let ctrl_s = key("ctrl-s");
    assert!(ctrl_s.ctrl && ctrl_s.code == KeyCodeOrd::Char('s'));
    assert_eq!(key("Ctrl-S"), ctrl_s);
    assert_eq!(key("shift-tab"), key("backtab"));
    assert_eq!(key("-").code, KeyCodeOrd::Char('-'));
    assert_eq!(key("ctrl--").code, KeyCodeOrd::Char('-'));
    for bad in ["", "ctrl-", "hyper-x", "f99", "enterr"] {
        assert!(Key::parse(bad).is_err(), "{bad}");
    }
    for spec in [
        "ctrl-s",
        "alt-enter",
        "backtab",
        "space",
        "f3",
        "G",
        "pageup",
    ] {
        assert_eq!(
            Key::parse(&key(spec).to_string()).unwrap(),
            key(spec),
            "{spec}"
        );
    }
}

#[test]
fn terminal_events_map_to_the_same_keys() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let ev = |code, mods| Key::from_event(&KeyEvent::new(code, mods)).unwrap();
    assert_eq!(ev(KeyCode::Char('G'), KeyModifiers::SHIFT), key("G"));
    assert_eq!(ev(KeyCode::Char('s'), KeyModifiers::CONTROL), key("ctrl-s"));
    assert_eq!(ev(KeyCode::BackTab, KeyModifiers::SHIFT), key("backtab"));
    assert_eq!(ev(KeyCode::Tab, KeyModifiers::SHIFT), key("backtab"));
    assert_eq!(ev(KeyCode::Enter, KeyModifiers::ALT), key("alt-enter"));
}

#[test]
fn builtin_keymaps_load_and_bind_every_action() {
    for name in ["default", "vim"] {
        let map = Keymap::base(name).unwrap();
        for action in Action::ALL {
            assert!(
                !map.keys_for(*action).is_empty(),
                "{name}: {} unbound",
                action.name()
            );
        }
    }
    let vim = Keymap::base("vim").unwrap();
    assert_eq!(vim.action(Mode::Normal, &key("G")), Some(Action::Bottom));
    assert_eq!(vim.action(Mode::Normal, &key("j")), Some(Action::Down));
    assert_eq!(
        vim.action(Mode::Editor, &key("ctrl-c")),
        Some(Action::Cancel)
    );
}

#[test]
fn errors_name_the_file_and_the_entry() {
    let err = |text: &str| Keymap::parse(text, "my.json").unwrap_err().to_string();
    let e = err(r#"{"normal": {"x": "frobnicate"}}"#);
    assert!(
        e.contains("my.json") && e.contains("normal.\"x\"") && e.contains("frobnicate"),
        "{e}"
    );
    let e = err(r#"{"normal": {"ctrl-": "quit"}}"#);
    assert!(e.contains("malformed key") && e.contains("ctrl-"), "{e}");
    let e = err(r#"{"normal": {"q": "quit", "Q": "help", "q": "help"}}"#);
    assert!(e.contains("conflicting binding"), "{e}");
    let e = err(r#"{"normal": {"ctrl-s": "quit", "Ctrl-S": "help"}}"#);
    assert!(
        e.contains("conflicting binding") && e.contains("Ctrl-S"),
        "{e}"
    );
    let e = err(r#"{"normal": {"enter": "submit"}}"#);
    assert!(e.contains("belongs in the \"editor\" section"), "{e}");
    let e = err(r#"{"visual": {}}"#);
    assert!(e.contains("unknown section"), "{e}");
    let e = err("{\"normal\": {\"q\": \"quit\",}}");
    assert!(e.contains("line 1") && e.contains("column"), "{e}");
}

#[test]
fn user_overrides_merge_and_can_unbind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.json");
    std::fs::write(
        &path,
        r#"{"normal": {"x": "quit", "q": null}, "editor": {"ctrl-s": "submit"}}"#,
    )
    .unwrap();
    let map = Keymap::load("default", Some(&path)).unwrap();
    assert_eq!(map.action(Mode::Normal, &key("x")), Some(Action::Quit));
    assert_eq!(map.action(Mode::Normal, &key("q")), None);
    assert_eq!(
        map.action(Mode::Editor, &key("ctrl-s")),
        Some(Action::Submit)
    );
    assert_eq!(
        map.action(Mode::Editor, &key("enter")),
        Some(Action::Submit)
    );
    let help = map.help(Mode::Normal);
    let quit = help.iter().find(|l| l.name == "quit").unwrap();
    assert_eq!(quit.keys, "x");
    // A missing overrides file is fine; a broken one names itself.
    assert!(Keymap::load("default", Some(&dir.path().join("none.json"))).is_ok());
    std::fs::write(&path, "{").unwrap();
    let e = Keymap::load("default", Some(&path))
        .unwrap_err()
        .to_string();
    assert!(e.contains("keymap.json"), "{e}");
}

#[test]
fn a_keymap_that_leaves_no_way_out_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.json");
    for (overrides, missing) in [
        (
            r#"{"normal": {"q": null, "esc": null, "enter": null}}"#,
            "\"quit\"",
        ),
        (r#"{"editor": {"enter": null}}"#, "\"submit\""),
        (r#"{"editor": {"esc": null}}"#, "\"cancel\""),
    ] {
        std::fs::write(&path, overrides).unwrap();
        let e = Keymap::load("default", Some(&path))
            .unwrap_err()
            .to_string();
        assert!(e.contains("keymap.json") && e.contains(missing), "{e}");
    }
    // Moved to another key is fine.
    std::fs::write(&path, r#"{"normal": {"q": null, "ctrl-q": "quit"}}"#).unwrap();
    assert!(Keymap::load("default", Some(&path)).is_ok());
    // A whole keymap file given by path is checked too.
    let own = dir.path().join("mine.json");
    std::fs::write(
        &own,
        r#"{"normal": {"j": "down"}, "editor": {"enter": "submit", "esc": "cancel"}}"#,
    )
    .unwrap();
    let e = Keymap::load(own.to_str().unwrap(), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("mine.json") && e.contains("\"quit\""), "{e}");
}
