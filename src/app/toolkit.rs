//! What a build of the app provides: the trait the page's components are
//! generic over. Its two builds, the playground and the full app, are in
//! `tools`; the components take the trait from here, so that they need
//! nothing of the builds' tools.

use std::rc::Rc;

use yew::prelude::*;

use super::store::Dispatch;
use crate::sim::Strategy;
use crate::view::handoff::Tool;
use crate::view::recording::Shared;
use crate::view::settings::Notice;
use crate::view::state::results::Results;
use crate::view::state::run::RunState;
use crate::view::state::settings::SettingsState;
use crate::view::state::AppState;

/// The learner's run, as [`Toolkit::program_run`] gives it.
pub enum ProgramRecording {
    Ready(Result<Shared, String>),
    /// The interpreter is loading.
    Waiting,
}

/// The learner's program, as the controls show it: it is its own strategy
/// and task count, and the lock switch acts on its locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramFacts {
    pub switch: crate::view::learner::LockSwitch,
    /// The tasks it started (beside `main()`).
    pub tasks: u32,
}

pub trait Toolkit: PartialEq + 'static {
    /// This is the full app, with every tool.
    const FULL: bool;
    /// Opens `tool` (the playground first loads the full app).
    /// `notices`: those on screen, which the full app keeps showing.
    fn open(tool: Tool, results: &Results, notices: &[Notice], dispatch: &Dispatch);
    /// The lesson's panel, when the page is in the lesson.
    fn lesson(state: &AppState, dispatch: &Dispatch) -> Html;
    /// The grid of cells, for runs of more than 12 tasks.
    fn grid(recording: &Shared, cursor: usize) -> Html;
    /// The panels below the lanes: the two-lock programs' deadlock panel,
    /// and "All outcomes" (the schedule explorer) when it is open.
    fn panels(run: &Rc<RunState>, settings: &Rc<SettingsState>, dispatch: &Dispatch) -> Html;
    /// The keyboard help dialog (open when `state.help_open`).
    fn help(state: &AppState, dispatch: &Dispatch) -> Html;
    /// The Rust a strategy runs, for the code pane's Rust tab (the
    /// playground has none: its Rust tab loads the full app).
    fn rust(strategy: Strategy) -> Option<&'static str>;
    /// A program's Python template and what to notice in it. The playground
    /// carries those of the programs it draws (at most one lock); a
    /// two-lock program is handed to the full app before it is drawn.
    fn texts(strategy: Strategy) -> (&'static str, &'static str);
    /// The learner's own program, editable, in place of the code pane
    /// (`None`: the code pane; the playground has no editor).
    fn editor(state: &AppState, dispatch: &Dispatch) -> Option<Html>;
    /// The text Edit starts from: the learner's program kept from before,
    /// or the program shown, filled in.
    fn edit_text(settings: &crate::view::settings::Settings) -> String;
    /// The recording of the learner's program, when one runs in place of
    /// the built-in program (the full app runs it, not the lab), or why
    /// there is none (it is not Python the playground can read); or that
    /// the interpreter is loading, and `then` runs once it has.
    fn program_run(
        settings: &crate::view::settings::Settings,
        then: Box<dyn FnOnce()>,
    ) -> Option<ProgramRecording>;
    /// What the controls say of the learner's program while it runs in
    /// place of the built-in one (`None`: none runs).
    fn program_facts(settings: &crate::view::settings::Settings) -> Option<ProgramFacts>;
    /// What the controls offer beyond strategy, tasks and playback.
    /// `opened`: the learner came here to use it.
    fn more(
        settings: &Rc<SettingsState>,
        dispatch: &Dispatch,
        opened: bool,
        open_tool: &Callback<Tool>,
    ) -> Html;
}
