//! Every action a key can trigger: its keymap name and the description the help screen shows.

/// The modes a keymap binds keys in; each is named as its keymap file's section.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[strum(serialize_all = "lowercase")]
pub enum Mode {
    /// Reviewing: moving, confirming, correcting.
    Normal,
    /// Typing into an editor (a value, a note, a search).
    Editor,
}

/// The table of actions, grouped by the role that handles them: variant, handler, mode, help
/// line. The handler's name is the action's name in keymap files. Each group is a trait with
/// one function per row, implemented in the update module of its role, so an action added
/// without a handler does not compile, and adding one touches its row and its role's module.
macro_rules! actions {
    ($($role:ident { $($variant:ident $handler:ident $mode:ident $desc:literal,)* })*) => {
        /// A typed action: what a key means, independent of which key it is.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($($variant,)*)* }

        impl Action {
            pub const ALL: &'static [Action] = &[$($(Action::$variant,)*)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $($(Action::$variant => stringify!($handler),)*)* }
            }

            /// One line for the help screen.
            pub fn description(self) -> &'static str {
                match self { $($(Action::$variant => $desc,)*)* }
            }

            /// The mode whose keymap section may bind it.
            pub fn mode(self) -> Mode {
                match self { $($(Action::$variant => Mode::$mode,)*)* }
            }

            /// Runs this action's handler.
            pub fn dispatch<H: Handlers $(+ $role)*>(self, target: &mut H::Target) -> H::Out {
                match self { $($(Action::$variant => <H as $role>::$handler(target),)*)* }
            }
        }

        $(
            /// The handlers of one role's actions, one function per row of its group.
            pub trait $role: Handlers {
                $(fn $handler(target: &mut Self::Target) -> Self::Out;)*
            }
        )*
    };
}

/// What every role's handlers act on and give back.
pub trait Handlers {
    type Target;
    type Out;
}

actions! {
    // update/session.rs: quitting, help, panes, undo, moving between reports
    SessionActions {
        Quit quit Normal "quit (everything is already saved)",
        Help help Normal "show or hide this help",
        NextPane next_pane Normal "focus the next pane (report, fields, problems)",
        PrevPane prev_pane Normal "focus the previous pane",
        Undo undo Normal "undo the last change",
        Redo redo Normal "redo the last undone change",
        NextReport next_report Normal "open the next report",
        PrevReport prev_report Normal "open the previous report",
        ShowQueue show_queue Normal "go back to the queue of reports",
        OpenLinked open_linked Normal "open the other year's report at the cell of the selected X-CARRY problem",
        StartAfresh start_afresh Normal "start afresh on a report whose annotation file is unreadable (the file is moved aside, never deleted)",
        Suspend suspend Normal "suspend gouji (resume with fg)",
    }
    // update/moves.rs: the cursor of the queue or of the focused pane
    MoveActions {
        Up up Normal "move up",
        Down down Normal "move down",
        Left left Normal "move left",
        Right right Normal "move right",
        PageUp page_up Normal "scroll up a page",
        PageDown page_down Normal "scroll down a page",
        Top top Normal "go to the first line or cell",
        Bottom bottom Normal "go to the last line or cell",
    }
    // update/review.rs: the open report's values, problems, notes and search
    ReviewActions {
        Edit edit Normal "edit the selected value (empty means blank)",
        Confirm confirm Normal "confirm the selected value as printed",
        ConfirmClean confirm_clean Normal "confirm every untouched value that passes all its rules",
        AcceptNext accept_next Normal "confirm the selected value and go to the next open problem",
        NextProblem next_problem Normal "go to the next open problem",
        PrevProblem prev_problem Normal "go to the previous open problem",
        MarkAbsent mark_absent Normal "mark the field absent from the report",
        MarkBlank mark_blank Normal "mark the field printed blank",
        Reanchor reanchor Normal "anchor the field's evidence to the current search hit",
        FieldNote field_note Normal "write a note on the selected field",
        ReportNote report_note Normal "write a note on the report",
        Acknowledge acknowledge Normal "acknowledge the selected problem: the report itself does not add up",
        Fix1 fix_1 Normal "take fix candidate 1: a correction, or the acknowledgement of a printed value",
        Fix2 fix_2 Normal "take fix candidate 2: a correction, or the acknowledgement of a printed value",
        Fix3 fix_3 Normal "take fix candidate 3: a correction, or the acknowledgement of a printed value",
        Search search Normal "search the report text",
        SearchNext search_next Normal "go to the next search hit",
        SearchPrev search_prev Normal "go to the previous search hit",
        ToggleDone toggle_done Normal "mark the report done (or back in progress)",
        ShiftRowLeft shift_row_left Normal "move the selected row's values one column left (a row read into the wrong columns)",
        ShiftRowRight shift_row_right Normal "move the selected row's values one column right",
        ToggleWrap toggle_wrap Normal "report pane: wrap long lines, or show each whole and scroll sideways (like less -S)",
    }
    // update/queue.rs: the queue's order
    QueueActions {
        SortNext sort_next Normal "queue: sort by the next column",
        FilterNext filter_next Normal "queue: show the next subset (hard problems, todo, in progress, done, all)",
    }
    // update/adjudicate.rs: two annotators' labels
    AdjudicateActions {
        TakeA take_a Normal "adjudicating: take the first annotator's label of the selected cell",
        TakeB take_b Normal "adjudicating: take the second annotator's label of the selected cell",
        NextDisagreement next_disagreement Normal "adjudicating: go to the next cell the annotators disagree on",
        PrevDisagreement prev_disagreement Normal "adjudicating: go to the previous disagreement",
    }
    // update/editor.rs: what was typed
    EditorActions {
        Submit submit Editor "accept what was typed",
        Cancel cancel Editor "cancel, keeping the old value",
        Newline newline Editor "start a new line (notes)",
    }
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.description().is_empty());
        }
        assert_eq!(Action::from_name("nope"), None);
    }
}
