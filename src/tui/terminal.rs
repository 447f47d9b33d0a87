//! Entering and leaving the full-screen terminal, so that it is restored on quit, on error
//! and on panic.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// The terminal in raw mode on the alternate screen; restored when dropped.
pub struct Session {
    pub terminal: Term,
}

impl Session {
    pub fn start() -> io::Result<Session> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(
            stdout,
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture
        ) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(Session { terminal })
    }
}

impl Session {
    /// Hands the terminal back to the shell and stops (ctrl-z); takes it again on `fg`.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        #[cfg(unix)]
        // SAFETY: raising SIGTSTP on ourselves stops the process as the shell expects.
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        enable_raw_mode()?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture
        )?;
        self.terminal.clear()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
        let _ = self.terminal.show_cursor();
    }
}

/// Leaves raw mode and the alternate screen; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic inside the PDF crate is caught and becomes the file's error: the session
        // goes on, so the terminal stays as it is.
        if crate::text::pdf::panic_is_caught() {
            return;
        }
        restore();
        previous(info);
    }));
}

/// Watches the terminal for a hangup (its window closed, its ssh link dropped) and asks the
/// session to stop when it comes. Without this, crossterm spins forever reading end-of-file
/// from a terminal that is gone, and when gouji's parent ignores SIGHUP no signal comes to
/// stop it either. The thread sleeps in `poll` until then: no wake-ups while the terminal
/// lives.
#[cfg(unix)]
pub fn watch_hangup(stop: Arc<AtomicBool>) {
    use std::os::unix::io::AsRawFd;
    // The terminal crossterm reads: standard input when it is one, else /dev/tty.
    // SAFETY: isatty only inspects the descriptor.
    let stdin_is_tty = unsafe { libc::isatty(libc::STDIN_FILENO) } == 1;
    let tty = if stdin_is_tty {
        None
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => Some(f),
            Err(_) => return,
        }
    };
    std::thread::spawn(move || {
        let fd = tty.as_ref().map_or(libc::STDIN_FILENO, |f| f.as_raw_fd());
        loop {
            // No events asked for: poll returns only for a hangup or an error.
            let mut watched = libc::pollfd {
                fd,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd; waiting without a timeout.
            let r = unsafe { libc::poll(&mut watched, 1, -1) };
            if r < 0 {
                if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return;
            }
            if watched.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                stop.store(true, Ordering::Relaxed);
                return;
            }
        }
    });
}

#[cfg(not(unix))]
pub fn watch_hangup(_stop: Arc<AtomicBool>) {}
