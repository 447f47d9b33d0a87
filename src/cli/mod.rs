//! Command-line entry: argument parsing and the batch commands.

pub mod batch;
pub mod gold;
pub mod output;
pub mod reference;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Args, Parser, Subcommand};

use crate::corpus;
use crate::extract::{self, Extraction};
use crate::report::Report;
use crate::rules::cross_year::{failing_links, CarryFacts};
use crate::rules::{self, Severity};
use crate::text::width::escape_controls;
use batch::Outcome;

#[derive(Parser, Debug)]
#[command(
    name = "gouji",
    version,
    about = "Review Chinese government information-disclosure annual reports: extract every number, check the totals, save gold labels",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no command: review these reports (files or directories) in the TUI.
    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Args, Debug, Default)]
pub struct ReviewArgs {
    /// Report files, or directories walked recursively.
    pub paths: Vec<PathBuf>,
    /// Who is annotating (default: `annotator` in the config file, else the user name).
    #[arg(long)]
    pub annotator: Option<String>,
    /// Where annotation files go (default: `.gouji/annotations/<annotator>/` beside each report).
    #[arg(long)]
    pub annotations: Option<PathBuf>,
    /// Keymap: `default`, `vim`, or a path to a keymap file.
    #[arg(long)]
    pub keymap: Option<String>,
    /// File extensions taken from directories (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = crate::corpus::REPORT_EXTENSIONS)]
    pub ext: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Review reports in the full-screen TUI (the same as giving paths with no command).
    Review(ReviewArgs),
    /// Check every report's totals: one line per report and its failed rules.
    /// Exit 0: all hard rules hold; 1: some hard rule fails; 2: some file is not a report.
    Check {
        /// Print one JSON object per report (JSON Lines).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        input: Input,
    },
    /// Write the gold file: one JSON line per finished (`done`) report with every field's final
    /// value, status and span, the acknowledged violations with notes, annotator and times.
    Export {
        /// Annotation sets to read (directories holding annotation files); default: every
        /// `.gouji/annotations` directory under the current directory.
        #[arg(long)]
        annotations: Vec<PathBuf>,
        /// Also export reports not marked done, with their status.
        #[arg(long)]
        include_unfinished: bool,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Agreement between two annotators: exact agreement per field group, Cohen's kappa on
    /// field status, per-rule agreement on acknowledgements, and every disagreement. A and B
    /// are annotation directories or gold JSONL files.
    Agree {
        /// The first annotator's labels: an annotation directory or a gold JSONL file.
        a: PathBuf,
        /// The second annotator's labels, likewise.
        b: PathBuf,
        #[command(flatten)]
        out: GoldArgs,
    },
    /// Measure the extractor against a gold file: accuracy per field group and per format,
    /// violations raised that the gold does not have and the reverse, the worst reports.
    Eval {
        /// The gold JSONL file (`gouji export`) to measure against.
        #[arg(long)]
        gold: PathBuf,
        /// Report files or directories to look the gold's reports up in (by sha256);
        /// default: the paths recorded in the gold file.
        reports: Vec<PathBuf>,
        #[command(flatten)]
        out: GoldArgs,
    },
    /// Print every field of every report with value, span, source and label, and the
    /// violations, as one JSON object per report (JSON Lines).
    /// Exit 0, or 2 when some file is not a report.
    Extract {
        /// Indent the JSON (one object spans several lines).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        input: Input,
    },
    /// Settle two annotators' labels in the TUI: the cells they disagree on are marked, take
    /// either's label per cell (or type another); saved as a third annotation set (annotator
    /// `adjudicated` unless --annotator says otherwise).
    #[command(mut_arg("annotator", |a| a.help("Who the settled labels are saved as (default: adjudicated)")))]
    Adjudicate {
        /// The first annotator: a name (their files beside each report, in
        /// `.gouji/annotations/<name>/`) or an annotation directory.
        a: String,
        /// The second annotator, likewise.
        b: String,
        #[command(flatten)]
        review: ReviewArgs,
    },
    /// Print every field id with its kind and printed label (`id<TAB>kind<TAB>label`), or with
    /// --markdown the whole field and rule reference (docs/FIELDS.md).
    Fields {
        /// The reference as Markdown: formats, every field, every rule and its equations.
        #[arg(long)]
        markdown: bool,
    },
    /// Print a report's decoded text: what every `span` points into (for a web page, the
    /// page's text, not its markup).
    Text { path: PathBuf },
}

#[derive(Args, Debug)]
pub struct GoldArgs {
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct Input {
    /// Report files, or directories walked recursively.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// File extensions taken from directories (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = crate::corpus::REPORT_EXTENSIONS)]
    pub ext: Vec<String>,
    /// Worker threads (default: every core).
    #[arg(long)]
    pub jobs: Option<usize>,
}

/// Runs the command line; the exit code follows the command's contract.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check { json, input }) => check(&input, json),
        Some(Command::Extract { pretty, input }) => {
            run_batch(&input, true, move |r| extract_one(r, pretty))
        }
        Some(Command::Review(args)) => review(&args, None),
        Some(Command::Adjudicate { a, b, review: args }) => adjudicate(&a, &b, &args),
        Some(Command::Text { path }) => print_text(&path),
        Some(Command::Fields { markdown }) => {
            let text = if markdown {
                reference::markdown()
            } else {
                reference::tsv()
            };
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map(|()| ExitCode::SUCCESS)
                .map_err(anyhow::Error::from)
        }
        Some(Command::Export {
            annotations,
            include_unfinished,
            output,
        }) => gold::export(&annotations, include_unfinished, output.as_deref()),
        Some(Command::Agree { a, b, out }) => gold::agree(&a, &b, out.json),
        Some(Command::Eval { gold, reports, out }) => gold::eval(&gold, &reports, out.json),
        None if !cli.review.paths.is_empty() => review(&cli.review, None),
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        // The reader went away (`gouji check dir | head -1`): it has all it wanted, so there is
        // nothing to report and nothing failed, as ripgrep does.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            output::warn(e);
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Where one side of an adjudication is read from: an existing directory holds that
/// annotator's files; anything else is an annotator's name.
fn set_source(arg: &str) -> anyhow::Result<crate::annotate::adjudicate::SetSource> {
    let path = std::path::Path::new(arg);
    if path.is_dir() {
        let name = path
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| arg.to_owned());
        return Ok(crate::annotate::adjudicate::SetSource {
            name,
            dir: Some(path.to_owned()),
            files: std::collections::HashMap::new(),
        });
    }
    if arg.contains(std::path::MAIN_SEPARATOR) || arg.contains('/') {
        anyhow::bail!("{arg}: no such annotation directory");
    }
    Ok(crate::annotate::adjudicate::SetSource {
        name: arg.to_owned(),
        dir: None,
        files: std::collections::HashMap::new(),
    })
}

fn adjudicate(a: &str, b: &str, args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    let sets = crate::annotate::adjudicate::Adjudication {
        a: set_source(a)?,
        b: set_source(b)?,
    };
    if sets.a == sets.b {
        anyhow::bail!("{a} and {b} are the same annotation set: nothing to adjudicate");
    }
    review(args, Some(sets))
}

fn review(
    args: &ReviewArgs,
    mut adjudicate: Option<crate::annotate::adjudicate::Adjudication>,
) -> anyhow::Result<ExitCode> {
    use crate::annotate::config;
    use crate::annotate::store::Locations;
    use crate::tui;
    let config_dir = config::config_dir();
    let cfg = config::Config::load(config_dir.as_deref())?;
    let keymap_name = args
        .keymap
        .clone()
        .or_else(|| cfg.keymap.clone())
        .unwrap_or_else(|| "default".to_owned());
    let overrides = config_dir.as_ref().map(|d| d.join("keymap.json"));
    let keymap = tui::keymap::Keymap::load(&keymap_name, overrides.as_deref())?;
    let found = corpus::find_reports(&args.paths, &args.ext);
    for e in &found.errors {
        output::warn(e);
    }
    for w in &found.warnings {
        output::warn(format_args!("warning: {w}"));
    }
    if found.files.is_empty() {
        anyhow::bail!("no reports found in the paths given");
    }
    let files = corpus::dedupe(found.files);
    let annotator = match (&args.annotator, &adjudicate) {
        (None, Some(_)) => "adjudicated".to_owned(),
        _ => config::annotator(args.annotator.as_deref(), &cfg),
    };
    let annotation_files = Locations::new(&annotator, args.annotations.as_deref(), &files).files;
    if let Some(sets) = adjudicate.as_mut() {
        for side in [&mut sets.a, &mut sets.b] {
            side.files = Locations::new(&side.name, side.dir.as_deref(), &files).files;
        }
    }
    let options = tui::app::Options {
        annotator,
        annotation_files,
        annotations_dir: args.annotations.clone(),
        keymap,
        keymap_name,
        theme: tui::style::Theme::from_env(),
        rescue_dir: tui::recovery::Recovery::default_dirs()
            .into_iter()
            .next()
            .unwrap_or_else(|| std::path::PathBuf::from(".")),
        adjudicate,
        after_enter: cfg.after_enter,
    };
    if let Some(sets) = &options.adjudicate {
        refuse_writing_into_a_side(
            sets,
            &options.annotator,
            options.annotations_dir.as_deref(),
            &files,
        )?;
    }
    // Said before the terminal is touched, rather than an ioctl error from raw mode.
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the review TUI needs a terminal: standard input and output must be a TTY (for scripts: gouji check, gouji extract)"
        );
    }
    // A directory or several files start on the queue; one file opens straight away.
    let start_on_queue = files.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    tui::run::run(files, options, start_on_queue)?;
    Ok(ExitCode::SUCCESS)
}

/// The adjudicated set may not be one of the two it settles: README promises that A's and B's
/// files are only read. Compared per directory of reports, where the sets are.
fn refuse_writing_into_a_side(
    sets: &crate::annotate::adjudicate::Adjudication,
    annotator: &str,
    annotations: Option<&std::path::Path>,
    reports: &[PathBuf],
) -> anyhow::Result<()> {
    let same = |a: &std::path::Path, b: &std::path::Path| {
        let full = |p: &std::path::Path| {
            p.canonicalize()
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.to_owned())
        };
        full(a) == full(b)
    };
    let mut seen = std::collections::HashSet::new();
    for report in reports {
        if !seen.insert(report.parent().map(std::path::Path::to_owned)) {
            continue;
        }
        let ours = crate::annotate::store::location(report, annotator, annotations);
        for side in [&sets.a, &sets.b] {
            let theirs = side.location(report);
            if let (Some(o), Some(t)) = (ours.parent(), theirs.parent()) {
                if same(o, t) {
                    anyhow::bail!(
                        "{}: the adjudicated labels would be written into {}'s annotation set, which adjudication only reads; choose another --annotator or --annotations",
                        t.display(),
                        side.name
                    );
                }
            }
        }
    }
    Ok(())
}

/// The text as it is when piped (every span is a byte offset into it); on a terminal, its
/// control characters other than line breaks and tabs are shown escaped instead of acted on.
fn print_text(path: &std::path::Path) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let report = Report::load(path)?;
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        for line in report.text.split_inclusive('\n') {
            let (body, end) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            for (i, part) in body.split('\t').enumerate() {
                if i > 0 {
                    out.write_all(b"\t")?;
                }
                out.write_all(escape_controls(part).as_bytes())?;
            }
            out.write_all(end.as_bytes())?;
        }
    } else {
        out.write_all(report.text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `job` on every report; a file that is not a report is named on stderr and, when the
/// output is JSON, also given an `{"path", "error"}` line on stdout.
fn run_batch<F>(input: &Input, json: bool, job: F) -> anyhow::Result<ExitCode>
where
    F: Fn(&Report) -> (String, bool) + Sync,
{
    let found = corpus::find_reports(&input.paths, &input.ext);
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for e in &found.errors {
        writeln!(err, "gouji: {}", escape_controls(e))?;
    }
    for w in &found.warnings {
        writeln!(err, "gouji: warning: {}", escape_controls(w))?;
    }
    let threads = input.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let summary = batch::run(
        &found.files,
        threads,
        |path| match Report::load(path) {
            Ok(report) => {
                let (stdout, failed) = job(&report);
                Outcome::Printed { stdout, failed }
            }
            Err(e) => {
                let error = e.to_string();
                let record = output::ErrorRecord {
                    path: path.display().to_string(),
                    error: &error,
                };
                let stdout = if json {
                    output::json_line(&record) + "\n"
                } else {
                    format!(
                        "{}\tNOT A REPORT\t{}\n",
                        escape_controls(&path.display().to_string()),
                        escape_controls(&error)
                    )
                };
                Outcome::Refused { stdout, error }
            }
        },
        &mut out,
        &mut err,
    )?;
    Ok(if summary.refused > 0 || !found.errors.is_empty() {
        ExitCode::from(2)
    } else if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks every report, then the `X-CARRY` links among them (one agency's consecutive
/// years), printed after the reports: soft, so they do not change the exit code.
fn check(input: &Input, json: bool) -> anyhow::Result<ExitCode> {
    let carry = Mutex::new(Vec::new());
    let code = run_batch(input, json, |report| {
        let extraction = extract::extract(report);
        if let Some(facts) = CarryFacts::of(&extraction) {
            if let Ok(mut carry) = carry.lock() {
                carry.push((report.path.clone(), facts));
            }
        }
        check_one(report, &extraction, json)
    })?;
    let mut carry = carry.into_inner().unwrap_or_default();
    carry.sort_by(|a, b| a.0.cmp(&b.0));
    let (paths, facts): (Vec<PathBuf>, Vec<Option<CarryFacts>>) =
        carry.into_iter().map(|(p, f)| (p, Some(f))).unzip();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for link in failing_links(&facts) {
        let (earlier, later) = (&paths[link.earlier], &paths[link.later]);
        let line = if json {
            output::json_line(&output::CarryRecord::new(earlier, later, &link.message))
        } else {
            format!(
                "{} → {}\tX-CARRY (soft): {}",
                escape_controls(&earlier.display().to_string()),
                escape_controls(&later.display().to_string()),
                escape_controls(&link.message)
            )
        };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(code)
}

fn check_one(report: &Report, extraction: &Extraction, json: bool) -> (String, bool) {
    let violations = rules::check(extraction);
    let failed = violations.iter().any(|v| v.severity == Severity::Hard);
    let text = if json {
        let record = output::check_record(report, extraction, &violations);
        output::json_line(&record) + "\n"
    } else {
        output::check_text(report, extraction, &violations)
    };
    (text, failed)
}

/// Extraction reports violations but does not fail on them: its job is the values.
fn extract_one(report: &Report, pretty: bool) -> (String, bool) {
    let extraction = extract::extract(report);
    let violations = rules::check(&extraction);
    let record = output::extract_record(report, &extraction, &violations);
    let json = if pretty {
        serde_json::to_string_pretty(&record)
    } else {
        serde_json::to_string(&record)
    };
    (output::json_escaped(json.unwrap_or_default()) + "\n", false)
}
