//! "All outcomes": the schedule explorer's panel (the full app only).
//!
//! It asks a lab worker of its own ([`Lab`], the page's one client) to
//! count every interleaving of the program on screen (`crate::lab::explore`),
//! shows how far it has got with a Cancel button, and then a bar per outcome
//! ([`bars`]): how many schedules end at each balance, or in a deadlock,
//! where asyncio's own order lands, and the share that is correct. Choosing
//! a bar replays a schedule with that outcome in the lanes, and puts it in
//! the link. Terminating the worker cancels it: a new program, Cancel, or
//! closing the panel.

mod bars;
pub mod program;
mod summary;

use std::rc::Rc;

use yew::prelude::*;

use super::lab::Lab;
use super::store::{self, Dispatch};
use crate::lab::protocol::{Answer, Request};
use crate::sim::explore::Ending;
use crate::sim::Scenario;
use crate::view::outcomes::sample_progress;
use crate::view::settings::Settings;
use crate::view::state::settings::{SettingsCommand, SettingsState};
use crate::view::state::Command;
use crate::view::text;
use summary::Summary;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Working { expanded: u64, states: u64 },
    Done(Rc<Summary>),
    Cancelled,
    Failed(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    Exact,
    Uniform,
    Random,
}

/// The query the explorer is asked about: the program, without an order.
/// Only the scenario: a new speed, theme or layout does not start again.
fn program_query(settings: &Settings) -> String {
    let program = Settings {
        scenario: Scenario {
            order: None,
            ..settings.scenario.clone()
        },
        ..Settings::default()
    };
    crate::web::query_string(&program.run_pairs())
}

#[derive(Properties, PartialEq)]
pub struct ExploreProps {
    pub settings: Rc<SettingsState>,
    pub dispatch: Dispatch,
}

#[function_component(ExplorePanel)]
pub fn explore_panel(props: &ExploreProps) -> Html {
    let settings = &props.settings.settings;
    let scenario = settings.scenario.clone();
    let query = program_query(settings);
    let phase = use_state(|| Phase::Working {
        expanded: 0,
        states: 0,
    });
    let shown = use_state(|| Shown::Exact);
    let exploring = use_mut_ref(|| None::<Lab>);
    let draws = use_mut_ref(|| 0u32);
    let order_wanted = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |order: String| {
            if let Ok(order) = order.parse() {
                dispatch.dispatch(crate::view::state::Action::Command(Command::Settings(
                    SettingsCommand::Order(Some(order)),
                )));
                // The replay plays in the lanes: the learner watches it there.
                super::scroll::bring_into_view(".tasks");
            }
        })
    };
    // A new program: cancel the stale exploration, start another.
    {
        let phase = phase.clone();
        let exploring = Rc::clone(&exploring);
        let order_wanted = order_wanted.clone();
        use_effect_with(query.clone(), move |query| {
            phase.set(Phase::Working {
                expanded: 0,
                states: 0,
            });
            let hear = {
                let phase = phase.clone();
                move |answer: Answer| match answer {
                    Answer::Progress { expanded, states } => {
                        phase.set(Phase::Working { expanded, states })
                    }
                    Answer::Explored(packed) => phase.set(match packed.open() {
                        Ok(explored) => Phase::Done(Rc::new(Summary::new(explored))),
                        Err(_) => {
                            Phase::Failed("the explorer's answer could not be read".to_owned())
                        }
                    }),
                    Answer::Drawn { order, .. } => order_wanted.emit(order),
                    Answer::Failed { why, .. } => phase.set(Phase::Failed(why)),
                    _ => {}
                }
            };
            let started = Lab::start(hear);
            match &started {
                Some(lab) => lab.ask(Request::Explore {
                    query: query.clone(),
                }),
                None => phase.set(Phase::Failed(
                    "this browser cannot start the explorer's worker".to_owned(),
                )),
            }
            *exploring.borrow_mut() = started;
            move || drop(exploring.borrow_mut().take())
        });
    }
    let cancel = {
        let phase = phase.clone();
        let exploring = Rc::clone(&exploring);
        Callback::from(move |_: MouseEvent| {
            drop(exploring.borrow_mut().take());
            // A growing sample keeps the bars it has; a count has none yet.
            match &*phase {
                Phase::Done(summary) => phase.set(Phase::Done(Rc::new(Summary {
                    cancelled: true,
                    ..(**summary).clone()
                }))),
                _ => phase.set(Phase::Cancelled),
            }
        })
    };
    let close = store::send::<MouseEvent>(
        &props.dispatch,
        Command::Settings(SettingsCommand::Explore(false)),
    );
    let body = match &*phase {
        Phase::Working { expanded, states } => {
            let share = if *states == 0 {
                0.0
            } else {
                *expanded as f64 / *states as f64
            };
            html! {
                <div class="explore-working" data-testid="explore-progress">
                    <label>
                        if *states == 0 {
                            {"Starting the explorer…"}
                        } else {
                            {format!("Counting every order: {} merged states reached, {} followed",
                                text::grouped(*states), text::grouped(*expanded))}
                        }
                        <progress max="1000" value={per_mille(share)}></progress>
                    </label>
                    <button type="button" class="small" onclick={cancel} data-testid="explore-cancel">{"Cancel"}</button>
                </div>
            }
        }
        Phase::Cancelled => html! {
            <p class="hint" data-testid="explore-cancelled">{"Cancelled. Change the program, or close and open this panel, to explore again."}</p>
        },
        Phase::Failed(why) => {
            html! { <p class="hint" role="alert">{format!("The explorer stopped: {why}.")}</p> }
        }
        Phase::Done(summary) => {
            let ask_draw = {
                let exploring = Rc::clone(&exploring);
                let draws = Rc::clone(&draws);
                Callback::from(move |ending: Ending| {
                    let mut count = draws.borrow_mut();
                    *count += 1;
                    if let Some(lab) = exploring.borrow().as_ref() {
                        lab.ask(Request::Draw {
                            id: u64::from(*count) + 1,
                            ending,
                        });
                    }
                })
            };
            let growing = (!summary.complete).then(|| {
                let random = summary.random.as_ref();
                let draws = random.and_then(|d| d.draws).unwrap_or(0);
                let steps = random.map_or(0, |d| d.steps);
                let (most_draws, most_steps) = summary.limit;
                let done = (draws as f64 / most_draws.max(1) as f64)
                    .max(steps as f64 / most_steps.max(1) as f64)
                    .min(1.0);
                if summary.cancelled {
                    html! {
                        <p class="hint" data-testid="explore-cancelled">
                            if summary.exact.is_some() {
                                {"Sampling stopped; the exact counts are whole. Close and open this panel to draw \"another\" schedule again."}
                            } else {
                                {format!("Stopped at {}: the bars show the orders drawn until then.",
                                    text::count(draws as usize, "order drawn", "orders drawn"))}
                            }
                        </p>
                    }
                } else {
                    html! {
                        <div class="explore-working" data-testid="explore-progress">
                            <label>
                                {sample_progress(draws, most_draws, steps, most_steps)}
                                <progress max="1000" value={per_mille(done)}></progress>
                            </label>
                            <button type="button" class="small" onclick={cancel} data-testid="explore-cancel">{"Cancel"}</button>
                        </div>
                    }
                }
            });
            html! {
                <>
                // The sample's progress under the bars: its line coming and
                // going never moves them.
                { bars::outcomes(summary, *shown, &shown, &scenario, &order_wanted, &ask_draw) }
                { for growing }
                </>
            }
        }
    };
    let replaying = settings.scenario.order.as_ref().map(|order| {
        let back = store::send::<MouseEvent>(
            &props.dispatch,
            Command::Settings(SettingsCommand::Order(None)),
        );
        html! {
            <p class="explore-replay" data-testid="explore-replaying">
                {format!("The lanes replay order {order}: one step every 10 ms of the drawing, since the explorer abstracts delays away. ")}
                <button type="button" class="small" onclick={back}>{"Back to asyncio's order"}</button>
            </p>
        }
    });
    html! {
        <section class="explore" aria-labelledby="explore-title" data-testid="explorer">
            <div class="explore-head">
                <h2 id="explore-title">{"All outcomes"}</h2>
                <button type="button" class="small" onclick={close} data-testid="explore-close">{"Close"}</button>
            </div>
            <p class="hint">{"Every order in which the tasks' steps could run (a step runs from one await to the next), and where each order ends."}</p>
            { body }
            { for replaying }
        </section>
    }
}

/// A share (0 to 1) in thousandths, for a `<progress max="1000">`: whole
/// numbers, so the full app carries no float formatting for it.
fn per_mille(share: f64) -> String {
    ((share.clamp(0.0, 1.0) * 1000.0).round() as u32).to_string()
}
