//! One report under review: what was extracted, what the analyst has made of it, and what
//! follows from that (the effective values, the violations, the fix candidates).

use std::cell::RefCell;
use std::path::PathBuf;

use crate::annotate::adjudicate::{unsettled, Sides, Which};
use crate::annotate::{Annotation, FieldLabel, FieldStatus, MetaField};
use crate::extract::{Extraction, FlagKind, Reading};
use crate::fields::Format;
use crate::report::Report;
use crate::rules::fixes::{self, FixCandidate};
use crate::rules::{self, cross_year, Severity, Violation};
use crate::text::width::str_width;
use crate::text::wrap::{looks_laid_out, Lines, VisualPos, WrapCache};
use crate::value::{Number, Span};

use super::problem_text;
use super::search::Search;
use super::sheet::{self, Cursor, SheetSection};

/// A problem the analyst sees: a failed rule, something the extractor flagged, a
/// disagreement to settle, or a cross-year link that does not hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub severity: Severity,
    pub fields: Vec<String>,
    pub message: String,
    /// The acknowledgement note when the analyst closed it as the report's own error.
    pub acknowledged: Option<String>,
    pub span: Option<Span>,
    /// The whole problem, every operand by its row and column, for the detail under the list.
    pub detail: Option<String>,
    /// The fields whose reading is in doubt (ambiguous, guessed, or not read although the
    /// form has their row): while any is left, a failed rule may be a misreading.
    pub unsure: Vec<String>,
}

/// How far past a row's label a typed value's number is looked for, in bytes: a row's cells.
const TYPED_EVIDENCE_REACH: usize = 600;

/// The runs of digits (ASCII or full-width, with a decimal point) in `text[from..end]`.
fn number_runs(text: &str, from: usize, end: usize) -> impl Iterator<Item = (Span, &str)> {
    let region = text.get(from..end).unwrap_or("");
    let is_digit = |c: char| crate::text::numbers::is_digit(c) || c == '.';
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in region
        .char_indices()
        .chain(std::iter::once((region.len(), ' ')))
    {
        match (start, is_digit(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                runs.push((Span::new(from + s, from + i), &region[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    runs.into_iter()
}

/// What applying a fix candidate means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// It changes values read without certainty: a correction of the reading.
    Correct,
    /// It changes a value the report prints: the report's own error, to acknowledge.
    Acknowledge,
}

/// Whose error a problem is likely to be, in the order the problems pane lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Whose {
    /// A hard rule fails on a value the reader was not sure of: check the reading first.
    Reading,
    /// A hard rule fails on values read with certainty: the report's own numbers.
    Report,
    /// A soft problem (a soft rule, a flag, a cross-year link, a disagreement).
    Soft,
}

impl Whose {
    /// What the problems pane calls it.
    pub fn label(self) -> &'static str {
        match self {
            Whose::Reading => "check the reading",
            Whose::Report => "report error",
            Whose::Soft => "soft",
        }
    }
}

/// What kind of problem it is, which decides how it is settled and whether the queue counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A rule the report's values break, by its name (`T3-ROW[total]`); acknowledged when the
    /// report itself does not add up.
    Rule(String),
    /// Something the extractor flagged; settled by reviewing the cells it names.
    Flag(FlagKind),
    /// One total left blank in several rows (`T3-ROW[…]` each): one cause, one problem,
    /// acknowledged as all its rules at once.
    BlankTotals(Vec<String>),
    /// Values read without certainty that the analyst has not reviewed yet, though no rule
    /// fails on them: settled by confirming or correcting each.
    Unsure,
    /// Adjudicating: the two annotators disagree on this field; settled by taking a side.
    Disagreement(String),
    /// `X-CARRY`: a carried figure that differs from the other year's report (`other`, its
    /// `field`); acknowledged as a rule is.
    CrossYear { other: usize, field: String },
}

impl Problem {
    /// The name the problems pane shows: the rule's, `flag:glued-run`, `disagree:<field>`.
    pub fn name(&self) -> String {
        match &self.kind {
            ProblemKind::Rule(rule) => rule.clone(),
            ProblemKind::BlankTotals(rules) => {
                let id = rules
                    .first()
                    .map_or("", |r| r.split('[').next().unwrap_or(r));
                let rows = rules
                    .iter()
                    .filter(|r| r.starts_with(&format!("{id}[")))
                    .count();
                format!("{id}×{rows}")
            }
            ProblemKind::Flag(kind) => format!("flag:{}", flag_name(*kind)),
            ProblemKind::Unsure => "unsure".to_owned(),
            ProblemKind::Disagreement(field) => format!("disagree:{field}"),
            ProblemKind::CrossYear { .. } => cross_year::RULE.to_owned(),
        }
    }

    /// The rule an acknowledgement of this problem is recorded under; `None` for kinds that
    /// are settled otherwise.
    pub fn rule(&self) -> Option<&str> {
        match &self.kind {
            ProblemKind::Rule(rule) => Some(rule),
            ProblemKind::BlankTotals(rules) => rules.first().map(String::as_str),
            ProblemKind::CrossYear { .. } => Some(cross_year::RULE),
            ProblemKind::Flag(_) | ProblemKind::Disagreement(_) | ProblemKind::Unsure => None,
        }
    }

    /// Every rule an acknowledgement of this problem is recorded under.
    pub fn rules(&self) -> Vec<String> {
        match &self.kind {
            ProblemKind::BlankTotals(rules) => rules.clone(),
            _ => self.rule().map(str::to_owned).into_iter().collect(),
        }
    }

    pub fn whose(&self) -> Whose {
        if self.kind == ProblemKind::Unsure {
            return Whose::Reading;
        }
        match (self.severity, self.unsure.is_empty()) {
            (Severity::Soft, _) => Whose::Soft,
            (Severity::Hard, false) => Whose::Reading,
            (Severity::Hard, true) => Whose::Report,
        }
    }

    /// The cell to look at first: a value in doubt, else one a fix would change, else the
    /// rule's first (its total).
    pub fn suspect<'a>(&'a self, fixes: &'a [FixCandidate]) -> Option<&'a str> {
        self.unsure
            .first()
            .or_else(|| {
                fixes
                    .iter()
                    .flat_map(|f| f.edits.iter().map(|(field, _)| field))
                    .find(|field| self.fields.contains(field))
            })
            .or_else(|| self.fields.first())
            .map(String::as_str)
    }

    pub fn is_disagreement(&self) -> bool {
        matches!(self.kind, ProblemKind::Disagreement(_))
    }
}

fn flag_name(kind: FlagKind) -> &'static str {
    kind.into()
}

pub struct Review {
    pub report: Report,
    pub extraction: Extraction,
    pub annotation: Annotation,
    pub annotation_path: PathBuf,
    /// The extraction with the analyst's values applied.
    pub effective: Extraction,
    pub violations: Vec<Violation>,
    pub problems: Vec<Problem>,
    pub fixes: Vec<FixCandidate>,
    pub sheet: Vec<SheetSection>,
    /// The format `sheet` is laid out for: the effective one, which the analyst may correct.
    sheet_format: Format,
    pub cursor: Cursor,
    /// Selected row of the problems pane.
    pub problem: usize,
    /// First visual row of the report pane.
    pub report_top: VisualPos,
    /// The report pane shows each line whole on one screen line, scrolled sideways (like
    /// `less -S`), rather than wrapped: for text laid out in columns.
    pub unwrapped: bool,
    /// Unwrapped: the first display column shown.
    pub report_left: usize,
    /// The report pane's width, which wrapping follows.
    pane_width: usize,
    pub wrap: RefCell<WrapCache>,
    pub search: Option<Search>,
    /// Bumped by every change; the store reports which generation it wrote.
    pub generation: u64,
    pub saved_generation: u64,
    /// Why the last save failed, while it has not succeeded since.
    pub save_error: Option<String>,
    /// Shown once on opening (e.g. the report changed since it was annotated).
    pub warning: Option<String>,
    /// Another gouji holds this annotation set; edits are refused.
    pub read_only: Option<String>,
    /// `X-CARRY` problems with the reports of the same agency in the years around.
    pub cross_year: Vec<Problem>,
    /// Adjudicating: the two annotators' labels, and the fields they disagree on.
    pub sides: Option<Sides>,
    pub disagreements: Vec<String>,
    /// Its text is shown while its tables are still being read: nothing can be edited yet.
    pub reading: bool,
    /// Notes of acknowledgements withdrawn this session, by rule: acknowledging the rule again
    /// starts from its note.
    pub reopened: std::collections::HashMap<String, String>,
}

/// The wrapping width of an unwrapped report: wider than any line.
const UNWRAPPED_WIDTH: usize = 1 << 24;

impl Review {
    pub fn new(
        report: Report,
        extraction: Extraction,
        annotation: Annotation,
        annotation_path: PathBuf,
        warning: Option<String>,
        width: usize,
    ) -> Review {
        let sheet_format = extraction.meta.format;
        let sheet = sheet::sheet(sheet_format);
        let mut review = Review {
            wrap: RefCell::new(WrapCache::new(width)),
            unwrapped: false,
            report_left: 0,
            pane_width: width,
            report,
            effective: extraction.clone(),
            extraction,
            annotation,
            annotation_path,
            violations: Vec::new(),
            problems: Vec::new(),
            fixes: Vec::new(),
            sheet,
            sheet_format,
            cursor: Cursor::default(),
            problem: 0,
            report_top: VisualPos::default(),
            search: None,
            generation: 0,
            saved_generation: 0,
            save_error: None,
            warning,
            read_only: None,
            cross_year: Vec::new(),
            sides: None,
            disagreements: Vec::new(),
            reopened: Default::default(),
            reading: false,
        };
        if looks_laid_out(&review.report.text) {
            review.set_unwrapped(true);
        }
        review.refresh();
        let first = review.open_problems().next();
        if let Some(first) = first {
            review.select_problem(first);
        }
        review
    }

    /// The report's text alone, shown while its tables are read in the background.
    pub fn preview(report: Report, annotation_path: PathBuf, width: usize) -> Review {
        let extraction = Extraction {
            meta: crate::extract::Meta {
                format: Format::Prose,
                year: None,
                agency: None,
            },
            fields: Default::default(),
            text_values: Default::default(),
            unmapped: Vec::new(),
            flags: Vec::new(),
            all_answered: None,
        };
        let annotation = Annotation::from_extraction(&report, &extraction, "");
        let mut review = Review::new(report, extraction, annotation, annotation_path, None, width);
        review.reading = true;
        review
    }

    /// Recomputes everything derived from the annotation.
    pub fn refresh(&mut self) {
        let selected = self.problems.get(self.problem).map(|p| p.kind.clone());
        self.effective = self.annotation.effective(&self.extraction);
        if self.effective.meta.format != self.sheet_format {
            // A corrected format lays the fields out anew; the cursor stays on its field.
            let here = self.selected_field().map(str::to_owned);
            self.sheet_format = self.effective.meta.format;
            self.sheet = sheet::sheet(self.sheet_format);
            self.cursor = here
                .and_then(|f| sheet::find(&self.sheet, &f))
                .unwrap_or_default();
        }
        self.violations = rules::check(&self.effective);
        let mut problems: Vec<Problem> = self
            .violations
            .iter()
            .map(|v| Problem {
                kind: ProblemKind::Rule(v.rule.clone()),
                severity: v.severity,
                fields: v.fields.clone(),
                message: problem_text::headline(v, &self.sheet)
                    .unwrap_or_else(|| v.message.clone()),
                detail: problem_text::detail(v, &self.sheet),
                acknowledged: self
                    .annotation
                    .acknowledged
                    .get(&v.rule)
                    .map(|a| a.note.clone()),
                span: v
                    .fields
                    .first()
                    .and_then(|f| self.effective.fields.get(f))
                    .map(|f| f.span),
                unsure: self.unsure_operands(v),
            })
            .collect();
        self.group_blank_totals(&mut problems);
        if let Some(sides) = &self.sides {
            for p in &mut problems {
                if let Some((who, note)) = p
                    .rule()
                    .and_then(|rule| sides.one_sided_acknowledgement(rule))
                {
                    p.message
                        .push_str(&format!(" — only {who} acknowledged it: {note}"));
                }
            }
            problems.extend(self.unresolved().map(|field| Problem {
                kind: ProblemKind::Disagreement(field.to_owned()),
                severity: Severity::Soft,
                fields: vec![field.to_owned()],
                message: sides_text(sides, field),
                acknowledged: None,
                span: self.span_of(field),
                unsure: Vec::new(),
                detail: None,
            }));
        }
        problems.extend(self.cross_year.iter().cloned());
        problems.extend(self.unsure_values());
        for flag in &self.extraction.flags {
            // A flag stops mattering once the analyst has reviewed every cell it names.
            let settled = flag.fields.iter().all(|f| {
                self.annotation
                    .fields
                    .get(f)
                    .is_some_and(|a| a.status != FieldStatus::Unreviewed)
            });
            if settled {
                continue;
            }
            problems.push(Problem {
                kind: ProblemKind::Flag(flag.kind),
                severity: Severity::Soft,
                fields: flag.fields.clone(),
                message: flag.message.clone(),
                acknowledged: None,
                span: Some(flag.span),
                unsure: Vec::new(),
                detail: None,
            });
        }
        // Open problems first, disagreements to settle before rules, then misreadings to
        // check, the report's own errors, soft problems; in rule order within.
        problems.sort_by_key(|p| (p.acknowledged.is_some(), !p.is_disagreement(), p.whose()));
        self.problems = problems;
        // The selection follows its problem when acknowledging moves it down the list.
        self.problem = selected
            .and_then(|kind| self.problems.iter().position(|p| p.kind == kind))
            .unwrap_or(self.problem)
            .min(self.problems.len().saturating_sub(1));
        // A candidate that changes nothing, or offers to acknowledge problems already
        // acknowledged, leaves nothing to do.
        let fixes = fixes::candidates(&self.effective, 12);
        self.fixes = fixes
            .into_iter()
            .filter(|f| {
                f.edits
                    .iter()
                    .any(|(id, n)| self.effective.value(id) != Some(*n))
            })
            .filter(|f| self.fix_kind(f) == FixKind::Correct || !self.rules_of_fix(f).is_empty())
            .take(3)
            .collect();
    }

    /// The values read without certainty that no failed rule holds and the analyst has not
    /// reviewed, in the sheet's order, as one problem: `]` goes to the first, and each one
    /// confirmed or corrected leaves it.
    fn unsure_values(&self) -> Option<Problem> {
        let in_rules: Vec<&String> = self
            .violations
            .iter()
            .filter(|v| v.severity == Severity::Hard)
            .flat_map(|v| &v.fields)
            .collect();
        let fields: Vec<String> = sheet::field_ids(&self.sheet)
            .filter(|f| self.effective.fields.contains_key(*f))
            .filter(|f| self.reading_of(f) != Reading::Certain)
            .filter(|f| !in_rules.iter().any(|r| r == f))
            .map(str::to_owned)
            .collect();
        let first = fields.first()?;
        let shown = |f: &String| {
            let value = self
                .effective
                .value(f)
                .map_or_else(|| "blank".to_owned(), |v| v.to_string());
            format!("{} {value}", problem_text::cell_name(&self.sheet, f))
        };
        let listed: Vec<String> = fields.iter().map(shown).collect();
        Some(Problem {
            kind: ProblemKind::Unsure,
            severity: Severity::Soft,
            message: format!(
                "{} read without certainty: {}",
                match fields.len() {
                    1 => "1 value".to_owned(),
                    n => format!("{n} values"),
                },
                listed.join(", ")
            ),
            detail: None,
            acknowledged: None,
            span: self.span_of(first),
            unsure: fields.clone(),
            fields,
        })
    }

    /// Rows whose total cell is left blank fail one rule each (`T3-ROW[…]`): with two or
    /// more, they become one problem naming the total and the rows.
    fn group_blank_totals(&self, problems: &mut Vec<Problem>) {
        for group in rules::blank_groups(&self.violations) {
            let members = &group.rows;
            let rules: Vec<String> = members
                .iter()
                .chain(&group.also)
                .map(|&i| self.violations[i].rule.clone())
                .collect();
            let grouped: Vec<&Problem> = problems
                .iter()
                .filter(|p| matches!(&p.kind, ProblemKind::Rule(r) if rules.contains(r)))
                .collect();
            let totals: Vec<String> = members
                .iter()
                .filter_map(|&i| self.violations[i].operands.iter().find(|o| o.left))
                .map(|o| o.field.clone())
                .collect();
            let places: Vec<String> = totals
                .iter()
                .map(|f| problem_text::cell_name(&self.sheet, f))
                .collect();
            let column = places
                .first()
                .and_then(|p| p.rsplit_once('·'))
                .map_or("total", |(_, c)| c)
                .to_owned();
            let acknowledged = grouped
                .iter()
                .all(|p| p.acknowledged.is_some())
                .then(|| grouped.first().and_then(|p| p.acknowledged.clone()))
                .flatten();
            let mut unsure: Vec<String> = grouped.iter().flat_map(|p| p.unsure.clone()).collect();
            unsure.dedup();
            let problem = Problem {
                kind: ProblemKind::BlankTotals(rules.clone()),
                severity: Severity::Hard,
                fields: totals,
                message: format!("{column} left blank in {} rows", members.len()),
                detail: Some(format!(
                    "{column} left blank in {} rows, whose other cells add up to more than 0: {}{}",
                    members.len(),
                    places.join(", "),
                    if group.also.is_empty() {
                        String::new()
                    } else {
                        let sums: Vec<&str> = group
                            .also
                            .iter()
                            .map(|&i| self.violations[i].rule.as_str())
                            .collect();
                        format!("; so the sums of blanks fail too: {}", sums.join(", "))
                    }
                )),
                acknowledged,
                span: grouped.first().and_then(|p| p.span),
                unsure,
            };
            problems.retain(|p| !matches!(&p.kind, ProblemKind::Rule(r) if rules.contains(r)));
            problems.push(problem);
        }
    }

    /// The operands of a failed hard rule whose reading is in doubt: read without
    /// certainty, or missing from a template table whose every cell the form prints, while
    /// the analyst has not reviewed them.
    fn unsure_operands(&self, v: &Violation) -> Vec<String> {
        if v.severity != Severity::Hard {
            return Vec::new();
        }
        let template = self.effective.meta.format.is_template();
        let mut out: Vec<String> = v
            .fields
            .iter()
            .filter(|f| {
                let reviewed = self
                    .annotation
                    .fields
                    .get(f.as_str())
                    .is_some_and(|l| l.status != FieldStatus::Unreviewed);
                let unread = template && !self.effective.fields.contains_key(f.as_str());
                !reviewed && (v.unsure_operands.contains(f) || unread)
            })
            .cloned()
            .collect();
        out.dedup();
        out
    }

    /// Adjudicating: takes the two annotators' labels and shows where they disagree.
    pub fn set_sides(&mut self, sides: Option<Sides>) {
        self.disagreements = sides
            .as_ref()
            .map_or_else(Vec::new, |s| shown_disagreements(s, &self.sheet));
        let adjudicating = sides.is_some();
        self.sides = sides;
        self.refresh();
        // The first thing to settle is the first disagreement.
        let first = self.open_problems().next().filter(|_| adjudicating);
        if let Some(first) = first {
            self.select_problem(first);
        }
    }

    /// The disagreements not yet settled: the adjudicated label is still unreviewed.
    pub fn unresolved(&self) -> impl Iterator<Item = &str> + '_ {
        self.disagreements
            .iter()
            .filter(|f| unsettled(&self.annotation, f))
            .map(String::as_str)
    }

    pub fn is_disagreement(&self, field: &str) -> bool {
        self.disagreements.iter().any(|f| f == field)
    }

    /// Adjudicating: `None` when the annotators agree on `field`, else whether it is still
    /// unsettled.
    pub fn disagreement(&self, field: &str) -> Option<bool> {
        self.is_disagreement(field)
            .then(|| unsettled(&self.annotation, field))
    }

    /// The label `which` annotator gave `field`, when adjudicating.
    pub fn side_label(&self, which: Which, field: &str) -> Option<&FieldLabel> {
        self.sides.as_ref()?.label(which, field)
    }

    pub fn selected_field(&self) -> Option<&str> {
        sheet::field_at(&self.sheet, self.cursor)
    }

    pub fn open_problems(&self) -> impl Iterator<Item = usize> + '_ {
        self.problems
            .iter()
            .enumerate()
            .filter(|(_, p)| p.acknowledged.is_none())
            .map(|(i, _)| i)
    }

    /// Selects problem `index` and moves the cursor to its first cell that the sheet shows.
    pub fn select_problem(&mut self, index: usize) {
        let Some(p) = self.problems.get(index) else {
            return;
        };
        self.problem = index;
        let suspect = p
            .suspect(&self.fixes)
            .and_then(|f| sheet::find(&self.sheet, f));
        if let Some(c) =
            suspect.or_else(|| p.fields.iter().find_map(|f| sheet::find(&self.sheet, f)))
        {
            self.cursor = c;
        }
    }

    /// Scrolls the report so that byte `offset` is on a screen of `height` rows, a third of
    /// the way down when it was not; unwrapped, also sideways so its column shows.
    pub fn reveal(&mut self, offset: usize, height: usize) {
        {
            let mut wrap = self.wrap.borrow_mut();
            let report = &self.report;
            let target = wrap.pos_of_offset(report, offset);
            let bottom = wrap.advance(report, self.report_top, height.saturating_sub(1));
            if target < self.report_top || target > bottom {
                self.report_top = wrap.retreat(report, target, height / 3);
            }
        }
        if self.unwrapped {
            let offset = offset.min(self.report.text.len());
            let start = self.report.line_range(self.report.line_of(offset)).start;
            let column = self.report.text.get(start..offset).map_or(0, str_width);
            let width = self.pane_width.max(1);
            if column < self.report_left || column >= self.report_left + width {
                self.report_left = column.saturating_sub(width / 3);
            }
        }
    }

    /// The report pane is `width` columns wide: wrapped lines follow it. The top line stays.
    pub fn set_pane_width(&mut self, width: usize) {
        self.pane_width = width.max(1);
        self.rewrap();
    }

    /// Wrapped ⇄ unwrapped, keeping the top line.
    pub fn set_unwrapped(&mut self, unwrapped: bool) {
        self.unwrapped = unwrapped;
        self.report_left = 0;
        self.rewrap();
    }

    fn rewrap(&mut self) {
        let mut wrap = self.wrap.borrow_mut();
        let top = wrap
            .rows_from(&self.report, self.report_top, 1)
            .first()
            .map_or(0, |(_, r)| r.start);
        // Unwrapped, a line is one visual row however long: no pane is this wide.
        wrap.set_width(if self.unwrapped {
            UNWRAPPED_WIDTH
        } else {
            self.pane_width
        });
        self.report_top = wrap.pos_of_offset(&self.report, top);
    }

    pub fn is_saved(&self) -> bool {
        self.saved_generation == self.generation && self.save_error.is_none()
    }

    /// Whether fix candidate `fix` corrects the reading, or would change a value the report
    /// prints (read with certainty): that one is the report's error, which the gold keeps, so
    /// it is offered for acknowledgement instead.
    pub fn fix_kind(&self, fix: &FixCandidate) -> FixKind {
        let prints = |f: &String| self.reading_of(f) == Reading::Certain;
        if !fix.rereads && fix.edits.iter().any(|(f, _)| prints(f)) {
            FixKind::Acknowledge
        } else {
            FixKind::Correct
        }
    }

    /// A fix candidate as the problems pane offers it, in the sheet's words: what it changes
    /// from what to what, and why it is plausible.
    pub fn fix_text(&self, fix: &FixCandidate) -> String {
        let kind = self.fix_kind(fix);
        let changes: Vec<String> = fix
            .edits
            .iter()
            .filter(|(f, new)| self.effective.value(f) != Some(*new))
            .map(|(f, new)| {
                let old = self
                    .effective
                    .value(f)
                    .map_or_else(|| "blank".to_owned(), |n| n.to_string());
                let cell = problem_text::cell_name(&self.sheet, f);
                match kind {
                    FixKind::Correct => format!("{cell} {old} → {new}"),
                    FixKind::Acknowledge => format!("{cell} prints {old}, the sums want {new}"),
                }
            })
            .collect();
        let verb = match kind {
            FixKind::Correct => "correct",
            FixKind::Acknowledge => "acknowledge",
        };
        format!("{verb}: {} ({})", changes.join(", "), fix.why)
    }

    /// The open hard rule problems a fix candidate's cells are in: what acknowledging it closes.
    pub fn rules_of_fix(&self, fix: &FixCandidate) -> Vec<String> {
        self.problems
            .iter()
            .filter(|p| p.acknowledged.is_none() && p.severity == Severity::Hard)
            .filter(|p| fix.edits.iter().any(|(f, _)| p.fields.contains(f)))
            .flat_map(Problem::rules)
            .collect()
    }

    /// Evidence for values typed into cells the reader did not find (a row printed but not
    /// read): each value's number where it is printed after its row's label, in order, or
    /// `None` where the cell has evidence already or the number is not there.
    pub fn typed_evidence(&self, typed: &[(String, Option<Number>)]) -> Vec<Option<Span>> {
        let label = typed.first().and_then(|(field, _)| {
            self.extraction
                .flags
                .iter()
                .find(|f| f.kind == FlagKind::RowNotRead && f.fields.contains(field))
                .map(|f| f.span)
        });
        let Some(label) = label else {
            return vec![None; typed.len()];
        };
        let text = &self.report.text;
        let mut from = label.end;
        let mut end = (label.end + TYPED_EVIDENCE_REACH).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        typed
            .iter()
            .map(|(field, value)| {
                let value = (*value)?;
                if self.extraction.fields.contains_key(field) {
                    return None;
                }
                let found = number_runs(text, from, end).find(|(_, run)| {
                    Number::parse(&crate::text::numbers::normalize_digits(run)) == Some(value)
                })?;
                from = found.0.end;
                Some(found.0)
            })
            .collect()
    }

    /// Whose error the open problems that hold this field most likely are: the reader's when
    /// any of them may be a misreading, else the report's for a hard one, else soft.
    pub fn whose_of(&self, field: &str) -> Option<Whose> {
        self.problems
            .iter()
            .filter(|p| p.acknowledged.is_none() && p.fields.iter().any(|f| f == field))
            .map(Problem::whose)
            .min()
    }

    /// How sure the reader is of a field's value; what the analyst has reviewed is sure.
    pub fn reading_of(&self, field: &str) -> Reading {
        let reviewed = self
            .annotation
            .fields
            .get(field)
            .is_some_and(|l| l.status != FieldStatus::Unreviewed);
        match self.effective.fields.get(field) {
            Some(f) if !reviewed => f.reading,
            _ => Reading::Certain,
        }
    }

    /// The evidence span of a field: the analyst's re-anchored one, else the extracted one; for
    /// the year and agency where the extractor read them (the format has none).
    pub fn span_of(&self, field: &str) -> Option<Span> {
        let meta = &self.extraction.meta;
        match MetaField::from_id(field) {
            Some(MetaField::Year) => meta.year.as_ref().map(|y| y.span),
            Some(MetaField::Agency) => meta.agency.as_ref().map(|a| a.span),
            Some(MetaField::Format) => None,
            None => self
                .annotation
                .fields
                .get(field)
                .and_then(|a| a.span)
                .or_else(|| self.extraction.fields.get(field).map(|f| f.span))
                // A cell of a row whose numbers were not read: where its label is.
                .or_else(|| {
                    self.extraction
                        .flags
                        .iter()
                        .find(|f| {
                            f.kind == FlagKind::RowNotRead && f.fields.iter().any(|x| x == field)
                        })
                        .map(|f| f.span)
                }),
        }
        .filter(|s| s.slice(&self.report.text).is_some())
    }

    pub fn value_of(&self, field: &str) -> Option<Number> {
        self.effective.value(field)
    }

    /// What a cell holds, as typed into its editor: `None` when it is absent from the report,
    /// `Some(None)` when printed blank. Meta fields are cells too.
    pub fn text_of(&self, field: &str) -> Option<Option<String>> {
        let meta = &self.effective.meta;
        let status = self.status_of(field);
        let stated = |value: Option<String>| match value {
            Some(v) => Some(Some(v)),
            None if status == Some(FieldStatus::Blank) => Some(None),
            None => None,
        };
        match MetaField::from_id(field) {
            Some(MetaField::Year) => stated(meta.year.as_ref().map(|y| y.value.to_string())),
            Some(MetaField::Agency) => stated(meta.agency.as_ref().map(|a| a.value.clone())),
            Some(MetaField::Format) => Some(Some(meta.format.to_string())),
            None => self
                .effective
                .fields
                .get(field)
                .map(|f| f.value.map(|n| n.to_string())),
        }
    }

    /// The analyst's status of a cell or meta field; `None` for a cell never labelled.
    pub fn status_of(&self, field: &str) -> Option<FieldStatus> {
        match MetaField::from_id(field) {
            Some(meta) => Some(self.annotation.meta_status(meta)),
            None => self.annotation.fields.get(field).map(|a| a.status),
        }
    }
}

/// The fields the two annotators disagree on that `sheet` shows: only those can be settled (a
/// field of another format is not one).
pub fn shown_disagreements(sides: &Sides, sheet: &[SheetSection]) -> Vec<String> {
    sides
        .disagreements()
        .into_iter()
        .filter(|f| sheet::find(sheet, f).is_some())
        .collect()
}

/// What the two annotators say about `field`: `li 41 corrected · wang 40 confirmed`.
pub fn sides_text(sides: &Sides, field: &str) -> String {
    let one = |which: Which| {
        let side = sides.side(which);
        let says = match sides.label(which, field) {
            None => "absent".to_owned(),
            Some(l) => match (l.value, l.status) {
                (_, FieldStatus::Absent) => "absent".to_owned(),
                (None, FieldStatus::Blank) => "blank".to_owned(),
                (None, status) => format!("blank, {}", status_name(status)),
                (Some(v), status) => format!("{v} {}", status_name(status)),
            },
        };
        format!("{} {says}", side.name)
    };
    format!("{} · {}", one(Which::A), one(Which::B))
}

fn status_name(status: FieldStatus) -> &'static str {
    match status {
        FieldStatus::Unreviewed => "unreviewed",
        FieldStatus::Confirmed => "confirmed",
        FieldStatus::Corrected => "corrected",
        FieldStatus::Absent => "absent",
        FieldStatus::Blank => "blank",
    }
}
