//! "You are the scheduler" (the full app only): the learner picks which
//! task runs each step, freely or in a challenge's level.
//!
//! The picks are the settings' `scenario.order`, so they are in the link,
//! and undo is a shorter order. Each change of picks replays them on the
//! page (`view::scheduler::play`: a few tasks, microseconds) and hands the
//! run to the page's state as if the lab had computed it, so the lanes,
//! the log, the lock panel and the code pane follow as in any run.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MouseEvent};
use yew::prelude::*;

use super::store::Dispatch;
use crate::sim::explore::{explore, Ending as Explored, Exploration};
use crate::sim::schedule::TaskOrder;
use crate::sim::{Ending, Scenario, TaskId};
use crate::view::challenge::{self, level, level_settings, reason, Done, Status, Tried, LEVELS};
use crate::view::recording::Shared;
use crate::view::scheduler::keys::{self, KeyMove, KeyPlace, Modifiers};
use crate::view::scheduler::{play, Played};
use crate::view::settings::Settings;
use crate::view::state::run::RunState;
use crate::view::state::settings::SettingsState;
use crate::view::state::{Action, Happening};
use crate::view::text::{grouped_digits, money, task_name};

const DONE_KEY: &str = "racecourse.challenges";

fn load_done() -> Done {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(DONE_KEY).ok().flatten())
        .map(|text| Done::decode(&text))
        .unwrap_or_default()
}

fn save_done(done: &Done) {
    // Private browsing may refuse storage; the levels work without it.
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(DONE_KEY, &done.encode());
    }
}

/// Opens `settings` as if by a link: the run is prepared afresh and waits.
fn open(dispatch: &Dispatch, settings: Settings) {
    dispatch.dispatch(Action::Happened(Happening::Load(settings, Vec::new())));
}

/// The settings with `picks` as the schedule so far.
fn with_picks(settings: &Settings, picks: Vec<TaskId>) -> Settings {
    let mut next = settings.clone();
    next.scenario.order = (!picks.is_empty()).then_some(TaskOrder(picks));
    next
}

/// What a key or a click asks of the scheduler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Pick(TaskId),
    /// asyncio's own choice: the front of its ready queue.
    Asyncio,
    Undo,
    Redo,
    Start,
}

#[derive(Properties, PartialEq)]
pub struct SchedulerProps {
    pub settings: Rc<SettingsState>,
    pub run: Rc<RunState>,
    pub dispatch: Dispatch,
}

/// "6 of 90 schedules (6.7%)".
fn share(count: &str, total: &str) -> String {
    let percent = match (count.parse::<f64>(), total.parse::<f64>()) {
        (Ok(k), Ok(m)) if m > 0.0 => format!(" ({})", super::explore::percent(k / m)),
        _ => String::new(),
    };
    format!(
        "{} of the {} schedules{percent}",
        grouped_digits(count),
        grouped_digits(total)
    )
}

fn ending_words(ending: Explored, scenario: &Scenario) -> String {
    match ending {
        Explored::Balance(balance) if balance == scenario.expected_balance() => {
            format!("{}, the right balance", money(balance))
        }
        Explored::Balance(balance) => money(balance),
        Explored::Deadlock => "a deadlock".to_owned(),
        Explored::Unfinished => "still retrying".to_owned(),
    }
}

/// How rare the learner's ending is among all schedules.
fn rarity(played: &Played, all: &Exploration, scenario: &Scenario) -> Option<String> {
    let ending = match &played.recording.outcome.ending {
        Ending::Completed => Explored::Balance(played.recording.outcome.final_balance),
        Ending::Deadlock(_) => Explored::Deadlock,
        _ => return None,
    };
    let count = all.count(ending).to_string();
    Some(format!(
        "Your outcome, {}, is produced by {}.",
        ending_words(ending, scenario),
        share(&count, &all.total().to_string())
    ))
}

/// What every schedule gives, for a level that cannot be won.
fn every_schedule(all: &Exploration, scenario: &Scenario) -> String {
    let total = grouped_digits(&all.total().to_string());
    match all.outcomes.as_slice() {
        [(ending, _, _)] => format!(
            "The schedule explorer counted all {total} schedules: every one ends in {}.",
            ending_words(*ending, scenario)
        ),
        outcomes => {
            let each: Vec<String> = outcomes
                .iter()
                .map(|(ending, count, _)| {
                    format!("{} in {}", ending_words(*ending, scenario), count)
                })
                .collect();
            format!(
                "The schedule explorer counted all {total} schedules: {}. None meets the goal.",
                each.join(", ")
            )
        }
    }
}

#[function_component(SchedulerPanel)]
pub fn scheduler_panel(props: &SchedulerProps) -> Html {
    let settings = &props.settings.settings;
    let dispatch = props.dispatch.clone();
    let picks: Vec<TaskId> = settings
        .scenario
        .order
        .as_ref()
        .map(|order| order.0.clone())
        .unwrap_or_default();
    let program = Scenario {
        order: None,
        ..settings.scenario.clone()
    };
    let number = settings.challenge;
    let current = number.and_then(level);
    let played = use_memo((program.clone(), picks.clone()), |(program, picks)| {
        play(program, picks)
    });
    // The run on screen is the learner's picks, replayed.
    {
        let dispatch = dispatch.clone();
        let played = Rc::clone(&played);
        use_effect_with(
            (props.run.id, program.clone(), picks.clone()),
            move |(run, _, _)| {
                if let Ok(played) = &*played {
                    dispatch.dispatch(Action::Happened(Happening::Scheduled {
                        run: *run,
                        recording: Shared(Rc::clone(&played.recording)),
                    }));
                }
            },
        );
    }
    // The furthest schedule reached: redo walks forward along it while
    // the picks are a prefix of it. (The panel is keyed by level and
    // program, so a new one starts with all of this afresh.)
    let future = use_state(|| picks.clone());
    let hints = use_state(|| 0usize);
    let gave_up = use_state(|| false);
    let possible_said = use_state(|| false);
    let tried = use_mut_ref(Tried::default);
    let done = use_state(load_done);
    let can_redo = future.len() > picks.len() && future.starts_with(&picks);
    if let Ok(played) = &*played {
        tried.borrow_mut().visit(&picks, played);
    }
    let tried_everything = tried.borrow().everything();
    let status = match (current, &*played) {
        (Some(level), Ok(played)) => Some(challenge::status(
            level,
            played,
            *gave_up || tried_everything,
        )),
        _ => None,
    };
    // Levels won are kept.
    {
        let done = done.clone();
        use_effect_with((number, status), move |(number, status)| {
            if let (Some(number), Some(Status::Won)) = (number, status) {
                let more = done.with(*number);
                if more != *done {
                    save_done(&more);
                    done.set(more);
                }
            }
        });
    }
    // The explorer's counts, once the run has ended or the learner gives up.
    let wants_counts = match (current, &*played, status) {
        (Some(level), Ok(played), _) if played.ended && level.goal.about_the_ending() => true,
        (Some(_), _, Some(Status::Impossible)) => true,
        _ => false,
    };
    let counts = use_memo((program.clone(), wants_counts), |(program, wanted)| {
        wanted.then(|| explore(program).ok()).flatten()
    });

    // The picks as last asked for: keys pressed faster than the page
    // renders each build on the one before, not on what is on screen.
    let latest = use_mut_ref(Vec::<TaskId>::new);
    let latest_future = use_mut_ref(Vec::<TaskId>::new);
    *latest.borrow_mut() = picks.clone();
    *latest_future.borrow_mut() = (*future).clone();
    let do_move = {
        let dispatch = dispatch.clone();
        let settings = settings.clone();
        let program = program.clone();
        let future = future.clone();
        Callback::from(move |step: Move| {
            let mut next = latest.borrow().clone();
            let mut ahead = latest_future.borrow().clone();
            if !ahead.starts_with(&next) {
                ahead = next.clone();
            }
            let now = play(&program, &next);
            let offers = now.as_ref().map(|p| p.offers.as_slice()).unwrap_or(&[]);
            let task = match step {
                Move::Pick(task) => Some(task),
                Move::Asyncio => offers.iter().find(|o| o.asyncio_next).map(|o| o.task),
                Move::Redo => ahead.get(next.len()).copied(),
                Move::Undo => {
                    if next.pop().is_none() {
                        return;
                    }
                    None
                }
                Move::Start => {
                    if next.is_empty() {
                        return;
                    }
                    next.clear();
                    None
                }
            };
            if let Some(task) = task {
                if !offers.iter().any(|o| o.task == task) {
                    return;
                }
                next.push(task);
                // A step off the remembered schedule forgets what lay ahead.
                if !ahead.starts_with(&next) {
                    ahead = next.clone();
                }
            }
            *latest.borrow_mut() = next.clone();
            *latest_future.borrow_mut() = ahead.clone();
            future.set(ahead);
            open(&dispatch, with_picks(&settings, next));
        })
    };

    // The keyboard (`view::scheduler::keys`): numbers pick, arrows move
    // along the offers, A lets asyncio choose, U undoes. Taken before the
    // page's own keys, which would otherwise step or restart a run nobody
    // plays.
    let keys = use_mut_ref(Callback::<Move>::noop);
    *keys.borrow_mut() = do_move.clone();
    // Fixed for the panel's life: it is keyed by its level.
    let in_challenge = number.is_some();
    {
        let keys = keys.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let options = EventListenerOptions {
                phase: EventListenerPhase::Capture,
                passive: false,
            };
            let listener = window.map(|window| {
                EventListener::new_with_options(&window, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let Some(wanted) = key_move(event, in_challenge) else {
                        return;
                    };
                    event.stop_immediate_propagation();
                    let step = match wanted {
                        KeyMove::Pick(task) => Move::Pick(task),
                        KeyMove::Asyncio => Move::Asyncio,
                        KeyMove::Undo => Move::Undo,
                        KeyMove::Redo => Move::Redo,
                        KeyMove::Start => Move::Start,
                        KeyMove::NextOffer | KeyMove::PreviousOffer => {
                            event.prevent_default();
                            move_along_picks(
                                event.target().and_then(|t| t.dyn_into::<Element>().ok()),
                                wanted == KeyMove::NextOffer,
                            );
                            return;
                        }
                        // Space still scrolls the page.
                        KeyMove::Nothing => return,
                    };
                    event.prevent_default();
                    keys.borrow().emit(step);
                })
            });
            move || drop(listener)
        });
    }
    // A click on a task's lane picks it.
    {
        let keys = keys.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|document| {
                EventListener::new(&document, "click", move |event| {
                    if let Some(task) = lane_clicked(event) {
                        keys.borrow().emit(Move::Pick(task));
                    }
                })
            });
            move || drop(listener)
        });
    }

    let heading = use_node_ref();
    {
        // A new level puts the keyboard (and a screen reader) on its title;
        // not in an embed, whose host page must not be scrolled to it.
        let heading = heading.clone();
        let embed = settings.embed;
        use_effect_with(number, move |number| {
            let wanted = number.is_some() && !embed;
            if let Some(heading) = heading.cast::<HtmlElement>().filter(|_| wanted) {
                let _ = heading.focus();
            }
        });
    }

    // A move can take away the control that had the keyboard (the last
    // offer, Undo at the start, a hint button once used): the keyboard
    // then goes to the next offer, or to the level's title.
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        let heading = heading.clone();
        let first = use_mut_ref(|| true);
        use_effect_with((picks.clone(), *hints, *gave_up), move |_| {
            if std::mem::take(&mut *first.borrow_mut()) {
                return;
            }
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            // Chromium may leave the keyboard on a button just disabled.
            let lost = document.active_element().is_none_or(|el| {
                el.tag_name().eq_ignore_ascii_case("body") || el.has_attribute("disabled")
            });
            if !lost {
                return;
            }
            let offer = panel
                .cast::<Element>()
                .and_then(|section| section.query_selector(".pick").ok().flatten())
                .and_then(|el| el.dyn_into::<HtmlElement>().ok());
            if let Some(target) = offer.or_else(|| heading.cast::<HtmlElement>()) {
                let _ = target.focus();
            }
        });
    }

    let go = |step: Move| {
        let do_move = do_move.clone();
        Callback::from(move |_: MouseEvent| do_move.emit(step))
    };
    let leave = {
        let dispatch = dispatch.clone();
        let settings = settings.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = with_picks(&settings, Vec::new());
            next.scheduler = false;
            next.challenge = None;
            open(&dispatch, next);
        })
    };
    let open_level = |target: u32| {
        let dispatch = dispatch.clone();
        let settings = settings.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            if let Some(next) = level_settings(target, &settings) {
                open(&dispatch, next);
            }
        })
    };

    let title = match (number, current) {
        (Some(n), Some(level)) => html! {
            <>
            <p class="lesson-progress">{format!("You are the scheduler · level {n} of {}", LEVELS.len())}</p>
            <h2 id="challenge-title" tabindex="-1" ref={heading.clone()} data-testid="challenge">{level.title}</h2>
            <p class="challenge-goal" data-testid="challenge-goal"><strong>{"Goal: "}</strong>{super::lesson::code_spans(level.goal_text)}</p>
            </>
        },
        _ => html! {
            <>
            <p class="lesson-progress">{"You are the scheduler"}</p>
            <h2 id="challenge-title" tabindex="-1" ref={heading.clone()}>{"Pick who runs next"}</h2>
            <p>{"You decide which task runs each step, as asyncio's event loop would: a step runs a task from one await to the next. Any order you make is one asyncio could make with the right timings."}</p>
            </>
        },
    };

    let body = match &*played {
        Err(why) => html! {
            <div class="reveal" role="alert" data-testid="scheduler-error">
                <p>{format!("This schedule cannot be played: {why}.")}</p>
                <p>
                    if picks.is_empty() {
                        <button type="button" onclick={leave.clone()}>{"Leave the scheduler"}</button>
                    } else {
                        <button type="button" class="primary" onclick={go(Move::Start)}>{"Start again"}</button>
                    }
                </p>
            </div>
        },
        Ok(played) => {
            let status_line = status.map(|status| {
                let text = challenge::status_line(status, played, picks.len(), *possible_said);
                html! {
                    <p class={classes!("challenge-status", status.key())} data-testid="challenge-status" data-status={status.key()}>{text}</p>
                }
            });
            let why = reason(played);
            let verdict = match (current, status) {
                (Some(level), Some(Status::Won)) => html! {
                    <div class="reveal won" data-testid="challenge-won">
                        <p><strong>{why.clone()}</strong></p>
                        <p>{super::lesson::code_spans(level.explanation)}</p>
                        if let Some(all) = counts.as_ref().as_ref() {
                            if let Some(rare) = rarity(played, all, &program) {
                                <p data-testid="challenge-rarity">{rare}</p>
                            }
                        }
                        if let Some(next) = number.filter(|n| (*n as usize) < LEVELS.len()).map(|n| n + 1) {
                            <button type="button" class="primary" onclick={open_level(next)} data-testid="challenge-next">
                                {format!("Next: level {next}, {}", level_title(next))}
                            </button>
                        } else {
                            <p>{"That was the last level. Every control is yours now: try your own programs as the scheduler."}</p>
                        }
                    </div>
                },
                (Some(_), Some(Status::Stuck)) => html! {
                    <div class="reveal">
                        <p>{format!("The run ended at {}. {why}", money(played.recording.outcome.final_balance))}</p>
                        if let Some(all) = counts.as_ref().as_ref() {
                            if let Some(rare) = rarity(played, all, &program) {
                                <p data-testid="challenge-rarity">{rare}</p>
                            }
                        }
                    </div>
                },
                (Some(level), Some(Status::Impossible)) => html! {
                    <div class="reveal" data-testid="challenge-impossible">
                        <p>{super::lesson::code_spans(level.explanation)}</p>
                        if let Some(all) = counts.as_ref().as_ref() {
                            <p data-testid="challenge-proof">{every_schedule(all, &program)}</p>
                        }
                        if let Some(next) = number.filter(|n| (*n as usize) < LEVELS.len()).map(|n| n + 1) {
                            <button type="button" class="primary" onclick={open_level(next)} data-testid="challenge-next">
                                {format!("Next: level {next}, {}", level_title(next))}
                            </button>
                        }
                    </div>
                },
                (None, _) if played.ended => html! {
                    <div class="reveal"><p>{format!("Every task that could run has run. {why}")}</p></div>
                },
                _ => html! {},
            };
            let offers = if played.offers.is_empty() {
                html! {}
            } else {
                html! {
                    <div class="picks" role="toolbar" aria-label="Tasks that can run: choose one to run its next step" data-testid="picks">
                        { for played.offers.iter().map(|offer| {
                            let name = task_name(offer.task);
                            let key = (offer.task < 9).then(|| (offer.task + 1).to_string());
                            html! {
                                <button type="button" class="pick" key={offer.task} data-testid={format!("pick-{name}")}
                                    aria-keyshortcuts={key.clone()}
                                    onclick={go(Move::Pick(offer.task))}>
                                    <span class="pick-name">{name.clone()}</span>
                                    <span class="pick-does">{offer.does.clone()}</span>
                                    if let Some(line) = &offer.stops_at {
                                        <code class="pick-line">{line.clone()}</code>
                                    }
                                    if offer.asyncio_next {
                                        <span class="pick-asyncio">{"asyncio's next"}</span>
                                    }
                                </button>
                            }
                        }) }
                    </div>
                }
            };
            let blocked = html! {
                <ul class="blocked" aria-label="Tasks that cannot run now">
                    { for played.blocked.iter().map(|b| html! {
                        <li>{format!("{} · {}", task_name(b.task), b.why)}</li>
                    }) }
                </ul>
            };
            html! {
                <>
                { for status_line }
                { verdict }
                { offers }
                if !played.blocked.is_empty() { { blocked } }
                </>
            }
        }
    };

    let hint_list = current.map(|level| {
        let shown = (*hints).min(level.hints.len());
        let more = shown < level.hints.len();
        let reveal_hint = {
            let hints = hints.clone();
            Callback::from(move |_: MouseEvent| hints.set(*hints + 1))
        };
        let ask_possible = {
            let gave_up = gave_up.clone();
            let possible_said = possible_said.clone();
            let possible = level.possible;
            Callback::from(move |_: MouseEvent| {
                if possible {
                    possible_said.set(true);
                } else {
                    gave_up.set(true);
                }
            })
        };
        html! {
            <>
            if shown > 0 {
                <ol class="hints" data-testid="hints">
                    { for level.hints[..shown].iter().map(|hint| html! { <li>{super::lesson::code_spans(hint)}</li> }) }
                </ol>
            }
            <div class="challenge-actions">
                if more {
                    <button type="button" class="small" onclick={reveal_hint} data-testid="hint">
                        {format!("Hint ({} of {})", shown + 1, level.hints.len())}
                    </button>
                }
                if status == Some(Status::Playing) || status == Some(Status::Stuck) {
                    <button type="button" class="small" onclick={ask_possible} data-testid="give-up">{"Can it be done at all?"}</button>
                }
            </div>
            </>
        }
    });

    let said = match (&*played, current, status) {
        (Ok(played), Some(_), Some(Status::Won)) => {
            format!("Goal reached! {}", reason(played))
        }
        (Ok(_), Some(_), Some(Status::Impossible)) => "It cannot be done.".to_owned(),
        (Ok(played), _, Some(Status::Stuck)) => format!(
            "{} {}",
            played.last_step.clone().unwrap_or_default(),
            challenge::stuck(played)
        ),
        (Ok(played), _, _) => played.last_step.clone().unwrap_or_else(|| {
            current.map_or(String::new(), |level| format!("Goal: {}", level.goal_text))
        }),
        (Err(why), _, _) => why.to_string(),
    };

    let levels = html! {
        <details class="levels">
            <summary>{format!("All levels ({} of {} done)", done.0.len(), LEVELS.len())}</summary>
            <ol data-testid="levels">
                { for LEVELS.iter().enumerate().map(|(i, level)| {
                    let n = i as u32 + 1;
                    let href = format!("?challenge={n}");
                    html! {
                        <li class={classes!(done.has(n).then_some("done"), (Some(n) == number).then_some("current"))}>
                            <a href={href} onclick={open_level(n)} aria-current={(Some(n) == number).then_some("true")}>{level.title}</a>
                            if done.has(n) { <span class="done-mark">{" ✓ done"}</span> }
                        </li>
                    }
                }) }
            </ol>
        </details>
    };

    html! {
        <section class="lesson challenge" aria-labelledby="challenge-title" data-testid="scheduler" ref={panel}>
            { title }
            { body }
            <div class="challenge-actions">
                <button type="button" onclick={go(Move::Undo)} disabled={picks.is_empty()} data-testid="undo"
                    aria-keyshortcuts="U Backspace">{"↶ Undo"}</button>
                <button type="button" onclick={go(Move::Redo)} disabled={!can_redo} data-testid="redo"
                    aria-keyshortcuts="Shift+U">{"↷ Redo"}</button>
                <button type="button" onclick={go(Move::Start)} disabled={picks.is_empty()} data-testid="back-to-start"
                    aria-keyshortcuts="R">{"⇤ Back to the start"}</button>
                <button type="button" class="ghost" onclick={leave} data-testid="scheduler-leave">
                    { if number.is_some() { "Leave the challenges" } else { "Leave the scheduler" } }
                </button>
            </div>
            { for hint_list }
            { levels }
            <p class="hint" data-testid="scheduler-keys">{keys::keys_line()}</p>
            <p class="sr-only" aria-live="polite" data-testid="scheduler-said">{said}</p>
        </section>
    }
}

fn level_title(number: u32) -> &'static str {
    level(number).map_or("", |level| level.title)
}

/// The move a key asks for, by where the keyboard is.
fn key_move(event: &KeyboardEvent, in_challenge: bool) -> Option<KeyMove> {
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let inside = |selector: &str| {
        target
            .as_ref()
            .is_some_and(|el| el.closest(selector).ok().flatten().is_some())
    };
    // As the page's own keys (keyboard.rs).
    let place = if inside("input, select, textarea, dialog") {
        KeyPlace::Field
    } else if inside("pre, [role=tab], [role=tablist]") {
        KeyPlace::Arrows
    } else if target.as_ref().is_some_and(|el| {
        matches!(
            el.tag_name().to_ascii_lowercase().as_str(),
            "button" | "summary" | "a"
        )
    }) {
        KeyPlace::Control
    } else {
        KeyPlace::Page
    };
    let mods = Modifiers {
        shift: event.shift_key(),
        ctrl: event.ctrl_key(),
        other: event.alt_key() || event.meta_key(),
    };
    keys::key_move(&event.key(), mods, place, in_challenge)
}

/// Moves the keyboard to the next (or previous) offer, round the ends;
/// from outside the offers, to the first (or the last).
fn move_along_picks(from: Option<Element>, forward: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(buttons) = document.query_selector_all(".picks .pick") else {
        return;
    };
    let count = buttons.length();
    if count == 0 {
        return;
    }
    let at = (0..count).find(|&i| {
        buttons
            .item(i)
            .zip(from.as_ref())
            .is_some_and(|(b, f)| b.is_same_node(Some(f.as_ref())) || b.contains(Some(f.as_ref())))
    });
    let next = match (at, forward) {
        (Some(at), true) => (at + 1) % count,
        (Some(at), false) => (at + count - 1) % count,
        (None, true) => 0,
        (None, false) => count - 1,
    };
    if let Some(button) = buttons
        .item(next)
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}

/// The task whose lane a click landed on, if it was on the lanes.
fn lane_clicked(event: &web_sys::Event) -> Option<TaskId> {
    let event = event.dyn_ref::<MouseEvent>()?;
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let svg = target.closest(".lanes-box svg").ok()??;
    let rect = svg.get_bounding_client_rect();
    let lanes = svg.get_attribute("viewBox")?;
    let height: f64 = lanes.split_whitespace().nth(3)?.parse().ok()?;
    if rect.height() <= 0.0 {
        return None;
    }
    let y = (f64::from(event.client_y()) - rect.top()) * height / rect.height();
    crate::view::lanes::lane_at(y).map(|lane| lane as TaskId)
}
