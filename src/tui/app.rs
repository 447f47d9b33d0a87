//! The whole state of a review session, and the messages and effects that flow through it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, MouseEvent};

use crate::annotate::adjudicate::{Adjudication, Sides};
use crate::annotate::Annotation;
use crate::extract::Extraction;
use crate::report::Report;

use super::editor::Editor;
use super::keymap::Keymap;
use super::recovery::Entry;
use super::review::Review;
use super::style::Theme;

/// A yes/no question asked before an action the analyst may not mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Marking done a report with open hard problems or unreviewed values.
    MarkDone,
}

impl Question {
    /// What saying no leaves the status bar saying.
    pub fn declined(self) -> &'static str {
        match self {
            Question::MarkDone => "not marked done",
        }
    }
}

/// The two screens: the queue of reports, and one report under review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Queue,
    Review,
}

/// Which pane keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Report,
    Fields,
    Problems,
}

impl Focus {
    pub fn next(self) -> Focus {
        match self {
            Focus::Report => Focus::Fields,
            Focus::Fields => Focus::Problems,
            Focus::Problems => Focus::Report,
        }
    }

    pub fn prev(self) -> Focus {
        self.next().next()
    }
}

#[derive(Clone)]
pub struct Options {
    pub annotator: String,
    /// Explicit annotations directory; `None`: beside each report.
    pub annotations_dir: Option<PathBuf>,
    pub keymap: Keymap,
    pub keymap_name: String,
    pub theme: Theme,
    /// Offered as the place to write annotations that cannot be saved in place.
    pub rescue_dir: PathBuf,
    /// Adjudicating: the two annotation sets whose labels are settled into this session's.
    pub adjudicate: Option<Adjudication>,
    /// Reports whose annotation file is not the usual one (see
    /// [`crate::annotate::store::Locations`]), and where theirs is.
    pub annotation_files: std::collections::HashMap<PathBuf, PathBuf>,
    /// Where the cursor goes after a typed value is accepted.
    pub after_enter: crate::annotate::config::AfterEnter,
}

impl Options {
    /// The annotation file of `report` in this session's set.
    pub fn annotation_path(&self, report: &std::path::Path) -> PathBuf {
        crate::annotate::store::located(
            &self.annotation_files,
            report,
            &self.annotator,
            self.annotations_dir.as_deref(),
        )
    }

    /// Where this session's annotations are.
    pub fn locations(&self) -> crate::annotate::store::Locations {
        crate::annotate::store::Locations {
            annotator: self.annotator.clone(),
            dir: self.annotations_dir.clone(),
            files: self.annotation_files.clone(),
        }
    }
}

/// A report as loaded from disk, ready to review.
pub struct Loaded {
    pub report: Report,
    pub extraction: Extraction,
    pub annotation: Annotation,
    pub annotation_path: PathBuf,
    pub warning: Option<String>,
    /// Another gouji holds the annotation set: who, when.
    pub read_only: Option<String>,
    /// Adjudicating: the two annotators' labels of this report.
    pub sides: Option<Sides>,
}

/// A report that could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub trouble: super::queue::Trouble,
    pub message: String,
    /// Its annotation file, when that is what could not be read: the analyst may start
    /// afresh, which moves the file aside.
    pub unreadable_annotation: Option<PathBuf>,
}

/// What happens to the state.
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A report's text is read; its tables are still being read: shown meanwhile.
    Previewed(usize, Box<crate::report::Report>),
    Opened(usize, Result<Box<Loaded>, Broken>),
    Saved {
        report: usize,
        generation: u64,
        result: Result<(), String>,
    },
    /// The crash-recovery offer was answered; what happened.
    Recovered(String),
    /// Unsaved annotations were written elsewhere (how many), or why not.
    SavedElsewhere(Result<usize, String>),
    /// The background loader summarized these reports (index, row) for the queue.
    Summarized(Vec<(usize, super::queue::QueueRow)>),
}

/// What `update` asks the outside world to do.
#[derive(Debug)]
pub enum Effect {
    Open(usize),
    Save {
        report: usize,
        generation: u64,
        path: PathBuf,
        annotation: Box<Annotation>,
    },
    /// Move an unreadable annotation file aside and open the report afresh.
    StartAfresh {
        report: usize,
        annotation: PathBuf,
    },
    /// Stop the process (ctrl-z); the terminal is restored first and taken back after.
    Suspend,
    /// Answer the crash-recovery offer: write the recovered work, or keep it aside.
    Recover {
        restore: bool,
    },
    /// Write every unsaved annotation into `dir`, then quit.
    SaveElsewhere {
        dir: PathBuf,
    },
    Quit,
}

/// One change to one report's annotation, for undo and redo across the session.
pub struct Change {
    pub report: usize,
    pub before: Annotation,
    pub after: Annotation,
}

pub struct App {
    pub screen: Screen,
    /// The reports, their summaries and the order they are worked in.
    pub triage: super::queue::Queue,
    /// The session's reports, in the order given; indices into it name a report everywhere.
    pub report_paths: Vec<PathBuf>,
    pub reviews: HashMap<usize, Review>,
    /// Reports that could not be opened, with why.
    pub broken: HashMap<usize, Broken>,
    pub current: usize,
    pub focus: Focus,
    pub editor: Option<Editor>,
    pub help: bool,
    /// First line of the help screen shown.
    pub help_top: usize,
    /// One line for the status bar: the outcome of the last action.
    pub message: Option<String>,
    /// A yes/no question the next key answers (its text is the message).
    pub question: Option<Question>,
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
    pub options: Options,
    pub size: (u16, u16),
    /// Quit once every pending save has succeeded.
    pub quit_pending: bool,
    /// Unsaved work recovered from a crash, offered at start.
    pub recovery: Option<Vec<Entry>>,
    /// A report being opened and the field to put the cursor on once it is.
    pub pending_field: Option<(usize, String)>,
}

impl App {
    /// The annotations not yet on disk, as recovery entries.
    pub fn unsaved(&self) -> Vec<Entry> {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
        self.reviews
            .values()
            .filter(|r| !r.is_saved())
            .map(|r| Entry {
                report: absolute(&r.report.path),
                sha256: r.report.sha256.clone(),
                annotator: r.annotation.annotator.clone(),
                path: absolute(&r.annotation_path),
                annotation: r.annotation.clone(),
                generation: r.generation,
            })
            .collect()
    }

    /// A session over `report_paths`; the first effect to run is opening its first report.
    pub fn new(
        report_paths: Vec<PathBuf>,
        options: Options,
        size: (u16, u16),
    ) -> (App, Vec<Effect>) {
        let effects = if report_paths.is_empty() {
            vec![]
        } else {
            vec![Effect::Open(0)]
        };
        let app = App {
            screen: Screen::Review,
            triage: super::queue::Queue::new(report_paths.clone()),
            report_paths,
            reviews: HashMap::new(),
            broken: HashMap::new(),
            current: 0,
            focus: Focus::Fields,
            editor: None,
            help: false,
            help_top: 0,
            message: None,
            question: None,
            undo: Vec::new(),
            redo: Vec::new(),
            options,
            size,
            quit_pending: false,
            recovery: None,
            pending_field: None,
        };
        (app, effects)
    }

    /// A session that starts on the queue screen; reports open from there.
    pub fn triage(queue: Vec<PathBuf>, options: Options, size: (u16, u16)) -> App {
        let (mut app, _) = App::new(queue, options, size);
        app.screen = Screen::Queue;
        app
    }

    pub fn review(&self) -> Option<&Review> {
        self.reviews.get(&self.current)
    }

    pub fn review_mut(&mut self) -> Option<&mut Review> {
        self.reviews.get_mut(&self.current)
    }

    pub fn all_saved(&self) -> bool {
        self.reviews.values().all(Review::is_saved)
    }
}
