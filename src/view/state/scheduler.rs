//! The scheduler's commands ([`SchedulerCommand`]) applied to the page's
//! state. Only the full app shows the scheduler: it registers them
//! ([`register`]), so the playground's first load carries none of this.

use std::cell::Cell;
use std::rc::Rc;

use super::settings::{Rerun, SettingsState};
use super::{AppState, SchedulerCommand};
use crate::sim::schedule::TaskOrder;
use crate::view::settings::Settings;

type Reduce = fn(Rc<AppState>, SchedulerCommand) -> Rc<AppState>;

thread_local! {
    static REGISTERED: Cell<Option<Reduce>> = const { Cell::new(None) };
}

/// Lets the page's state take the scheduler's commands (the full app).
pub fn register() {
    REGISTERED.with(|reduce| reduce.set(Some(reduce_command)));
}

/// `command` applied to `state`, where registered; natively (tests) always.
pub(super) fn apply(state: Rc<AppState>, command: SchedulerCommand) -> Rc<AppState> {
    let registered = if cfg!(target_arch = "wasm32") {
        REGISTERED.with(Cell::get)
    } else {
        Some(reduce_command as Reduce)
    };
    match registered {
        Some(reduce) => reduce(state, command),
        None => state,
    }
}

fn reduce_command(state: Rc<AppState>, command: SchedulerCommand) -> Rc<AppState> {
    let mut next = SettingsState::clone(&state.settings);
    let settings = &mut next.settings;
    let recording = match command {
        SchedulerCommand::Open { program, level } => {
            if level.is_some() {
                *settings = Settings {
                    embed: settings.embed,
                    theme: settings.theme,
                    present: settings.present,
                    code: settings.code,
                    ..Settings::from_scenario(&program)
                };
            } else {
                settings.scenario = *program;
            }
            settings.scenario.order = None;
            // The learner's program is scheduled from its start too.
            settings.picks = None;
            (settings.scheduler, settings.challenge) = (true, level);
            (settings.lesson, settings.real_timers) = (None, false);
            None
        }
        SchedulerCommand::Picks { picks, run } => {
            settings.scenario.order = (!picks.is_empty()).then_some(TaskOrder(picks));
            Some(run)
        }
        SchedulerCommand::ProgramPicks(picks) => {
            settings.picks = settings
                .program
                .and((!picks.is_empty()).then(|| Rc::from(picks)));
            None
        }
        SchedulerCommand::ProgramShown { run, recording } => {
            let run = Rc::clone(&state.run).scheduled(run, recording);
            return state.with_run(run);
        }
        SchedulerCommand::Leave => {
            settings.picks = None;
            settings.scenario.order = None;
            (settings.scheduler, settings.challenge) = (false, None);
            None
        }
    };
    let next = if next == *state.settings {
        state
    } else {
        state.with_settings(Rc::new(next), Rerun::Wait)
    };
    match recording {
        Some(recording) => {
            let run = Rc::clone(&next.run).scheduled(next.run.id, recording);
            next.with_run(run)
        }
        None => next,
    }
}
