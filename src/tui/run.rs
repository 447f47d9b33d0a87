//! The event loop: terminal events become messages, `update` turns them into effects, and
//! the effects (loading a report, saving an annotation) run here, outside the state.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyEventKind};

use crate::annotate::{self, Annotation};
use crate::extract;
use crate::report::Report;

use super::app::{App, Effect, Loaded, Msg, Options};
use super::terminal::Session;
use super::{update, view};

/// Reviews `queue` in the full-screen terminal until the analyst quits.
pub fn run(queue: Vec<PathBuf>, options: Options) -> anyhow::Result<()> {
    let mut session = Session::start()?;
    let size = session.terminal.size()?;
    let (mut app, effects) = App::new(queue, options, (size.width, size.height));
    let mut pending: VecDeque<Effect> = effects.into();
    loop {
        while let Some(effect) = pending.pop_front() {
            match perform(effect, &app) {
                Some(msg) => pending.extend(update::update(&mut app, msg)),
                None => return Ok(()),
            }
        }
        session.terminal.draw(|frame| view::render(frame, &app))?;
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

/// Runs one effect; `None` means quit.
pub fn perform(effect: Effect, app: &App) -> Option<Msg> {
    match effect {
        Effect::Quit => None,
        Effect::Open(index) => {
            let path = app.queue.get(index)?;
            Some(Msg::Opened(index, open(path, &app.options).map(Box::new)))
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

/// Loads a report, extracts it and finds its annotation (or starts one).
pub fn open(path: &Path, options: &Options) -> Result<Loaded, String> {
    let report = Report::load(path).map_err(|e| e.to_string())?;
    let extraction = extract::extract(&report);
    let annotation_path =
        annotate::store::location(path, &options.annotator, options.annotations_dir.as_deref());
    let (annotation, warning) = match annotate::store::load(&annotation_path) {
        Ok(Some(a)) => {
            let warning = (a.report.sha256 != report.sha256).then(|| {
                format!(
                    "{} changed since it was annotated (sha256 differs): values kept, check the evidence",
                    path.display()
                )
            });
            (a, warning)
        }
        Ok(None) => (
            Annotation::from_extraction(&report, &extraction, &options.annotator),
            None,
        ),
        Err(e) => {
            return Err(format!(
                "{e}\nThe annotation file is left untouched; move it aside to start afresh."
            ))
        }
    };
    Ok(Loaded {
        report,
        extraction,
        annotation,
        annotation_path,
        warning,
    })
}
