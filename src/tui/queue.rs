//! The queue: one row per report with what an analyst triages by — agency, year, format,
//! problems, verified share, annotation status — sortable and filterable, filled in by a
//! background loader while the analyst already works.

use std::collections::HashMap;
use std::path::PathBuf;

use strum::IntoEnumIterator;

use crate::annotate::{Annotation, ReportStatus};
use crate::extract::Extraction;
use crate::rules::cross_year::{self, carry_fails, carry_mismatch, CARRIED_FORWARD, CARRIED_OVER};
use crate::rules::{self, Severity, Violation};

/// What the queue shows of one report.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueSummary {
    pub agency: String,
    pub year: Option<i32>,
    pub format: &'static str,
    pub hard: Vec<String>,
    /// The report's own soft problems; its `X-CARRY` links come from the queue (`Queue::soft`).
    pub soft: Vec<String>,
    /// The analyst acknowledged this report's `X-CARRY` problem.
    pub carry_acknowledged: bool,
    /// Share of values verified by a passing hard rule.
    pub coverage: f64,
    pub status: ReportStatus,
    pub annotator: Option<String>,
    /// 表三's carried-over and carried-forward totals, for the cross-year check.
    pub carried_over: Option<crate::value::Number>,
    pub carried_forward: Option<crate::value::Number>,
    /// Adjudicating: the disagreements between the two annotators left to settle.
    pub disagreements: Option<usize>,
}

impl QueueSummary {
    /// The one place a report's row is built, for the background loader and for a report
    /// under review alike: from the values in effect, the rules they break, the share they
    /// verify, and the analyst's annotation when there is one (`annotator`: who saved it).
    pub fn new(
        effective: &Extraction,
        violations: &[Violation],
        coverage: f64,
        annotation: Option<&Annotation>,
        annotator: Option<String>,
        disagreements: Option<usize>,
    ) -> QueueSummary {
        let acknowledged =
            |rule: &str| annotation.is_some_and(|a| a.acknowledged.contains_key(rule));
        // As the review's problems pane counts them: a total left blank in several rows, and
        // the sums of those blanks, are one problem (`T3-ROW×11`).
        let groups = rules::blank_groups(violations);
        let grouped = |i: usize| {
            groups
                .iter()
                .any(|g| g.rows.contains(&i) || g.also.contains(&i))
        };
        let names = |severity| {
            let mut names: Vec<String> = violations
                .iter()
                .enumerate()
                .filter(|(i, v)| v.severity == severity && !grouped(*i) && !acknowledged(&v.rule))
                .map(|(_, v)| v.rule.clone())
                .collect();
            if severity == Severity::Hard {
                for g in &groups {
                    let open = g
                        .rows
                        .iter()
                        .chain(&g.also)
                        .any(|&i| !acknowledged(&violations[i].rule));
                    if open {
                        names.push(format!(
                            "{}×{}",
                            violations[g.rows[0]].rule_id(),
                            g.rows.len()
                        ));
                    }
                }
            }
            names
        };
        QueueSummary {
            agency: effective
                .meta
                .agency
                .as_ref()
                .map_or(String::new(), |a| a.value.clone()),
            year: effective.meta.year.as_ref().map(|y| y.value),
            format: effective.meta.format.into(),
            hard: names(Severity::Hard),
            soft: names(Severity::Soft),
            carry_acknowledged: acknowledged(cross_year::RULE),
            coverage,
            status: annotation.map_or(ReportStatus::Todo, |a| a.status),
            annotator,
            carried_over: effective.value(CARRIED_OVER),
            carried_forward: effective.value(CARRIED_FORWARD),
            disagreements,
        }
    }
}

/// `X-CARRY` between two reports of one agency in consecutive years: what year Y carried
/// forward should be what year Y+1 carried over.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossYear {
    /// The other report.
    pub other: usize,
    /// The field of this report and of the other one that the rule compares.
    pub field_here: &'static str,
    pub field_there: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QueueRow {
    Loading,
    Loaded(QueueSummary),
    /// The report cannot be opened: what stands in the way, and the error naming the file.
    Broken(Trouble, String),
}

/// What stops a report from opening, as its queue row says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trouble {
    /// The file is not a report: empty, binary, in no known encoding, or unreadable.
    NotAReport,
    /// The analyst's own annotation file cannot be read (`F` starts afresh).
    UnreadableAnnotation,
    /// An annotator's file being adjudicated cannot be read (only read, never moved aside).
    UnreadableSide,
    /// The annotation set's lock cannot be taken.
    Unlockable,
}

impl Trouble {
    pub fn label(self) -> &'static str {
        match self {
            Trouble::NotAReport => "not a report",
            Trouble::UnreadableAnnotation => "annotation file unreadable",
            Trouble::UnreadableSide => "an annotator's file is unreadable",
            Trouble::Unlockable => "annotation set cannot be locked",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum SortBy {
    /// Hard problems first, then soft, then path: the default triage order.
    Problems,
    Path,
    Agency,
    Year,
    Status,
    Coverage,
}

impl SortBy {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Filter {
    All,
    #[strum(serialize = "hard problems")]
    HardProblems,
    Todo,
    #[strum(serialize = "in progress")]
    InProgress,
    Done,
}

/// The variant after `current`, back to the first after the last.
fn after<E: IntoEnumIterator + PartialEq + Copy>(current: E) -> E {
    let all: Vec<E> = E::iter().collect();
    let next = all.iter().position(|e| *e == current).map_or(0, |i| i + 1);
    all.get(next % all.len().max(1)).copied().unwrap_or(current)
}

impl Filter {
    pub fn name(self) -> &'static str {
        self.into()
    }

    fn keeps(self, row: &QueueRow) -> bool {
        match (self, row) {
            (Filter::All, _) => true,
            (_, QueueRow::Loading | QueueRow::Broken(..)) => false,
            (Filter::HardProblems, QueueRow::Loaded(s)) => !s.hard.is_empty(),
            (Filter::Todo, QueueRow::Loaded(s)) => s.status == ReportStatus::Todo,
            (Filter::InProgress, QueueRow::Loaded(s)) => s.status == ReportStatus::InProgress,
            (Filter::Done, QueueRow::Loaded(s)) => s.status == ReportStatus::Done,
        }
    }
}

pub struct Queue {
    pub paths: Vec<PathBuf>,
    pub rows: Vec<QueueRow>,
    pub sort: SortBy,
    pub filter: Filter,
    /// Row indices in display order.
    pub order: Vec<usize>,
    /// Position of the cursor in `order`.
    pub cursor: usize,
    /// The analyst has chosen a row: it keeps the cursor while rows arrive and move.
    chosen: bool,
    /// Loaded rows by agency and year: the reports an `X-CARRY` link can join (those of the
    /// year before and after), found without looking through the agency's other years.
    by_agency_year: HashMap<String, HashMap<i32, Vec<usize>>>,
    /// Per row, its open `X-CARRY` problems: counted with its soft ones.
    carry: Vec<usize>,
}

impl Queue {
    pub fn new(paths: Vec<PathBuf>) -> Queue {
        let rows = vec![QueueRow::Loading; paths.len()];
        let carry = vec![0; paths.len()];
        let mut q = Queue {
            paths,
            rows,
            by_agency_year: HashMap::new(),
            carry,
            sort: SortBy::Problems,
            filter: Filter::All,
            order: Vec::new(),
            cursor: 0,
            chosen: false,
        };
        q.reorder();
        q
    }

    /// The failing `X-CARRY` links of report `index` with the reports of its agency in the
    /// year before and after.
    pub fn cross_year(&self, index: usize) -> Vec<CrossYear> {
        let Some(QueueRow::Loaded(here)) = self.rows.get(index) else {
            return vec![];
        };
        let (Some(year), false) = (here.year, here.agency.is_empty()) else {
            return vec![];
        };
        let name = |i: usize| {
            self.paths[i]
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        };
        let mut out = Vec::new();
        let before = year.checked_sub(1).map(|y| (y, false));
        let after = year.checked_add(1).map(|y| (y, true));
        for (y, later_year) in before.into_iter().chain(after) {
            for &j in self.near(&here.agency, y) {
                let QueueRow::Loaded(there) = &self.rows[j] else {
                    continue;
                };
                // (earlier report, later report) in consecutive years.
                let (earlier, later, field_here, field_there) = if later_year {
                    (here, there, CARRIED_FORWARD, CARRIED_OVER)
                } else {
                    (there, here, CARRIED_OVER, CARRIED_FORWARD)
                };
                let (ey, ly) = (earlier.year.unwrap_or(year), later.year.unwrap_or(year));
                if let Some(why) =
                    carry_mismatch(ey, earlier.carried_forward, ly, later.carried_over)
                {
                    out.push(CrossYear {
                        other: j,
                        field_here,
                        field_there,
                        message: format!("{why} ({} ↔ {})", name(index), name(j)),
                    });
                }
            }
        }
        out
    }

    /// The loaded reports of `agency` in `year`.
    fn near(&self, agency: &str, year: i32) -> &[usize] {
        self.by_agency_year
            .get(agency)
            .and_then(|years| years.get(&year))
            .map_or(&[], Vec::as_slice)
    }

    pub fn loaded(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !matches!(r, QueueRow::Loading))
            .count()
    }

    pub fn done(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r, QueueRow::Loaded(s) if s.status == ReportStatus::Done))
            .count()
    }

    /// Hard and soft problems (`X-CARRY` included) in reports not yet done.
    pub fn problems_left(&self) -> usize {
        (0..self.rows.len())
            .filter_map(|i| match &self.rows[i] {
                QueueRow::Loaded(s) if s.status != ReportStatus::Done => {
                    Some(s.hard.len() + self.soft(i))
                }
                _ => None,
            })
            .sum()
    }

    /// Report `index`'s open soft problems: its own and its `X-CARRY` links.
    pub fn soft(&self, index: usize) -> usize {
        match &self.rows[index] {
            QueueRow::Loaded(s) => s.soft.len() + self.carry[index],
            _ => 0,
        }
    }

    /// A loaded row's agency and year: what an `X-CARRY` link joins rows by (a row without
    /// either is never linked).
    fn agency_year(&self, index: usize) -> Option<(String, i32)> {
        match &self.rows[index] {
            QueueRow::Loaded(s) if !s.agency.is_empty() => s.year.map(|y| (s.agency.clone(), y)),
            _ => None,
        }
    }

    /// Adds (or takes off) row `index`'s failing `X-CARRY` links to the counts of the
    /// reports it links to, those of `agency` in the year before and after `year`; the rows
    /// whose count moved are added to `changed`.
    fn count_links(
        &mut self,
        index: usize,
        agency: &str,
        year: i32,
        add: bool,
        changed: &mut Vec<usize>,
    ) {
        let QueueRow::Loaded(here) = &self.rows[index] else {
            return;
        };
        let fails = |earlier: &QueueSummary, later: &QueueSummary| {
            carry_fails(earlier.carried_forward, later.carried_over)
        };
        let mut moved = Vec::new();
        for (y, later_year) in [(year.checked_sub(1), false), (year.checked_add(1), true)] {
            let Some(y) = y else { continue };
            for &j in self.near(agency, y) {
                let QueueRow::Loaded(there) = &self.rows[j] else {
                    continue;
                };
                let failing = if later_year {
                    fails(here, there)
                } else {
                    fails(there, here)
                };
                if failing && !there.carry_acknowledged {
                    moved.push(j);
                }
            }
        }
        for j in moved {
            self.carry[j] = if add {
                self.carry[j] + 1
            } else {
                self.carry[j].saturating_sub(1)
            };
            changed.push(j);
        }
    }

    pub fn set(&mut self, index: usize, row: QueueRow) {
        self.set_rows(vec![(index, row)]);
    }

    /// Takes in rows as the loader delivers them. Only the rows that changed move: they are
    /// taken out of the order and put back at their sorted places, so a batch costs a pass
    /// over the order and a binary search per row rather than a sort of the whole queue
    /// (which, per row, made 100,000 reports take minutes to arrive).
    pub fn set_rows(&mut self, rows: Vec<(usize, QueueRow)>) {
        let selected = self.selected();
        let mut changed = Vec::with_capacity(rows.len());
        for (index, row) in rows {
            if index >= self.rows.len() {
                continue;
            }
            // The links this row had are taken off its neighbours' counts, the links it has
            // now added: a pass over its agency's reports of the year before and after, not
            // a recount of each of them. A row whose count changed moves too: the count
            // sorts with its soft problems.
            let before = self.agency_year(index);
            if let Some((agency, year)) = &before {
                self.count_links(index, agency, *year, false, &mut changed);
            }
            self.rows[index] = row;
            changed.push(index);
            let after = self.agency_year(index);
            if before != after {
                if let Some((agency, year)) = &before {
                    if let Some(group) = self
                        .by_agency_year
                        .get_mut(agency)
                        .and_then(|years| years.get_mut(year))
                    {
                        group.retain(|&i| i != index);
                    }
                }
                if let Some((agency, year)) = &after {
                    self.by_agency_year
                        .entry(agency.clone())
                        .or_default()
                        .entry(*year)
                        .or_default()
                        .push(index);
                }
            }
            if let Some((agency, year)) = &after {
                self.count_links(index, agency, *year, true, &mut changed);
            }
            self.carry[index] = match &self.rows[index] {
                QueueRow::Loaded(s) if !s.carry_acknowledged => self.cross_year(index).len(),
                _ => 0,
            };
        }
        self.reinsert(changed);
        // A chosen report keeps the cursor while rows arrive and move; otherwise the
        // cursor stays on the first row, the most urgent.
        if !self.chosen {
            self.cursor = 0;
        } else if let Some(sel) = selected {
            if let Some(pos) = self.order.iter().position(|&i| i == sel) {
                self.cursor = pos;
            }
        }
    }

    pub fn selected(&self) -> Option<usize> {
        self.order.get(self.cursor).copied()
    }

    /// Puts the cursor on report `index` (when it is shown).
    pub fn select(&mut self, index: usize) {
        if let Some(pos) = self.position(index) {
            self.cursor = pos;
            self.chosen = true;
        }
    }

    pub fn cycle_sort(&mut self) {
        self.sort = after(self.sort);
        self.reorder();
        self.cursor = 0;
    }

    pub fn cycle_filter(&mut self) {
        self.filter = after(self.filter);
        self.reorder();
        self.cursor = 0;
    }

    pub fn move_cursor(&mut self, delta: isize) {
        self.chosen = true;
        let n = self.order.len() as isize;
        if n > 0 {
            self.cursor = (self.cursor as isize + delta).clamp(0, n - 1) as usize;
        }
    }

    /// Where report `index` is in the current order, when the filter shows it.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.order.iter().position(|&i| i == index)
    }

    /// The report after (or before) `index` in the current order.
    pub fn neighbour(&self, index: usize, forward: bool) -> Option<usize> {
        let pos = self.position(index)?;
        if forward {
            self.order.get(pos + 1).copied()
        } else {
            pos.checked_sub(1).map(|p| self.order[p])
        }
    }

    /// How rows `a` and `b` compare in the current sort: a total order (the path decides
    /// last).
    fn compare(&self, a: usize, b: usize) -> std::cmp::Ordering {
        use std::cmp::Reverse;
        let summary = |i: usize| match &self.rows[i] {
            QueueRow::Loaded(s) => Some(s),
            _ => None,
        };
        let (sa, sb) = (summary(a), summary(b));
        let by_path = || self.paths[a].cmp(&self.paths[b]);
        match self.sort {
            // Adjudicating, the disagreements left to settle come before the problems.
            SortBy::Problems => {
                // A row's `X-CARRY` links count with its own soft problems.
                let key = |s: Option<&QueueSummary>, i: usize| {
                    s.map_or((Reverse(0), Reverse(0), Reverse(0)), |s| {
                        (
                            Reverse(s.disagreements.unwrap_or(0)),
                            Reverse(s.hard.len()),
                            Reverse(s.soft.len() + self.carry[i]),
                        )
                    })
                };
                key(sa, a).cmp(&key(sb, b)).then_with(by_path)
            }
            SortBy::Path => by_path(),
            SortBy::Agency => sa
                .map(|s| &s.agency)
                .cmp(&sb.map(|s| &s.agency))
                .then_with(by_path),
            SortBy::Year => sa
                .and_then(|s| s.year)
                .cmp(&sb.and_then(|s| s.year))
                .then_with(by_path),
            SortBy::Status => {
                let rank = |s: Option<&QueueSummary>| {
                    s.map(|s| match s.status {
                        ReportStatus::Todo => 0,
                        ReportStatus::InProgress => 1,
                        ReportStatus::Done => 2,
                    })
                };
                rank(sa).cmp(&rank(sb)).then_with(by_path)
            }
            SortBy::Coverage => {
                let c = |s: Option<&QueueSummary>| s.map_or(-1.0, |s| s.coverage);
                c(sa).total_cmp(&c(sb)).then_with(by_path)
            }
        }
    }

    /// The whole order again, for a new sort or filter.
    fn reorder(&mut self) {
        let mut order: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.filter.keeps(&self.rows[i]))
            .collect();
        order.sort_by(|&a, &b| self.compare(a, b));
        self.order = order;
        self.cursor = self.cursor.min(self.order.len().saturating_sub(1));
    }

    /// Moves the rows in `changed` to their places in the order (or out of it, when the
    /// filter no longer keeps them); the others are already in order.
    fn reinsert(&mut self, mut changed: Vec<usize>) {
        if changed.is_empty() {
            return;
        }
        let mut moving = vec![false; self.rows.len()];
        for &i in &changed {
            moving[i] = true;
        }
        let mut order = std::mem::take(&mut self.order);
        order.retain(|&i| !moving[i]);
        changed.sort_unstable();
        changed.dedup();
        changed.retain(|&i| self.filter.keeps(&self.rows[i]));
        changed.sort_by(|&a, &b| self.compare(a, b));
        // Where each arriving row goes among those staying, then one pass to merge.
        let places: Vec<usize> = changed
            .iter()
            .map(|&i| order.partition_point(|&j| self.compare(j, i).is_lt()))
            .collect();
        let mut merged = Vec::with_capacity(order.len() + changed.len());
        let mut from = 0;
        for (&i, &place) in changed.iter().zip(&places) {
            merged.extend_from_slice(&order[from..place]);
            merged.push(i);
            from = place;
        }
        merged.extend_from_slice(&order[from..]);
        self.order = merged;
        self.cursor = self.cursor.min(self.order.len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(agency: &str, hard: usize, status: ReportStatus) -> QueueRow {
        QueueRow::Loaded(QueueSummary {
            agency: agency.into(),
            year: Some(2020),
            format: "prose",
            hard: vec!["L-REPLY".into(); hard],
            soft: vec![],
            carry_acknowledged: false,
            coverage: hard as f64 / 10.0,
            status,
            annotator: None,
            carried_over: None,
            carried_forward: None,
            disagreements: None,
        })
    }

    #[test]
    fn hard_problems_first_by_default_then_sort_and_filter() {
        let mut q = Queue::new(vec!["a".into(), "b".into(), "c".into(), "d".into()]);
        assert_eq!(q.order, [0, 1, 2, 3]);
        q.set(0, loaded("乙", 0, ReportStatus::Done));
        q.set(1, loaded("甲", 2, ReportStatus::Todo));
        q.set(2, loaded("丙", 1, ReportStatus::InProgress));
        assert_eq!(
            q.order,
            [1, 2, 0, 3],
            "hard problems first; loading rows last among equals"
        );
        q.cycle_filter();
        assert_eq!(q.filter, Filter::HardProblems);
        assert_eq!(q.order, [1, 2]);
        q.cycle_filter();
        assert_eq!(q.order, [1], "todo");
        q.cycle_filter();
        q.cycle_filter();
        assert_eq!(q.order, [0], "done");
        q.cycle_filter();
        q.cycle_sort();
        assert_eq!(q.sort, SortBy::Path);
        assert_eq!(q.order, [0, 1, 2, 3]);
        assert_eq!(q.neighbour(1, true), Some(2));
        assert_eq!(q.neighbour(0, false), None);
        assert_eq!(q.done(), 1);
        assert_eq!(q.problems_left(), 3);
        assert_eq!(q.loaded(), 3);
    }

    #[test]
    fn the_cursor_stays_on_its_report_as_rows_arrive() {
        let mut q = Queue::new(vec!["a".into(), "b".into(), "c".into()]);
        q.set(0, loaded("x", 1, ReportStatus::Todo));
        assert_eq!(q.cursor, 0, "unchosen, the cursor stays on the first row");
        q.move_cursor(2);
        assert_eq!(q.selected(), Some(2));
        q.set(2, loaded("x", 3, ReportStatus::Todo));
        assert_eq!(
            q.selected(),
            Some(2),
            "it moved to the top and the cursor with it"
        );
        assert_eq!(q.cursor, 0);
        q.select(1);
        assert_eq!(q.selected(), Some(1));
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;
    use proptest::prelude::*;

    fn row(kind: u8, n: usize) -> QueueRow {
        match kind % 4 {
            0 => QueueRow::Loading,
            1 => QueueRow::Broken(Trouble::NotAReport, "x".into()),
            // Carried totals that differ between years, so that `X-CARRY` links come and go
            // and move rows that did not arrive.
            _ => QueueRow::Loaded(QueueSummary {
                agency: format!("局{}", n % 3),
                year: Some(2019 + (n % 4) as i32),
                format: "prose",
                hard: vec!["L-REPLY".into(); n % 3],
                soft: vec!["N-TEXT".into(); n % 2],
                carry_acknowledged: kind % 7 == 0,
                coverage: (n % 5) as f64 / 4.0,
                status: [
                    ReportStatus::Todo,
                    ReportStatus::InProgress,
                    ReportStatus::Done,
                ][n % 3],
                annotator: None,
                carried_over: Some(crate::value::Number::Int((kind % 3).into())),
                carried_forward: Some(crate::value::Number::Int((n % 2) as i64)),
                disagreements: None,
            }),
        }
    }

    proptest! {
        /// Rows arriving in batches, under every sort and filter, give the order a full
        /// sort gives.
        #[test]
        fn batches_of_rows_land_where_a_full_sort_puts_them(
            batches in proptest::collection::vec(
                proptest::collection::vec((0usize..40, any::<u8>(), 0usize..7), 0..12),
                1..8,
            ),
            sorts in 0usize..6,
            filters in 0usize..5,
        ) {
            let paths: Vec<PathBuf> = (0..40).map(|i| PathBuf::from(format!("r{:02}.txt", (i * 7) % 40))).collect();
            let mut q = Queue::new(paths);
            for _ in 0..sorts {
                q.cycle_sort();
            }
            for _ in 0..filters {
                q.cycle_filter();
            }
            for batch in batches {
                q.set_rows(batch.into_iter().map(|(i, k, n)| (i, row(k, n))).collect());
                let mut full = q.order.clone();
                full.sort_unstable();
                let kept: Vec<usize> = (0..q.rows.len()).filter(|&i| q.filter.keeps(&q.rows[i])).collect();
                prop_assert_eq!(&full, &kept, "the filter keeps exactly these rows");
                // Every row's X-CARRY count is what comparing it with every other row gives.
                let summary = |i: usize| match &q.rows[i] {
                    QueueRow::Loaded(s) => Some(s),
                    _ => None,
                };
                let broken = |earlier: &QueueSummary, later: &QueueSummary| {
                    matches!((earlier.carried_forward, later.carried_over), (Some(f), Some(o)) if f != o)
                };
                for i in 0..q.rows.len() {
                    let open = match summary(i) {
                        Some(here) if !here.carry_acknowledged && !here.agency.is_empty() => {
                            (0..q.rows.len())
                                .filter_map(|j| summary(j).filter(|_| j != i))
                                .filter(|there| there.agency == here.agency)
                                .filter(|there| match (here.year, there.year) {
                                    (Some(h), Some(t)) if t == h + 1 => broken(here, there),
                                    (Some(h), Some(t)) if t + 1 == h => broken(there, here),
                                    _ => false,
                                })
                                .count()
                        }
                        _ => 0,
                    };
                    prop_assert_eq!(q.carry[i], open, "row {}'s X-CARRY count", i);
                }
                let mut sorted = kept;
                sorted.sort_by(|&a, &b| q.compare(a, b));
                prop_assert_eq!(&q.order, &sorted);
            }
        }
    }
}

#[cfg(test)]
mod cross_year_tests {
    use super::*;
    use crate::value::Number;

    fn year(agency: &str, y: i32, over: i64, forward: i64) -> QueueRow {
        QueueRow::Loaded(QueueSummary {
            agency: agency.into(),
            year: Some(y),
            format: "template-2021",
            hard: vec![],
            soft: vec![],
            carry_acknowledged: false,
            coverage: 1.0,
            status: ReportStatus::Todo,
            annotator: None,
            carried_over: Some(Number::Int(over)),
            carried_forward: Some(Number::Int(forward)),
            disagreements: None,
        })
    }

    #[test]
    fn consecutive_years_of_one_agency_are_linked_both_ways() {
        let mut q = Queue::new(vec![
            "a2021.txt".into(),
            "a2022.txt".into(),
            "b2022.txt".into(),
            "a2024.txt".into(),
        ]);
        q.set(0, year("甲局", 2021, 0, 3));
        q.set(1, year("甲局", 2022, 2, 0));
        q.set(2, year("乙局", 2022, 3, 0));
        q.set(3, year("甲局", 2024, 9, 0));
        let here = q.cross_year(0);
        assert_eq!(here.len(), 1);
        assert_eq!(
            (here[0].other, here[0].field_here, here[0].field_there),
            (1, CARRIED_FORWARD, CARRIED_OVER)
        );
        assert!(
            here[0]
                .message
                .contains("2021 carried forward 3, but 2022 carried over 2"),
            "{}",
            here[0].message
        );
        let there = q.cross_year(1);
        assert_eq!((there[0].other, there[0].field_here), (0, CARRIED_OVER));
        assert!(q.cross_year(2).is_empty(), "another agency");
        assert!(q.cross_year(3).is_empty(), "not consecutive");
        assert_eq!((0..4).map(|i| q.soft(i)).collect::<Vec<_>>(), [1, 1, 0, 0]);
        q.set(1, year("甲局", 2022, 3, 0));
        assert!(q.cross_year(0).is_empty(), "3 = 3 holds");
        assert_eq!((q.soft(0), q.soft(1)), (0, 0), "both recounted");
        // Row 1 moves to 2023: the 2024 report beside it is recounted too.
        q.set(1, year("甲局", 2023, 3, 0));
        assert_eq!(q.soft(3), 1, "2023 carried forward 0, 2024 carried over 9");
    }
}
