//! Loading reports for the TUI: one report opened for review (read, extracted, its
//! annotation set locked, its annotation found or started), and every report of the queue
//! summarized on background threads.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::annotate::adjudicate::{unsettled, Adjudication};
use crate::annotate::{self, store, Annotation};
use crate::extract::{self, extract};
use crate::report::Report;
use crate::rules;

use super::app::{Broken, Loaded, Options};
use super::locks::{annotation_dir, lock_dir, Locks};
use super::queue::{QueueRow, QueueSummary, Trouble};
use super::review::shown_disagreements;
use super::sheet;

/// Loads a report, extracts it, locks its annotation set and finds its annotation (or
/// starts one).
pub fn open(locks: &Locks, path: &Path, options: &Options) -> Result<Loaded, Broken> {
    open_loaded(locks, path, load(path)?, options)
}

/// Reads a report's file: what can be shown before its tables are read.
pub fn load(path: &Path) -> Result<Report, Broken> {
    Report::load(path).map_err(|e| Broken {
        trouble: Trouble::NotAReport,
        message: e.to_string(),
        unreadable_annotation: None,
    })
}

/// The rest of opening a report already read: its tables, its annotation set's lock, its
/// annotation.
pub fn open_loaded(
    locks: &Locks,
    path: &Path,
    report: Report,
    options: &Options,
) -> Result<Loaded, Broken> {
    let broken = |trouble: Trouble, message: String| Broken {
        trouble,
        message,
        unreadable_annotation: None,
    };
    let extraction = extract::extract(&report);
    let annotation_path = options.annotation_path(path);
    let read_only = lock_dir(locks, &annotation_dir(&annotation_path))
        .map_err(|e| broken(Trouble::Unlockable, e))?;
    let sides = match &options.adjudicate {
        Some(sets) => Some(
            sets.load(path, &report)
                .map_err(|e| broken(Trouble::UnreadableSide, e.to_string()))?,
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

/// Reads every report on `threads` background threads and sends its row as soon as it is
/// ready; the queue is usable while this runs. Rows arrive roughly in path order.
pub fn spawn_loader(
    paths: Vec<PathBuf>,
    locations: store::Locations,
    adjudicate: Option<Adjudication>,
    threads: usize,
) -> std::sync::mpsc::Receiver<(usize, QueueRow)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let (tx, rx) = std::sync::mpsc::channel();
    let next = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(paths);
    let locations = Arc::new(locations);
    let adjudicate = Arc::new(adjudicate);
    for _ in 0..threads.max(1) {
        let (tx, next, paths, locations, adjudicate) = (
            tx.clone(),
            Arc::clone(&next),
            Arc::clone(&paths),
            Arc::clone(&locations),
            Arc::clone(&adjudicate),
        );
        std::thread::spawn(move || loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = paths.get(i) else { break };
            let row = summarize(path, &locations, adjudicate.as_ref().as_ref());
            if tx.send((i, row)).is_err() {
                break;
            }
        });
    }
    rx
}

/// Reads, extracts and checks one report and looks up its annotation: the queue row. When
/// adjudicating, also the two annotators' labels: a report not adjudicated yet is summarized
/// as it will start, and the row counts the disagreements left.
pub fn summarize(
    path: &Path,
    locations: &store::Locations,
    adjudicate: Option<&Adjudication>,
) -> QueueRow {
    let report = match Report::load(path) {
        Ok(r) => r,
        Err(e) => return QueueRow::Broken(Trouble::NotAReport, e.to_string()),
    };
    let extraction = extract(&report);
    let sides = match adjudicate.map(|sets| sets.load(path, &report)).transpose() {
        Ok(sides) => sides,
        Err(e) => return QueueRow::Broken(Trouble::UnreadableSide, e.to_string()),
    };
    let saved = match store::load(&locations.of(path)) {
        Ok(saved) => saved,
        Err(e) => return QueueRow::Broken(Trouble::UnreadableAnnotation, e.to_string()),
    };
    let who = saved.as_ref().map(|a| a.annotator.clone());
    let annotation = match (saved, &sides) {
        (Some(a), _) => Some(a),
        (None, Some(sides)) => Some(sides.start(Annotation::from_extraction(
            &report,
            &extraction,
            &locations.annotator,
        ))),
        (None, None) => None,
    };
    // Without an annotation the extraction is what is in effect: borrowed, not copied.
    let effective = match &annotation {
        Some(a) => Cow::Owned(a.effective(&extraction)),
        None => Cow::Borrowed(&extraction),
    };
    let disagreements = sides.as_ref().map(|sides| {
        let sheet = sheet::sheet(extraction.meta.format);
        shown_disagreements(sides, &sheet)
            .iter()
            .filter(|f| annotation.as_ref().is_none_or(|a| unsettled(a, f)))
            .count()
    });
    let (violations, coverage) = rules::check_and_cover(&effective);
    QueueRow::Loaded(QueueSummary::new(
        &effective,
        &violations,
        coverage.share(),
        annotation.as_ref(),
        who,
        disagreements,
    ))
}
