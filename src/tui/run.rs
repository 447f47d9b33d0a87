//! The event loop: terminal events become messages, `update` turns them into effects, and
//! the effects (loading a report, saving an annotation, suspending) run here, outside the
//! state. Also where signals are handled and annotation sets are locked.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind};

use crate::annotate::lock::{self, Acquired};
use crate::annotate::{self, Annotation};
use crate::extract;
use crate::report::Report;

use super::app::{App, Broken, Effect, Loaded, Msg, Options};
use super::queue::{self, Trouble};
use super::terminal::{self, Session};
use super::{recovery, update, view};

/// How often saves that failed are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// What the effects need beyond the state: the locks held on annotation sets, and where
/// crash recovery is kept.
#[derive(Default)]
pub struct Runtime {
    locks: HashMap<PathBuf, Acquired>,
    pub recovery_path: Option<PathBuf>,
}

/// Reviews `queue` in the full-screen terminal until the analyst quits (or a SIGTERM or
/// SIGHUP asks gouji to stop: everything is saved, the terminal restored). With
/// `start_on_queue` the session opens on the queue screen, else on the first report.
pub fn run(queue: Vec<PathBuf>, options: Options, start_on_queue: bool) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    spawn_watchdog(Arc::clone(&stop), recovery::default_path());
    let recovery_path = recovery::default_path();
    let offered = match recovery_path.as_deref().map(recovery::load) {
        Some(Ok(entries)) => entries,
        Some(Err(e)) => anyhow::bail!("{e}"),
        None => None,
    };
    let mut session = Session::start()?;
    let hook_path = recovery_path.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(p) = &hook_path {
            recovery::write_unsaved(p);
        }
        previous(info);
    }));
    let size = session.terminal.size()?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let loader = queue::spawn_loader(
        queue.clone(),
        options.annotator.clone(),
        options.annotations_dir.clone(),
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
    app.recovery = offered;
    let mut runtime = Runtime {
        recovery_path,
        ..Runtime::default()
    };
    let mut pending: VecDeque<Effect> = effects.into();
    let mut last_retry = Instant::now();
    loop {
        while let Some(effect) = pending.pop_front() {
            if matches!(effect, Effect::Suspend) {
                session.suspend()?;
                continue;
            }
            match runtime.perform(effect, &app) {
                Some(msg) => pending.extend(update::update(&mut app, msg)),
                None => {
                    recovery::clear();
                    return Ok(());
                }
            }
        }
        recovery::remember(&app);
        if stop.load(Ordering::Relaxed) {
            // Every change is saved as it is made; only failed saves remain to retry.
            for effect in update::retry_saves(&mut app) {
                if let Some(msg) = runtime.perform(effect, &app) {
                    update::update(&mut app, msg);
                }
            }
            if app.all_saved() {
                recovery::clear();
            }
            return Ok(());
        }
        // Rows the loader has finished, a batch at a time so a big corpus stays responsive.
        let mut loading = false;
        for _ in 0..256 {
            match loader.try_recv() {
                Ok((i, row)) => {
                    update::update(&mut app, Msg::Summarized(i, row));
                    loading = true;
                }
                Err(mpsc::TryRecvError::Empty) => {
                    loading = app.triage.loaded() < app.triage.rows.len();
                    break;
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            }
        }
        session.terminal.draw(|frame| view::render(frame, &app))?;
        let wait = if loading { 30 } else { 250 };
        let ready = crossterm::event::poll(Duration::from_millis(wait))?;
        if ready && terminal::hung_up() {
            // Every change is already on disk; what is not goes to the recovery file.
            if let Some(path) = &runtime.recovery_path {
                recovery::write_unsaved(path);
            }
            return Ok(());
        }
        if !ready {
            if last_retry.elapsed() > RETRY_EVERY {
                last_retry = Instant::now();
                pending.extend(update::retry_saves(&mut app));
            }
            continue;
        }
        let msg = match crossterm::event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => Msg::Key(k),
            Event::Paste(text) => Msg::Paste(text),
            Event::Mouse(m) => Msg::Mouse(m),
            Event::Resize(w, h) => Msg::Resize(w, h),
            _ => continue,
        };
        pending.extend(update::update(&mut app, msg));
    }
}

/// A stop signal must end gouji even while it is blocked inside the terminal library: if the
/// event loop has not finished within a second of SIGTERM or SIGHUP, this thread writes what is
/// unsaved to the recovery file and exits.
fn spawn_watchdog(stop: Arc<AtomicBool>, recovery_path: Option<PathBuf>) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(1));
        if let Some(path) = &recovery_path {
            recovery::write_unsaved(path);
        }
        terminal::restore();
        std::process::exit(0);
    });
}

impl Runtime {
    /// Runs one effect; `None` means quit.
    pub fn perform(&mut self, effect: Effect, app: &App) -> Option<Msg> {
        match effect {
            Effect::Quit => None,
            Effect::Suspend => Some(Msg::Resize(app.size.0, app.size.1)),
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
                Some(Msg::SavedElsewhere(result))
            }
            Effect::Recover { restore } => {
                let (Some(path), Some(entries)) = (&self.recovery_path, &app.recovery) else {
                    return Some(Msg::Recovered("nothing to recover".into()));
                };
                let message = if restore {
                    let failed = recovery::restore(path, entries);
                    if failed.is_empty() {
                        format!("restored unsaved work for {} reports", entries.len())
                    } else {
                        format!("restored with errors: {}", failed.join("; "))
                    }
                } else {
                    recovery::set_aside(path, "kept");
                    format!("recovered work kept aside beside {}", path.display())
                };
                Some(Msg::Recovered(message))
            }
            Effect::Open(index) => {
                let path = app.queue.get(index)?;
                Some(Msg::Opened(
                    index,
                    self.open(path, &app.options).map(Box::new),
                ))
            }
            Effect::StartAfresh { report, annotation } => {
                let aside = aside_name(&annotation);
                let result = match std::fs::rename(&annotation, &aside) {
                    Ok(()) => {
                        let path = app.queue.get(report)?;
                        self.open(path, &app.options).map(Box::new)
                    }
                    Err(e) => Err(Broken {
                        trouble: Trouble::UnreadableAnnotation,
                        message: format!("{}: cannot move it aside: {e}", annotation.display()),
                        unreadable_annotation: Some(annotation),
                    }),
                };
                Some(Msg::Opened(report, result))
            }
            Effect::Save {
                report,
                generation,
                path,
                annotation,
            } => Some(Msg::Saved {
                report,
                generation,
                result: annotate::store::save(&path, &annotation).map_err(|e| e.to_string()),
            }),
        }
    }

    /// Loads a report, extracts it, locks its annotation set and finds its annotation (or
    /// starts one).
    pub fn open(&mut self, path: &Path, options: &Options) -> Result<Loaded, Broken> {
        let broken = |trouble: Trouble, message: String| Broken {
            trouble,
            message,
            unreadable_annotation: None,
        };
        let report = Report::load(path).map_err(|e| broken(Trouble::NotAReport, e.to_string()))?;
        let extraction = extract::extract(&report);
        let annotation_path =
            annotate::store::location(path, &options.annotator, options.annotations_dir.as_deref());
        let dir = annotation_path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        if !self.locks.contains_key(&dir) {
            let acquired = lock::acquire(&dir).map_err(|e| {
                broken(
                    Trouble::Unlockable,
                    format!("{}: cannot lock: {e}", dir.display()),
                )
            })?;
            self.locks.insert(dir.clone(), acquired);
        }
        let read_only = match self.locks.get(&dir) {
            Some(Acquired::ReadOnly(holder)) => Some(holder.describe()),
            _ => None,
        };
        let sides = match &options.adjudicate {
            Some(sets) => Some(
                sets.load(path, &report)
                    .map_err(|e| broken(Trouble::UnreadableSide, e))?,
            ),
            None => None,
        };
        let (annotation, warning) = match annotate::store::load(&annotation_path) {
            Ok(Some(mut a)) => {
                let warning = (a.report.sha256 != report.sha256).then(|| {
                    let r = a.reanchor(&report.text);
                    format!(
                        "{} changed since it was annotated (sha256 differs): values kept, {} spans re-anchored, {} stale",
                        path.display(),
                        r.moved,
                        r.stale
                    )
                });
                (a, warning)
            }
            Ok(None) => {
                let fresh = Annotation::from_extraction(&report, &extraction, &options.annotator);
                // A report not adjudicated before starts from what the two annotators agree on.
                match &sides {
                    Some(sides) => (sides.start(fresh), None),
                    None => (fresh, None),
                }
            }
            Err(e) => {
                return Err(Broken {
                    trouble: Trouble::UnreadableAnnotation,
                    message: e.to_string(),
                    unreadable_annotation: Some(annotation_path),
                })
            }
        };
        Ok(Loaded {
            report,
            extraction,
            annotation,
            annotation_path,
            warning,
            read_only,
            sides,
        })
    }
}

/// `<file>.unreadable-<time>`: where an unreadable annotation is moved when starting afresh.
fn aside_name(path: &Path) -> PathBuf {
    let stamp = annotate::time::now_rfc3339().replace(':', "");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".unreadable-{stamp}"));
    path.with_file_name(name)
}
