//! The page comes in two builds of one app. The playground (`Playground`,
//! the page's first load) has the runs, the controls and the views of the
//! article's story: up to 12 tasks as lanes, one lock. The full app
//! (`Full`) adds the grid for bigger runs, the two-lock programs' deadlock
//! panel, the keyboard help, and the tools: the guided lesson, the money,
//! timing and seed settings, real timers, and the link and embed code.
//! Asking the playground for any of them loads the full app, which takes
//! over the page where the playground was (`static/boot.js` does the swap).
//!
//! The app is generic over its [`Toolkit`] (in `toolkit`): each build
//! holds the code of its own tools and nothing of the other's.

use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::store::Dispatch;
use super::toolkit::{ProgramFacts, ProgramRecording, Toolkit};
use crate::sim::Strategy;
use crate::view::handoff::{Handoff, Tool};
use crate::view::recording::Shared;
use crate::view::settings::Notice;
use crate::view::state::results::Results;
use crate::view::state::run::RunState;
use crate::view::state::settings::{SettingsCommand, SettingsState};
use crate::view::state::{Action, AppState, Command, LessonCommand};

/// The page's first load: no tools, but the way to them.
#[derive(PartialEq)]
pub struct Playground;

/// The full app: every tool.
#[derive(PartialEq)]
pub struct Full;

/// Asks `static/boot.js` to load the full app and hand it `handoff`.
fn upgrade(handoff: &Handoff, dispatch: &Dispatch) {
    let swap = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"racecourseUpgrade".into()).ok())
        .and_then(|f| f.dyn_into::<Function>().ok());
    let numbers = js_sys::Float64Array::from(&handoff.to_numbers()[..]);
    let notices: js_sys::Array = handoff
        .notices
        .iter()
        .map(|n| JsValue::from(n.to_text()))
        .collect();
    let done = swap.is_some_and(|swap| swap.call2(&JsValue::NULL, &numbers, &notices).is_ok());
    if !done {
        let notice = crate::view::settings::Notice::new(
            "tools",
            "the page could not load its tools; try reloading",
        );
        dispatch.dispatch(Action::Command(Command::Settings(SettingsCommand::Reject(
            notice,
        ))));
    }
}

impl Toolkit for Playground {
    const FULL: bool = false;

    fn open(tool: Tool, results: &Results, notices: &[Notice], dispatch: &Dispatch) {
        let handoff = Handoff {
            tool: Some(tool),
            results: results.clone(),
            notices: notices.to_vec(),
        };
        upgrade(&handoff, dispatch);
    }

    fn lesson(_: &AppState, _: &Dispatch) -> Html {
        html! {}
    }

    fn grid(_: &Shared, _: usize) -> Html {
        // Shown for the moment the full app takes to arrive.
        html! { <p class="view-loading" role="status">{"Loading the view for more than 12 tasks…"}</p> }
    }

    fn panels(_: &Rc<RunState>, _: &Rc<SettingsState>, _: &Dispatch) -> Html {
        html! {}
    }

    fn help(_: &AppState, _: &Dispatch) -> Html {
        html! {}
    }

    fn rust(_: Strategy) -> Option<&'static str> {
        None
    }

    fn texts(strategy: Strategy) -> (&'static str, &'static str) {
        strategy.one_lock_texts().unwrap_or_default()
    }

    fn editor(_: &AppState, _: &Dispatch) -> Option<Html> {
        None
    }

    fn program_run(
        _: &crate::view::settings::Settings,
        _: Box<dyn FnOnce()>,
    ) -> Option<ProgramRecording> {
        None
    }

    fn program_facts(_: &crate::view::settings::Settings) -> Option<ProgramFacts> {
        None
    }

    fn edit_text(_: &crate::view::settings::Settings) -> String {
        String::new()
    }

    fn more(_: &Rc<SettingsState>, _: &Dispatch, _: bool, open_tool: &Callback<Tool>) -> Html {
        html! {
            <button type="button" class="more-tools" onclick={open_tool.reform(|_| Tool::Settings)}
                data-testid="more-settings">
                {"All outcomes · challenges · settings · sharing"}
            </button>
        }
    }
}

impl Toolkit for Full {
    const FULL: bool = true;

    fn open(tool: Tool, _: &Results, _: &[Notice], dispatch: &Dispatch) {
        match tool {
            Tool::Lesson(step) => {
                dispatch.dispatch(Action::Command(Command::Lesson(LessonCommand::Go(step))))
            }
            Tool::Help => dispatch.dispatch(Action::Help(Some(true))),
            // Here already (the code pane opens on the Rust tab by itself).
            // Here already (the code pane opens on the Rust tab by itself,
            // the editor with the program).
            Tool::Settings | Tool::Views { .. } | Tool::Rust { .. } | Tool::Edit => {}
        }
    }

    fn lesson(state: &AppState, dispatch: &Dispatch) -> Html {
        let settings = state.settings();
        if settings.schedules_program() {
            // A new program, or the lock switch moved, is a new panel: its
            // redo starts afresh (a schedule is one program's).
            let key = format!("program {:?} {}", settings.program, settings.locks_off);
            return html! {
                <super::scheduler::program::ProgramSchedulerPanel {key} settings={state.settings.clone()}
                    run={state.run.clone()} dispatch={dispatch.clone()} />
            };
        }
        if settings.scheduler && settings.lesson.is_none() {
            // A new level or program is a new panel: its hints, redo and
            // tries start afresh.
            let scenario = &settings.scenario;
            let key = format!(
                "{:?} {} {} {} {}",
                settings.challenge,
                scenario.strategy.slug(),
                scenario.tasks,
                scenario.initial,
                scenario.amount
            );
            return html! {
                <super::scheduler::SchedulerPanel {key} settings={state.settings.clone()} run={state.run.clone()}
                    dispatch={dispatch.clone()} />
            };
        }
        super::lesson::panel(state, dispatch)
    }

    fn grid(recording: &Shared, cursor: usize) -> Html {
        html! { <super::tasks::TaskGrid recording={recording.clone()} {cursor} /> }
    }

    fn panels(run: &Rc<RunState>, settings: &Rc<SettingsState>, dispatch: &Dispatch) -> Html {
        let strategy = settings.settings.scenario.strategy;
        let shown = &settings.settings;
        // An embed shows the code pane when asked to, and the learner's program always.
        let code = shown.embed && (shown.code || shown.program.is_some());
        html! {
            <>
            <super::display::Look theme={shown.theme} present={shown.present} {code} />
            <super::locks::DeadlockPanel run={run.clone()} {strategy} program={shown.program.is_some()} />
            if settings.settings.explore && shown.program.is_some() {
                <super::explore::program::ProgramExplorePanel settings={settings.clone()} dispatch={dispatch.clone()} />
            } else if settings.settings.explore {
                <super::explore::ExplorePanel settings={settings.clone()} dispatch={dispatch.clone()} />
            }
            </>
        }
    }

    fn rust(strategy: Strategy) -> Option<&'static str> {
        Some(strategy.rust())
    }

    fn texts(strategy: Strategy) -> (&'static str, &'static str) {
        (strategy.python(), strategy.about())
    }

    fn editor(state: &AppState, dispatch: &Dispatch) -> Option<Html> {
        state.settings().program.as_ref()?;
        Some(html! {
            <super::program::ProgramPane settings={state.settings.clone()} run={state.run.clone()}
                dispatch={dispatch.clone()} />
        })
    }

    fn edit_text(settings: &crate::view::settings::Settings) -> String {
        super::program::kept().unwrap_or_else(|| super::program::built_in(&settings.scenario))
    }

    fn program_run(
        settings: &crate::view::settings::Settings,
        then: Box<dyn FnOnce()>,
    ) -> Option<ProgramRecording> {
        let Some(program) = settings.program else {
            crate::sim::LockName::name_all([None; 4]);
            return None;
        };
        let program = crate::view::programs::text(program);
        let learned = match super::program::learning(&program, settings, then) {
            super::program::Learning::Ready(learned) => learned,
            super::program::Learning::Waiting => return Some(ProgramRecording::Waiting),
        };
        // The lock rows, the log and the narration say the program's names.
        crate::sim::LockName::name_all(
            learned
                .run
                .lock_names
                .clone()
                .map(|name| name.map(super::program::forever)),
        );
        Some(ProgramRecording::Ready(learned.recording()))
    }

    fn program_facts(settings: &crate::view::settings::Settings) -> Option<ProgramFacts> {
        let program = crate::view::programs::text(settings.program?);
        let learned = super::program::learned(&program, settings);
        Some(ProgramFacts {
            switch: learned.run.switch,
            tasks: learned
                .recording()
                .map_or(0, |recording| recording.0.tasks()),
        })
    }

    fn help(state: &AppState, dispatch: &Dispatch) -> Html {
        let settings = state.settings();
        // The keys of the page the learner is on: the scheduler's own, or the playground's.
        let scheduler = settings.scheduler && settings.lesson.is_none();
        html! { <super::help::HelpDialog open={state.help_open} {scheduler} dispatch={dispatch.clone()} /> }
    }

    fn more(
        settings: &Rc<SettingsState>,
        dispatch: &Dispatch,
        opened: bool,
        _: &Callback<Tool>,
    ) -> Html {
        html! { <super::more::More settings={settings.clone()} dispatch={dispatch.clone()} {opened} /> }
    }
}
