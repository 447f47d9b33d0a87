//! The event loop: terminal events become messages, `update` turns them into effects, and
//! the effects (loading a report, saving an annotation, suspending) run here, outside the
//! state. Saves run in order on a worker thread, so a slow disk never freezes the screen.
//! Also where signals and a closed terminal are handled and annotation sets are locked.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};

use crate::annotate::{self, Annotation};

use super::app::{App, Broken, Effect, Msg, Options};
use super::loader;
use super::locks::{save_locked, Locks};
use super::queue::Trouble;
use super::recovery::{self, Recovery, Unsaved};
use super::terminal::{self, Session};
use super::{update, view};

/// The longest a frame spends taking in queue rows from the loader.
const BATCH_TIME: Duration = Duration::from_millis(10);

/// How long a report's tables may take before its text is shown without them.
const PREVIEW_AFTER: Duration = Duration::from_millis(40);

/// How often saves that failed are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// How long a stop waits for saves under way before writing what is left to recovery.
const STOP_WAIT: Duration = Duration::from_millis(700);

/// The save worker: one thread writing annotations in the order they were asked for.
struct Saver {
    jobs: mpsc::Sender<SaveJob>,
    done: mpsc::Receiver<Msg>,
    /// Saves asked for and not yet reported back.
    pending: Arc<AtomicUsize>,
    /// The latest generation written of each annotation file, for the watchdog to tell
    /// what a save has already put on disk.
    written: Arc<Mutex<HashMap<PathBuf, u64>>>,
}

struct SaveJob {
    report: usize,
    generation: u64,
    path: PathBuf,
    annotation: Box<Annotation>,
}

impl Saver {
    fn spawn(locks: Locks) -> Saver {
        let (jobs, queue) = mpsc::channel::<SaveJob>();
        let (report, done) = mpsc::channel();
        let pending = Arc::new(AtomicUsize::new(0));
        let written = Arc::new(Mutex::new(HashMap::new()));
        let (left, record) = (Arc::clone(&pending), Arc::clone(&written));
        std::thread::spawn(move || {
            for job in queue {
                let result = save_locked(&locks, &job.path, &job.annotation);
                if result.is_ok() {
                    if let Ok(mut w) = record.lock() {
                        let at = w.entry(job.path.clone()).or_insert(0);
                        *at = (*at).max(job.generation);
                    }
                }
                let msg = Msg::Saved {
                    report: job.report,
                    generation: job.generation,
                    result,
                };
                left.fetch_sub(1, Ordering::SeqCst);
                if report.send(msg).is_err() {
                    break;
                }
            }
        });
        Saver {
            jobs,
            done,
            pending,
            written,
        }
    }
}

/// What the effects need beyond the state: the locks held on annotation sets, the save
/// worker, and crash recovery.
#[derive(Default)]
pub struct Runtime {
    locks: Locks,
    saver: Option<Saver>,
    /// Where this session writes unsaved work, and the recovery files it was offered.
    pub recovery: Option<Recovery>,
    pub offers: Vec<recovery::Offer>,
}

/// The locks are shared with the save worker and the watchdog, so they are released here,
/// when the session ends, rather than when the last of those threads lets go of them.
impl Drop for Runtime {
    fn drop(&mut self) {
        if let Ok(mut locks) = self.locks.lock() {
            locks.clear();
        }
    }
}

/// What running an effect gave.
pub enum Performed {
    Msg(Msg),
    /// Handed to the save worker: its outcome arrives later as [`Msg::Saved`].
    Queued,
    /// Nothing to tell (a report that is not in the queue).
    Nothing,
    Quit,
}

/// Reviews `queue` in the full-screen terminal until the analyst quits (or a SIGTERM or
/// SIGHUP asks gouji to stop, or the terminal closes: what can be saved is saved, the rest
/// written to a recovery file named on stderr, the terminal restored). With
/// `start_on_queue` the session opens on the queue screen, else on the first report.
pub fn run(queue: Vec<PathBuf>, options: Options, start_on_queue: bool) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let recovery = Recovery::new(Recovery::default_dirs());
    let (offers, notes) = recovery.offers();
    let mut runtime = Runtime::default();
    runtime.recovery = Some(recovery.clone());
    runtime.offers = offers;
    let unsaved = Unsaved::default();
    let written = Arc::clone(&runtime.saver().written);
    let session = Session::start()?;
    terminal::watch_hangup(Arc::clone(&stop));
    spawn_watchdog(Watchdog {
        stop: Arc::clone(&stop),
        recovery: recovery.clone(),
        unsaved: unsaved.clone(),
        written: Arc::clone(&written),
        pending: Arc::clone(&runtime.saver().pending),
        locks: Arc::clone(&runtime.locks),
    });
    {
        let (recovery, unsaved, written) = (recovery.clone(), unsaved.clone(), written);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Off the alternate screen first, so that what is said here stays readable.
            terminal::restore();
            let left = unsaved.take(|p, g| already_written(&written, p, g));
            if !left.is_empty() {
                if let Ok(file) = recovery.write(&left) {
                    eprintln!("gouji: unsaved work written to {}", file.display());
                }
            }
            previous(info);
        }));
    }
    let outcome = event_loop(
        session,
        &mut runtime,
        &unsaved,
        &stop,
        queue,
        options,
        start_on_queue,
        notes,
    );
    drop(runtime);
    // The terminal is restored by now: this is where the analyst can read it.
    if let Ok(Some(file)) = &outcome {
        eprintln!(
            "gouji: unsaved work written to {} (offered back at the next start)",
            file.display()
        );
    }
    outcome.map(|_| ())
}

fn already_written(written: &Mutex<HashMap<PathBuf, u64>>, path: &Path, generation: u64) -> bool {
    written
        .try_lock()
        .is_ok_and(|w| w.get(path).is_some_and(|&g| g >= generation))
}

/// The session proper; returns the recovery file written when it ended with work unsaved.
#[allow(clippy::too_many_arguments)]
fn event_loop(
    mut session: Session,
    runtime: &mut Runtime,
    unsaved: &Unsaved,
    stop: &AtomicBool,
    queue: Vec<PathBuf>,
    options: Options,
    start_on_queue: bool,
    notes: Vec<String>,
) -> anyhow::Result<Option<PathBuf>> {
    let size = session.terminal.size()?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let loader = loader::spawn_loader(
        queue.clone(),
        options.locations(),
        options.adjudicate.clone(),
        threads,
    );
    let (mut app, effects) = if start_on_queue {
        (
            App::triage(queue, options, (size.width, size.height)),
            vec![],
        )
    } else {
        App::new(queue, options, (size.width, size.height))
    };
    let offered: Vec<recovery::Entry> = runtime
        .offers
        .iter()
        .flat_map(|o| o.entries.iter().cloned())
        .collect();
    app.recovery = (!offered.is_empty()).then_some(offered);
    if !notes.is_empty() {
        app.message = Some(notes.join("; "));
    }
    let mut pending: VecDeque<Effect> = effects.into();
    let mut last_retry = Instant::now();
    let (opened_tx, opened) = mpsc::channel::<Msg>();
    let mut opening = 0usize;
    loop {
        for msg in runtime.finished_saves() {
            pending.extend(update::update(&mut app, msg));
        }
        let mut arrived: VecDeque<Msg> = opened.try_iter().collect();
        while let Some(msg) = arrived.pop_front() {
            // A report that opens quickly is shown opened, not first as text alone.
            if let Msg::Previewed(index, _) = &msg {
                let index = *index;
                let deadline = Instant::now() + PREVIEW_AFTER;
                while !arrived
                    .iter()
                    .any(|m| matches!(m, Msg::Opened(i, _) if *i == index))
                {
                    match opened.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                        Ok(next) => arrived.push_back(next),
                        Err(_) => break,
                    }
                }
                if arrived
                    .iter()
                    .any(|m| matches!(m, Msg::Opened(i, _) if *i == index))
                {
                    continue;
                }
            }
            if matches!(msg, Msg::Opened(..)) {
                opening = opening.saturating_sub(1);
            }
            pending.extend(update::update(&mut app, msg));
        }
        while let Some(effect) = pending.pop_front() {
            if matches!(effect, Effect::Suspend) {
                session.suspend()?;
                continue;
            }
            if let Effect::Open(index) = effect {
                // Reading a large report's tables takes a moment: its text shows first.
                if runtime.open_in_background(index, &app, opened_tx.clone()) {
                    opening += 1;
                }
                continue;
            }
            match runtime.perform(effect, &app) {
                Performed::Msg(msg) => pending.extend(update::update(&mut app, msg)),
                Performed::Queued | Performed::Nothing => {}
                Performed::Quit => return Ok(None),
            }
        }
        unsaved.remember(app.unsaved());
        if stop.load(Ordering::Relaxed) {
            return Ok(runtime.stop(&mut app));
        }
        let taking = Instant::now();
        let mut rows = Vec::new();
        while taking.elapsed() < BATCH_TIME {
            match loader.try_recv() {
                Ok(row) => rows.push(row),
                Err(_) => break,
            }
        }
        if !rows.is_empty() {
            update::update(&mut app, Msg::Summarized(rows));
        }
        let busy =
            app.triage.loaded() < app.triage.rows.len() || runtime.saves_pending() || opening > 0;
        // A terminal that went away fails to draw or read: stop as for a signal.
        let polled = session
            .terminal
            .draw(|frame| view::render(frame, &app))
            .and_then(|_| {
                crossterm::event::poll(Duration::from_millis(if busy { 30 } else { 250 }))
            });
        let ready = match polled {
            Ok(ready) => ready,
            Err(_) => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
        };
        if !ready {
            if last_retry.elapsed() > RETRY_EVERY {
                last_retry = Instant::now();
                pending.extend(update::retry_saves(&mut app));
            }
            continue;
        }
        let msg = match crossterm::event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
            Ok(Event::Paste(text)) => Msg::Paste(text),
            Ok(Event::Mouse(m)) => Msg::Mouse(m),
            Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
            Ok(_) => continue,
            Err(_) => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
        };
        pending.extend(update::update(&mut app, msg));
    }
}

/// The watchdog's share of the session: what it needs to end it when the event loop cannot.
struct Watchdog {
    stop: Arc<AtomicBool>,
    recovery: Recovery,
    unsaved: Unsaved,
    written: Arc<Mutex<HashMap<PathBuf, u64>>>,
    pending: Arc<AtomicUsize>,
    locks: Locks,
}

/// A stop must end gouji even while it is blocked inside the terminal library (which spins
/// forever on a terminal that has gone away): if the event loop has not finished within a
/// second of the stop, this thread lets the saves under way finish, writes what is still
/// unsaved to the recovery file, releases the locks and exits.
fn spawn_watchdog(w: Watchdog) {
    std::thread::spawn(move || {
        while !w.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(1));
        let waiting = Instant::now();
        while w.pending.load(Ordering::SeqCst) > 0 && waiting.elapsed() < STOP_WAIT {
            std::thread::sleep(Duration::from_millis(10));
        }
        let left = w.unsaved.take(|p, g| already_written(&w.written, p, g));
        let written = (!left.is_empty()).then(|| w.recovery.write(&left));
        if let Ok(mut locks) = w.locks.try_lock() {
            locks.clear();
        }
        terminal::restore();
        match written {
            Some(Ok(file)) => eprintln!("gouji: unsaved work written to {}", file.display()),
            Some(Err(e)) => eprintln!("gouji: unsaved work could not be written anywhere: {e}"),
            None => {}
        }
        std::process::exit(0);
    });
}

impl Runtime {
    fn saver(&mut self) -> &Saver {
        let locks = Arc::clone(&self.locks);
        self.saver.get_or_insert_with(|| Saver::spawn(locks))
    }

    /// Saves that finished since last asked, in the order they were made.
    pub fn finished_saves(&mut self) -> Vec<Msg> {
        self.saver
            .as_ref()
            .map(|s| s.done.try_iter().collect())
            .unwrap_or_default()
    }

    pub fn saves_pending(&self) -> bool {
        self.saver
            .as_ref()
            .is_some_and(|s| s.pending.load(Ordering::SeqCst) > 0)
    }

    /// Waits up to `within` for the saves under way; returns those that finished.
    pub fn wait_for_saves(&mut self, within: Duration) -> Vec<Msg> {
        let deadline = Instant::now() + within;
        let mut done = Vec::new();
        while let Some(saver) = &self.saver {
            done.extend(saver.done.try_iter());
            if saver.pending.load(Ordering::SeqCst) == 0 {
                done.extend(saver.done.try_iter());
                break;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            if let Ok(msg) = saver.done.recv_timeout(left) {
                done.push(msg);
            }
        }
        done
    }

    /// Runs `effects` and all that follow from them to the end, saves included: the whole
    /// session without a terminal (tests, benchmarks). Returns whether it asked to quit.
    pub fn settle(&mut self, app: &mut App, effects: Vec<Effect>) -> bool {
        let mut pending: VecDeque<Effect> = effects.into();
        let mut quit = false;
        loop {
            while let Some(effect) = pending.pop_front() {
                match self.perform(effect, app) {
                    Performed::Msg(msg) => pending.extend(update::update(app, msg)),
                    Performed::Queued | Performed::Nothing => {}
                    Performed::Quit => quit = true,
                }
            }
            let saved = self.wait_for_saves(Duration::from_secs(60));
            if saved.is_empty() {
                return quit;
            }
            for msg in saved {
                pending.extend(update::update(app, msg));
            }
        }
    }

    /// The end of a session asked to stop (a signal, a closed terminal): saves that failed
    /// are tried once more and those under way allowed to finish; what is still not on disk
    /// goes to the recovery file, which is returned.
    fn stop(&mut self, app: &mut App) -> Option<PathBuf> {
        let retry = update::retry_saves(app);
        for effect in retry {
            if let Performed::Msg(msg) = self.perform(effect, app) {
                update::update(app, msg);
            }
        }
        for msg in self.wait_for_saves(STOP_WAIT) {
            update::update(app, msg);
        }
        let left = app.unsaved();
        if left.is_empty() {
            return None;
        }
        match self.recovery.as_ref().map(|r| r.write(&left)) {
            Some(Ok(file)) => Some(file),
            Some(Err(e)) => {
                eprintln!("gouji: unsaved work could not be written anywhere: {e}");
                None
            }
            None => None,
        }
    }

    /// Opens report `index` on a thread of its own: its text is sent as soon as it is read
    /// (`Msg::Previewed`), then the report opened (`Msg::Opened`). Whether it started.
    fn open_in_background(&self, index: usize, app: &App, to: mpsc::Sender<Msg>) -> bool {
        let Some(path) = app.report_paths.get(index).cloned() else {
            return false;
        };
        let (locks, options) = (Arc::clone(&self.locks), app.options.clone());
        std::thread::spawn(move || {
            let opened = match loader::load(&path) {
                Ok(report) => {
                    let _ = to.send(Msg::Previewed(index, Box::new(report.clone())));
                    loader::open_loaded(&locks, &path, report, &options)
                }
                Err(broken) => Err(broken),
            };
            let _ = to.send(Msg::Opened(index, opened.map(Box::new)));
        });
        true
    }

    /// Runs one effect.
    pub fn perform(&mut self, effect: Effect, app: &App) -> Performed {
        match effect {
            Effect::Quit => Performed::Quit,
            Effect::Suspend => Performed::Msg(Msg::Resize(app.size.0, app.size.1)),
            Effect::SaveElsewhere { dir } => {
                let unsaved: Vec<_> = app.reviews.values().filter(|r| !r.is_saved()).collect();
                let result = unsaved
                    .iter()
                    .map(|r| {
                        let name = r.annotation_path.file_name().unwrap_or_default();
                        annotate::store::save(&dir.join(name), &r.annotation)
                    })
                    .collect::<Result<Vec<()>, _>>()
                    .map(|written| written.len())
                    .map_err(|e| e.to_string());
                Performed::Msg(Msg::SavedElsewhere(result))
            }
            Effect::Recover { restore } => Performed::Msg(Msg::Recovered(self.recover(restore))),
            Effect::Open(index) => match app.report_paths.get(index) {
                Some(path) => Performed::Msg(Msg::Opened(
                    index,
                    loader::open(&self.locks, path, &app.options).map(Box::new),
                )),
                None => Performed::Nothing,
            },
            Effect::StartAfresh { report, annotation } => {
                let aside = aside_name(&annotation);
                let result = match (
                    std::fs::rename(&annotation, &aside),
                    app.report_paths.get(report),
                ) {
                    (Ok(()), Some(path)) => {
                        loader::open(&self.locks, path, &app.options).map(Box::new)
                    }
                    (Ok(()), None) => Err(Broken {
                        trouble: Trouble::NotAReport,
                        message: "no such report".into(),
                        unreadable_annotation: None,
                    }),
                    (Err(e), _) => Err(Broken {
                        trouble: Trouble::UnreadableAnnotation,
                        message: format!("{}: cannot move it aside: {e}", annotation.display()),
                        unreadable_annotation: Some(annotation),
                    }),
                };
                Performed::Msg(Msg::Opened(report, result))
            }
            Effect::Save {
                report,
                generation,
                path,
                annotation,
            } => {
                let saver = self.saver();
                saver.pending.fetch_add(1, Ordering::SeqCst);
                let job = SaveJob {
                    report,
                    generation,
                    path,
                    annotation,
                };
                match saver.jobs.send(job) {
                    Ok(()) => Performed::Queued,
                    Err(mpsc::SendError(job)) => {
                        saver.pending.fetch_sub(1, Ordering::SeqCst);
                        Performed::Msg(Msg::Saved {
                            report: job.report,
                            generation: job.generation,
                            result: Err("the save worker has stopped".into()),
                        })
                    }
                }
            }
        }
    }

    /// Answers the recovery offer: restores each entry into its report's annotation (the
    /// same report only, under that set's lock), or keeps the files aside.
    fn recover(&mut self, restore: bool) -> String {
        let offers = std::mem::take(&mut self.offers);
        if offers.is_empty() {
            return "nothing to recover".into();
        }
        if !restore {
            let aside: Vec<String> = offers
                .iter()
                .map(|o| recovery::set_aside(&o.file, "kept").display().to_string())
                .collect();
            return format!("recovered work kept aside: {}", aside.join(", "));
        }
        let locks = Arc::clone(&self.locks);
        let mut failed = Vec::new();
        let mut restored = 0;
        for offer in &offers {
            let errors = recovery::restore(offer, |entry| {
                save_locked(&locks, &entry.path, &entry.annotation)
            });
            restored += offer.entries.len() - errors.len().min(offer.entries.len());
            failed.extend(errors);
        }
        if failed.is_empty() {
            format!("restored unsaved work for {restored} reports")
        } else {
            format!(
                "restored {restored}; not restored (offered again at the next start): {}",
                failed.join("; ")
            )
        }
    }
}

/// `<file>.unreadable-<time>`: where an unreadable annotation is moved when starting afresh.
fn aside_name(path: &Path) -> PathBuf {
    let stamp = annotate::time::now_rfc3339().replace(':', "");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".unreadable-{stamp}"));
    path.with_file_name(name)
}
