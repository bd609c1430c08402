//! The control panel: lock switch, strategy, tasks, scenario, playback.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::store::Dispatch;
use crate::sim::{Group, Strategy};
use crate::view::settings::{Notice, INSTANT, MAX_UI_MONEY, MAX_UI_MS, MAX_UI_TASKS, SPEEDS};
use crate::view::state::{Action, AppState, Preset, Status};

fn input_value(event: &Event) -> String {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

/// A whole-number field: a value outside `min..=max` is refused with a notice
/// and the field shows the current value again.
fn number_field(
    dispatch: &Dispatch,
    id: &'static str,
    label: &'static str,
    unit: &'static str,
    value: String,
    (min, max): (i64, i64),
    make: fn(i64) -> Action,
) -> Html {
    let dispatch = dispatch.clone();
    let current = value.clone();
    let onchange = Callback::from(move |event: Event| {
        let raw = input_value(&event);
        match raw.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => dispatch.dispatch(make(n)),
            _ => {
                dispatch.dispatch(Action::Reject(Notice {
                    parameter: id.to_owned(),
                    message: format!("\"{raw}\" is not a whole number from {min} to {max}; kept the previous value"),
                }));
                if let Some(input) = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                {
                    input.set_value(&current);
                }
            }
        }
    });
    html! {
        <label class="field" for={id}>
            <span>{label}</span>
            <span class="field-input">
                <input id={id} type="number" inputmode="numeric" min={min.to_string()} max={max.to_string()}
                    step="1" value={value.clone()} {onchange} />
                if !unit.is_empty() { <span class="unit">{unit}</span> }
            </span>
        </label>
    }
}

pub fn view(state: &AppState, dispatch: &Dispatch) -> Html {
    let settings = &state.settings;
    let d = dispatch.clone();
    let on_strategy = Callback::from(move |event: Event| {
        let value = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        if let Ok(strategy) = value.parse::<Strategy>() {
            d.dispatch(Action::SetStrategy(strategy));
        }
    });
    // The switch flips between the bug and Solution 1; for any other
    // strategy it is neither red nor green, and pressing it shows the lock.
    let lock_on = settings.scenario.strategy == Strategy::Lock;
    let neutral = !matches!(
        settings.scenario.strategy,
        Strategy::Lock | Strategy::Unsafe
    );
    let toggle = {
        let d = dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::ToggleLock))
    };
    let send = |action: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(action.clone()))
    };
    let playing = state.status == Status::Playing;
    let run_label = match state.status {
        Status::Playing if settings.real_timers => "Stop",
        Status::Playing => "Pause",
        Status::Paused => "Resume",
        Status::Finished => "Run again",
        Status::Ready => "Run",
    };
    let speed = SPEEDS[settings.speed.min(INSTANT)];
    let speed_label = if settings.speed == INSTANT {
        "instant".to_owned()
    } else {
        format!("{speed} event{}/s", if speed == 1 { "" } else { "s" })
    };
    let d = dispatch.clone();
    let on_real = Callback::from(move |event: Event| {
        let on = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        d.dispatch(Action::SetRealTimers(on));
    });
    let d = dispatch.clone();
    let on_speed = Callback::from(move |event: Event| {
        if let Ok(level) = input_value(&event).parse::<usize>() {
            d.dispatch(Action::SetSpeed(level));
        }
    });

    html! {
        <section class="controls" aria-label="Controls">
            <button type="button" class={classes!("lock-switch", lock_on.then_some("on"), neutral.then_some("neutral"))}
                role="switch" aria-checked={lock_on.to_string()} onclick={toggle}
                data-testid="lock-toggle" title="Switch between the bug and the lock (L)">
                <span class="lock-switch-track" aria-hidden="true"><span class="lock-switch-thumb"></span></span>
                <span class="lock-switch-text">
                    { if lock_on { "Lock on" } else if neutral { "Switch to lock" } else { "Lock off" } }
                </span>
                <kbd aria-hidden="true">{"L"}</kbd>
            </button>

            <label class="field" for="strategy">
                <span>{"Strategy"}</span>
                <select id="strategy" onchange={on_strategy} data-testid="strategy">
                    { for Group::ALL.iter().map(|group| html! {
                        <optgroup label={group.title()}>
                            { for Strategy::ALL.iter().filter(|s| s.group() == *group).map(|s| html! {
                                <option value={s.slug()} selected={*s == settings.scenario.strategy}>{s.title()}</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
            </label>

            <div class="field-row">
                { number_field(dispatch, "tasks", "Tasks", "", settings.scenario.tasks.to_string(),
                    (1, i64::from(MAX_UI_TASKS)), |n| Action::SetTasks(n as u32)) }
                <div class="chips" role="group" aria-label="Task count presets">
                    { for [2u32, 5, 1000, 10_000].into_iter().map(|n| {
                        let d = dispatch.clone();
                        html! {
                            <button type="button" class={classes!("chip", (settings.scenario.tasks == n).then_some("active"))}
                                aria-pressed={(settings.scenario.tasks == n).to_string()}
                                onclick={Callback::from(move |_| d.dispatch(Action::SetTasks(n)))}>
                                { if n >= 1000 { format!("{}k", n / 1000) } else { n.to_string() } }
                            </button>
                        }
                    }) }
                </div>
            </div>

            <div class="presets" role="group" aria-label="The article's scenarios">
                <button type="button" class="preset" onclick={send(Action::Preset(Preset::Article))}
                    data-testid="preset-article" title="Key 1">
                    <strong>{"1000\u{202f}×\u{202f}$1"}</strong><span>{"the counter"}</span>
                </button>
                <button type="button" class="preset" onclick={send(Action::Preset(Preset::Bank))}
                    data-testid="preset-bank" title="Key 2">
                    <strong>{"5\u{202f}×\u{202f}$100"}</strong><span>{"the bank"}</span>
                </button>
                <button type="button" class="preset" onclick={send(Action::Preset(Preset::Deadlock))}
                    data-testid="preset-deadlock" title="Key 3">
                    <strong>{"2 locks"}</strong><span>{"deadlock"}</span>
                </button>
            </div>

            <details class="more">
                <summary>{"Money, timing and seed"}</summary>
                <div class="grid2">
                    { number_field(dispatch, "initial", "Initial balance", "$", settings.scenario.initial.to_string(),
                        (-MAX_UI_MONEY, MAX_UI_MONEY), Action::SetInitial) }
                    { number_field(dispatch, "amount", "Credit per task", "$", settings.scenario.amount.to_string(),
                        (-MAX_UI_MONEY, MAX_UI_MONEY), Action::SetAmount) }
                    { number_field(dispatch, "delay", "I/O delay", "ms", settings.scenario.delay_ms.to_string(),
                        (0, MAX_UI_MS as i64), |n| Action::SetDelay(n as u64)) }
                    { number_field(dispatch, "jitter", "Jitter ±", "ms", settings.scenario.jitter_ms.to_string(),
                        (0, MAX_UI_MS as i64), |n| Action::SetJitter(n as u64)) }
                    { number_field(dispatch, "seed", "Seed", "", settings.scenario.seed.to_string(),
                        (0, i64::MAX), |n| Action::SetSeed(n as u64)) }
                </div>
                <label class="check">
                    <input type="checkbox" checked={settings.real_timers} onchange={on_real} data-testid="real-timers" />
                    <span>{"Real timers: run on the browser's own event loop (setTimeout), not the virtual clock"}</span>
                </label>
                if settings.scenario.delays.is_some() || settings.scenario.starts.is_some() {
                    <p class="hint">{"Per-task delays or start offsets from the link are in use."}</p>
                }
            </details>

            <div class="playback" role="group" aria-label="Playback">
                <button type="button" class="primary" onclick={send(Action::PlayPause)}
                    data-testid="run" aria-keyshortcuts="Space">
                    { if playing { "❚❚ " } else { "▶ " } }{run_label}
                </button>
                <button type="button" onclick={send(Action::Step)} disabled={settings.real_timers}
                    data-testid="step" aria-keyshortcuts="ArrowRight" title="Step one event (→)">{"Step ›"}</button>
                <button type="button" onclick={send(Action::Restart)} data-testid="restart"
                    aria-keyshortcuts="R" title="Restart (R)">{"↺ Restart"}</button>
            </div>
            <div class="field speed">
                <label for="speed">{"Speed"}</label>
                <span class="speed-row">
                    <button type="button" class="small" onclick={send(Action::Slower)} aria-label="Slower" title="Slower (−)">{"−"}</button>
                    <input id="speed" type="range" min="0" max={INSTANT.to_string()} value={settings.speed.to_string()}
                        onchange={on_speed} aria-valuetext={speed_label.clone()} />
                    <button type="button" class="small" onclick={send(Action::Faster)} aria-label="Faster" title="Faster (+)">{"+"}</button>
                </span>
                <output for="speed" data-testid="speed" aria-live="off">{speed_label}</output>
            </div>
            <super::share::Share settings={settings.clone()} />
        </section>
    }
}
