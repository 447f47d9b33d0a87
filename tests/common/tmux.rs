//! Driving the real binary in a detached tmux server, as a user at a terminal would.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A private tmux server (its own socket) running one command in a 120×40 window.
pub struct Tmux {
    socket: String,
}

const DEADLINE: Duration = Duration::from_secs(20);

impl Tmux {
    /// Starts `command` (run by the shell) in `cwd` with `env` set.
    pub fn start(name: &str, command: &str, cwd: &Path, env: &[(&str, &Path)]) -> Tmux {
        let socket = format!("gouji-{name}-{}", std::process::id());
        let mut cmd = Command::new("tmux");
        cmd.args([
            "-L",
            &socket,
            "-u",
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
        ]);
        cmd.arg("-c").arg(cwd);
        for (k, v) in env {
            cmd.arg("-e").arg(format!("{k}={}", v.display()));
        }
        cmd.args(["-e", "LANG=C.UTF-8", "-e", "TERM=xterm-256color"]);
        cmd.arg(command);
        let status = cmd.status().expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket }
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// Sends key names (`Enter`, `Escape`, `Tab`, `q`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types text literally (CJK included).
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    /// The pid of the program in the pane (start it with `exec` so it is not a shell).
    pub fn pid(&self) -> u32 {
        let out = self.tmux(&["list-panes", "-t", "0", "-F", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("pane pid")
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; panics with the last screen at the deadline.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if started.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    /// Waits for the program to exit (the session disappears).
    pub fn wait_exit(&self) {
        let started = Instant::now();
        while self.tmux(&["has-session", "-t", "0"]).status.success() {
            if started.elapsed() > DEADLINE {
                panic!("program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Tmux {
    /// Closes the terminal: the tmux server and its ptys go away.
    pub fn kill_server(&self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}
