//! The controls beyond strategy, tasks and playback (the full app only):
//! money, timing and seed, real timers, and the link and embed code.

use std::rc::Rc;

use yew::prelude::*;

use super::controls::{change, number_field, target_input};
use super::store::Dispatch;
use crate::view::challenge::level;
use crate::view::settings::Field;
use crate::view::state::settings::{SettingsCommand, SettingsState};
use crate::view::state::{Action, Command, SchedulerCommand};

#[derive(Properties, PartialEq)]
pub struct MoreProps {
    pub settings: Rc<SettingsState>,
    pub dispatch: Dispatch,
    /// Open at first: the learner came here to use these.
    pub opened: bool,
}

#[function_component(More)]
pub fn more(props: &MoreProps) -> Html {
    let dispatch = &props.dispatch;
    let settings = &props.settings.settings;
    let on_real = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let on = target_input(&event).is_some_and(|i| i.checked());
            change(&dispatch, SettingsCommand::RealTimers(on));
        })
    };
    let explore = {
        let dispatch = dispatch.clone();
        let open = settings.explore;
        Callback::from(move |_: MouseEvent| {
            change(&dispatch, SettingsCommand::Explore(!open));
        })
    };
    // The learner as the scheduler, on this program or in the challenges.
    let free_scheduler = settings.scheduler && settings.challenge.is_none();
    let schedule = |challenge: bool| {
        let dispatch = dispatch.clone();
        let program = Box::new(settings.scenario.clone());
        Callback::from(move |_: MouseEvent| {
            let command = match (challenge, free_scheduler) {
                (true, _) => level(1).map(|first| SchedulerCommand::Open {
                    program: Box::new(first.scenario()),
                    level: Some(1),
                }),
                (false, false) => Some(SchedulerCommand::Open {
                    program: program.clone(),
                    level: None,
                }),
                (false, true) => Some(SchedulerCommand::Leave),
            };
            if let Some(command) = command {
                dispatch.dispatch(Action::Command(Command::Scheduler(command)));
            }
        })
    };
    html! {
        <>
        <button type="button" class="explore-toggle" onclick={explore} aria-pressed={settings.explore.to_string()}
            data-testid="explore-open">{"All outcomes: every order the tasks could run in"}</button>
        <div class="grid2 scheduler-open">
            <button type="button" class="explore-toggle" onclick={schedule(false)} aria-pressed={free_scheduler.to_string()}
                data-testid="scheduler-open">{"You are the scheduler"}</button>
            <button type="button" class="explore-toggle" onclick={schedule(true)} aria-pressed={settings.challenge.is_some().to_string()}
                data-testid="challenges-open">{"Challenges"}</button>
        </div>
        <details class="more" open={props.opened}>
            <summary>{"Money, timing and seed"}</summary>
            <div class="grid2">
                { number_field(dispatch, settings, Field::Initial, "Initial balance", "$") }
                { number_field(dispatch, settings, Field::Amount, "Credit per task", "$") }
                { number_field(dispatch, settings, Field::Delay, "I/O delay", "ms") }
                { number_field(dispatch, settings, Field::Jitter, "Jitter ±", "ms") }
                { number_field(dispatch, settings, Field::Seed, "Seed", "") }
            </div>
            <p class="hint" data-testid="jitter-note">{"Jitter draws each task's I/O time from the seed. Tasks started together all read before any I/O ends, so jitter changes when the writes land, not the balance. Tasks that start at different times end elsewhere, as the article's \"sometimes $1,156\" did: the lesson's first step runs that."}</p>
            <label class="check">
                <input type="checkbox" checked={settings.real_timers} onchange={on_real} data-testid="real-timers" />
                <span>{"Real timers: run on the browser's own event loop (setTimeout), not the virtual clock"}</span>
            </label>
            if settings.scenario.delays.is_some() || settings.scenario.starts.is_some() {
                <p class="hint">{"Per-task delays or start offsets from the link are in use."}</p>
            }
        </details>
        <super::display::Display settings={props.settings.clone()} dispatch={dispatch.clone()} />
        <super::share::Share settings={settings.clone()} />
        </>
    }
}
