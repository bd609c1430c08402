//! "All outcomes": the schedule explorer's panel (the full app only).
//!
//! It asks a lab worker of its own to count every interleaving of the
//! program on screen (`crate::lab::explore`), shows how far it has got with
//! a Cancel button, and then a bar per outcome: how many schedules end at
//! each balance, or in a deadlock, where asyncio's own order lands, and
//! the share that is correct. Choosing a bar replays a schedule with that
//! outcome in the lanes, and puts it in the link. Terminating the worker
//! cancels it: a new program, Cancel, or closing the panel.

use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

use super::store::{self, Dispatch};
use crate::sim::explore::wilson_interval;
use crate::sim::schedule::MAX_ORDER_TASKS;
use crate::sim::Scenario;
use crate::view::outcomes::{
    sample_progress, share_of, short_form, why_sampled, WhySampled, MERGED_STATES,
    RANDOM_SCHEDULER, UNIFORM_SAMPLE,
};
use crate::view::settings::Settings;
use crate::view::state::settings::{SettingsCommand, SettingsState};
use crate::view::state::Command;
use crate::view::text;

/// One outcome's bar.
#[derive(Clone, Debug, PartialEq)]
struct Bar {
    /// A balance, "deadlock" or "unfinished".
    ending: String,
    /// Exact counts are decimal strings of any size; draws are small.
    count: String,
    share: f64,
    /// A schedule that ends here: the shortest, or the first drawn.
    order: String,
}

#[derive(Clone, Debug, PartialEq)]
struct Distribution {
    bars: Vec<Bar>,
    /// How many schedules (exact) or draws (a sample).
    total: String,
    /// How many draws, for a sample.
    draws: Option<u64>,
    /// Steps over all the draws, for a sample.
    steps: u64,
}

#[derive(Clone, Debug, PartialEq)]
struct Summary {
    exact: Option<Distribution>,
    uniform: Option<Distribution>,
    random: Option<Distribution>,
    /// Why there are no exact counts: more tasks than an order names, an
    /// estimate over the budget, or a count that stopped.
    too_many_tasks: Option<u64>,
    estimate: Option<(u64, u64)>,
    why: Option<String>,
    states: u64,
    asyncio: Option<String>,
    /// Whether the random sample is complete (it grows while shown).
    complete: bool,
    /// Cancelled while the sample grew: the bars stay as they were.
    cancelled: bool,
    /// How large a sample may grow: draws, and steps over all of them.
    limit: (u64, u64),
}

impl Summary {
    fn why_sampled(&self) -> Option<WhySampled<'_>> {
        if self.exact.is_some() {
            return None;
        }
        Some(if let Some(tasks) = self.too_many_tasks {
            WhySampled::Tasks {
                tasks,
                most: u64::from(MAX_ORDER_TASKS),
            }
        } else if let Some((estimate, budget)) = self.estimate {
            WhySampled::States { estimate, budget }
        } else {
            WhySampled::Stopped(self.why.as_deref().unwrap_or("the count stopped"))
        })
    }
}

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

fn get(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text_of(data: &JsValue, key: &str) -> Option<String> {
    get(data, key).as_string()
}

fn number_of(data: &JsValue, key: &str) -> Option<f64> {
    get(data, key).as_f64()
}

/// A sample's bars from `{draws, counts: {ending: n}, orders: {ending: order}}`.
fn sample(data: &JsValue) -> Option<Distribution> {
    let draws = number_of(data, "draws")? as u64;
    let counts = get(data, "counts");
    let orders = get(data, "orders");
    let mut bars: Vec<Bar> = Object::keys(counts.dyn_ref::<Object>()?)
        .iter()
        .filter_map(|key| {
            let ending = key.as_string()?;
            let count = number_of(&counts, &ending)? as u64;
            Some(Bar {
                count: count.to_string(),
                share: count as f64 / draws.max(1) as f64,
                order: text_of(&orders, &ending).unwrap_or_default(),
                ending,
            })
        })
        .collect();
    sort(&mut bars);
    Some(Distribution {
        bars,
        total: draws.to_string(),
        draws: Some(draws),
        steps: number_of(data, "steps").unwrap_or(0.0) as u64,
    })
}

/// Balances in order, then deadlock, then unfinished.
fn sort(bars: &mut [Bar]) {
    bars.sort_by_key(|bar| match bar.ending.parse::<i64>() {
        Ok(balance) => (0, balance),
        Err(_) => (if bar.ending == "deadlock" { 1 } else { 2 }, 0),
    });
}

fn read_summary(json: &str) -> Option<Summary> {
    let data = js_sys::JSON::parse(json).ok()?;
    let exact = if get(&data, "exact").as_bool() == Some(true) {
        let total = text_of(&data, "total")?;
        let whole: f64 = total.parse().ok()?;
        let mut bars: Vec<Bar> = js_sys::Array::from(&get(&data, "outcomes"))
            .iter()
            .filter_map(|o| {
                let count = text_of(&o, "count")?;
                Some(Bar {
                    share: count.parse::<f64>().ok()? / whole.max(1.0),
                    ending: text_of(&o, "ending")?,
                    order: text_of(&o, "order").unwrap_or_default(),
                    count,
                })
            })
            .collect();
        sort(&mut bars);
        Some(Distribution {
            bars,
            total,
            draws: None,
            steps: 0,
        })
    } else {
        None
    };
    Some(Summary {
        exact,
        uniform: sample(&get(&data, "uniform")),
        random: sample(&get(&data, "random")),
        too_many_tasks: number_of(&data, "tasks").map(|t| t as u64),
        estimate: number_of(&data, "estimate")
            .zip(number_of(&data, "budget"))
            .map(|(estimate, budget)| (estimate as u64, budget as u64)),
        why: text_of(&data, "why"),
        states: number_of(&data, "states").unwrap_or(0.0) as u64,
        asyncio: text_of(&data, "asyncio"),
        complete: get(&data, "complete").as_bool() != Some(false),
        cancelled: false,
        limit: {
            let limit = get(&data, "limit");
            (
                number_of(&limit, "draws").unwrap_or(0.0) as u64,
                number_of(&limit, "steps").unwrap_or(0.0) as u64,
            )
        },
    })
}

/// A lab worker for one exploration; dropping it terminates the worker.
struct Exploring {
    worker: Worker,
    _listener: EventListener,
}

impl Drop for Exploring {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn post(worker: &Worker, fields: &[(&str, JsValue)]) {
    let message = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&message, &(*key).into(), value);
    }
    let _ = worker.post_message(&message);
}

/// What the explorer's answers mean to the panel.
enum News {
    Progress { expanded: u64, states: u64 },
    Done(Rc<Summary>),
    Drawn(String),
    Failed(String),
}

/// Starts a worker exploring `query`; the messages it waited for go once it
/// says it is ready.
fn start(query: String, news: Callback<News>) -> Option<Exploring> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&super::lab::lab_url()?, &options).ok()?;
    let listener = EventListener::new(&worker, "message", move |event| {
        let Some(data) = event.dyn_ref::<MessageEvent>().map(MessageEvent::data) else {
            return;
        };
        let target = event.target().and_then(|t| t.dyn_into::<Worker>().ok());
        match text_of(&data, "kind").as_deref() {
            Some("ready") => {
                if let Some(worker) = target {
                    post(
                        &worker,
                        &[
                            ("kind", "explore".into()),
                            ("id", 1.into()),
                            ("query", query.as_str().into()),
                        ],
                    );
                }
            }
            Some("progress") => news.emit(News::Progress {
                expanded: number_of(&data, "expanded").unwrap_or(0.0) as u64,
                states: number_of(&data, "states").unwrap_or(0.0) as u64,
            }),
            Some("explored") => news.emit(
                text_of(&data, "json")
                    .and_then(|json| read_summary(&json))
                    .map_or_else(
                        || News::Failed("the explorer's answer could not be read".to_owned()),
                        |summary| News::Done(Rc::new(summary)),
                    ),
            ),
            Some("drawn") => {
                if let Some(order) = text_of(&data, "order") {
                    news.emit(News::Drawn(order));
                }
            }
            _ => news.emit(News::Failed(
                text_of(&data, "message").unwrap_or_else(|| "the explorer stopped".to_owned()),
            )),
        }
    });
    Some(Exploring {
        worker,
        _listener: listener,
    })
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

/// "$1,001 · 999 lost", "Deadlock", "Still retrying".
fn ending_label(ending: &str, scenario: &Scenario) -> String {
    match ending.parse::<i64>() {
        Ok(balance) => {
            let missing = scenario.expected_balance() - balance;
            let lost = if scenario.amount != 0 && missing % scenario.amount == 0 {
                missing / scenario.amount
            } else {
                0
            };
            if lost == 0 && missing == 0 {
                format!("{} · correct", text::money(balance))
            } else {
                format!(
                    "{} · {}",
                    text::money(balance),
                    text::count(lost.max(0) as usize, "update lost", "updates lost")
                )
            }
        }
        Err(_) if ending == "deadlock" => "Deadlock".to_owned(),
        Err(_) => "Still retrying".to_owned(),
    }
}

pub(super) use crate::view::outcomes::percent;

/// A count as the page shows it: grouped digits, or beyond twelve digits its
/// short form ("1.5 × 10<sup>20</sup>") with the exact count as its title.
fn count_html(digits: &str) -> Html {
    match short_form(digits) {
        Some((mantissa, power)) => html! {
            <span class="big-count" title={text::grouped_digits(digits)}>
                {format!("{mantissa} × 10")}
                <span class="sr-only">{" to the power "}</span>
                <sup>{power}</sup>
            </span>
        },
        None => html! { {text::grouped_digits(digits)} },
    }
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
    let exploring = use_mut_ref(|| None::<Exploring>);
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
            let news = {
                let phase = phase.clone();
                Callback::from(move |news: News| match news {
                    News::Progress { expanded, states } => {
                        phase.set(Phase::Working { expanded, states })
                    }
                    News::Done(summary) => phase.set(Phase::Done(summary)),
                    News::Drawn(order) => order_wanted.emit(order),
                    News::Failed(why) => phase.set(Phase::Failed(why)),
                })
            };
            let started = start(query.clone(), news);
            if started.is_none() {
                phase.set(Phase::Failed(
                    "this browser cannot start the explorer's worker".to_owned(),
                ));
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
                        <progress max="1" value={share.to_string()}></progress>
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
                Callback::from(move |ending: String| {
                    let mut count = draws.borrow_mut();
                    *count += 1;
                    if let Some(exploring) = exploring.borrow().as_ref() {
                        post(
                            &exploring.worker,
                            &[
                                ("kind", "draw".into()),
                                ("id", (f64::from(*count) + 1.0).into()),
                                ("ending", ending.into()),
                            ],
                        );
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
                            {format!("Stopped at {}: the bars show the orders drawn until then.",
                                text::count(draws as usize, "order drawn", "orders drawn"))}
                        </p>
                    }
                } else {
                    html! {
                        <div class="explore-working" data-testid="explore-progress">
                            <label>
                                {sample_progress(draws, most_draws, steps, most_steps)}
                                <progress max="1" value={done.to_string()}></progress>
                            </label>
                            <button type="button" class="small" onclick={cancel} data-testid="explore-cancel">{"Cancel"}</button>
                        </div>
                    }
                }
            });
            html! {
                <>
                { for growing }
                { outcomes(summary, *shown, &shown, &scenario, &order_wanted, &ask_draw) }
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

fn outcomes(
    summary: &Summary,
    shown: Shown,
    set_shown: &UseStateHandle<Shown>,
    scenario: &Scenario,
    order_wanted: &Callback<String>,
    ask_draw: &Callback<String>,
) -> Html {
    let shown = match shown {
        Shown::Exact if summary.exact.is_none() => Shown::Random,
        Shown::Uniform if summary.uniform.is_none() => Shown::Random,
        other => other,
    };
    let distribution = match shown {
        Shown::Exact => summary.exact.as_ref(),
        Shown::Uniform => summary.uniform.as_ref(),
        Shown::Random => summary.random.as_ref(),
    };
    let Some(distribution) = distribution else {
        return html! { <p class="hint">{"No schedules to show."}</p> };
    };
    let expected = scenario.expected_balance().to_string();
    let correct = distribution
        .bars
        .iter()
        .find(|b| b.ending == expected)
        .map_or_else(|| "0".to_owned(), |b| b.count.clone());
    let right = text::money(scenario.expected_balance());
    let headline = match distribution.draws {
        None => html! {
            <>
            { count_html(&correct) }{" of "}{ count_html(&distribution.total) }
            {format!(" schedules give the right balance ({right}): {}.", share_of(&correct, &distribution.total))}
            </>
        },
        Some(draws) => {
            let hits: u64 = correct.parse().unwrap_or(0);
            let (low, high) = wilson_interval(hits, draws);
            html! { {format!(
                "{} of {} drawn schedules give the right balance ({right}): {} (95% interval {} to {}).",
                text::grouped(hits),
                text::grouped(draws),
                share_of(&correct, &distribution.total),
                percent(low),
                percent(high)
            )} }
        }
    };
    // The exact counts a short form stands for, in words as well as on hover.
    let shortened: Vec<(String, String)> = distribution
        .bars
        .iter()
        .filter(|bar| short_form(&bar.count).is_some())
        .map(|bar| {
            (
                ending_label(&bar.ending, scenario),
                text::grouped_digits(&bar.count),
            )
        })
        .collect();
    let total_shortened = short_form(&distribution.total).is_some();
    let json = {
        let fields: Vec<String> = distribution
            .bars
            .iter()
            .map(|b| format!("\"{}\":\"{}\"", b.ending, b.count))
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    let most = distribution
        .bars
        .iter()
        .map(|b| b.share)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    // Each way of counting says what its words mean, beside it.
    let choice = |which: Shown, label: String, available: bool, meaning: Option<&str>| {
        let set_shown = set_shown.clone();
        let id = match which {
            Shown::Exact => "explore-means-exact",
            Shown::Uniform => "explore-means-uniform",
            Shown::Random => "explore-means-random",
        };
        html! {
            <div class={store::class("explore-choice", &[(!available, "off")])}>
                <label>
                    <input type="radio" name="explore-shown" checked={shown == which} disabled={!available}
                        aria-describedby={meaning.map(|_| id)}
                        onchange={Callback::from(move |_| set_shown.set(which))} />
                    {label}
                </label>
                if let Some(meaning) = meaning {
                    {" "}<span class="hint" id={id}>{meaning}</span>
                }
            </div>
        }
    };
    // An order names each task by one character: replays go up to 35 tasks.
    let replayable = scenario.total_tasks() <= MAX_ORDER_TASKS;
    let how_to_replay = match (replayable, shown) {
        (false, _) => format!("Replays in the lanes are for up to {MAX_ORDER_TASKS} tasks."),
        (true, Shown::Exact) => "Choose a bar to replay its shortest schedule in the lanes; \"another\" draws one at random from those with that outcome.".to_owned(),
        (true, _) => "Choose a bar to replay, in the lanes, the first drawn schedule with that outcome.".to_owned(),
    };
    let random_draws = summary.random.as_ref().and_then(|d| d.draws).unwrap_or(0);
    let uniform_draws = summary.uniform.as_ref().and_then(|d| d.draws).unwrap_or(0);
    // A sample's meaning is said beside its choice; exact counts say theirs here.
    let what = (shown == Shown::Exact).then(|| {
        format!(
            "Exact: every schedule counted once, from {} merged states. {MERGED_STATES}",
            text::grouped(summary.states)
        )
    });
    html! {
        <>
        <fieldset class="explore-shown">
            <legend>{"Show"}</legend>
            { choice(Shown::Exact, "All schedules, exact".to_owned(), summary.exact.is_some(), None) }
            { choice(Shown::Uniform, match summary.uniform {
                Some(_) => format!("Uniform sample ({})", text::grouped(uniform_draws)),
                None if summary.exact.is_some() => "Uniform sample (drawing…)".to_owned(),
                None => "Uniform sample (needs exact counts)".to_owned(),
            }, summary.uniform.is_some(), Some(UNIFORM_SAMPLE)) }
            { choice(Shown::Random, format!("Random scheduler ({})", text::grouped(random_draws)), summary.random.is_some(), Some(RANDOM_SCHEDULER)) }
        </fieldset>
        if let Some(why) = summary.why_sampled() {
            <p class="hint" data-testid="explore-why">
                {why_sampled(&why)}
                if matches!(why, WhySampled::States { .. }) {
                    {" "}{MERGED_STATES}
                }
            </p>
        }
        <p class="explore-headline" data-testid="schedules" data-value={distribution.total.clone()}>{headline}</p>
        if total_shortened {
            <p class="hint" data-testid="schedules-exact">{format!("Exactly {} schedules.", text::grouped_digits(&distribution.total))}</p>
        }
        if let Some(what) = what {
            <p class="hint">{what}</p>
        }
        <ul class="histogram" data-testid="distribution" data-value={json} aria-label="Outcomes">
            { for distribution.bars.iter().map(|bar| {
                let is_asyncio = summary.asyncio.as_deref() == Some(bar.ending.as_str());
                let is_correct = bar.ending == expected;
                let replay = {
                    let order = bar.order.clone();
                    let order_wanted = order_wanted.clone();
                    Callback::from(move |_: MouseEvent| order_wanted.emit(order.clone()))
                };
                let another = {
                    let ending = bar.ending.clone();
                    let ask_draw = ask_draw.clone();
                    Callback::from(move |_: MouseEvent| ask_draw.emit(ending.clone()))
                };
                let width = format!("width: {:.1}%", bar.share / most * 100.0);
                html! {
                    <li class={store::class("bar-row", &[(is_correct, "correct"), (bar.ending == "deadlock", "deadlock"), (is_asyncio, "asyncio")])}>
                        <button type="button" class="bar" onclick={replay} data-ending={bar.ending.clone()} disabled={!replayable}
                            title="Replay a schedule with this outcome in the lanes">
                            // The mark is on its bar, in its name: never between two bars.
                            <span class="bar-label">{ending_label(&bar.ending, scenario)}
                                if is_asyncio {
                                    {" "}<span class="asyncio-mark" data-testid="asyncio-mark">{"asyncio's own order"}</span>
                                }
                            </span>
                            <span class="bar-track"><span class="bar-fill" style={width}></span></span>
                            <span class="bar-count">{ count_html(&bar.count) }{format!(" · {}", share_of(&bar.count, &distribution.total))}</span>
                        </button>
                        if shown == Shown::Exact && summary.exact.is_some() {
                            <button type="button" class="small ghost" onclick={another}
                                aria-label={format!("Another schedule ending {}", ending_label(&bar.ending, scenario))}>{"another"}</button>
                        }
                    </li>
                }
            }) }
        </ul>
        if !shortened.is_empty() {
            <details class="explore-exact" data-testid="exact-counts">
                <summary>{"Exact counts"}</summary>
                <ul>
                    { for shortened.iter().map(|(label, exact)| html! { <li>{format!("{label}: {exact}")}</li> }) }
                </ul>
            </details>
        }
        <p class="hint">{how_to_replay}</p>
        </>
    }
}
