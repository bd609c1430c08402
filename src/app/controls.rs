//! The control panel: lock switch, strategy, tasks, scenario, playback.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::store::{send, Dispatch};
use super::toolkit::Toolkit;
use crate::sim::{Group, Strategy};
use crate::view::handoff::Tool;
use crate::view::learner::LockSwitch;
use crate::view::settings::{Field, Settings, INSTANT, SPEEDS};
use crate::view::state::run::{PlaybackCommand, Status};
use crate::view::state::settings::{Preset, SettingsCommand, SettingsState, Speed};
use crate::view::state::{Action, Command};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub settings: Rc<SettingsState>,
    pub status: Status,
    pub dispatch: Dispatch,
    /// The learner opened the page's tools to use these controls.
    pub tools_opened: bool,
    pub open_tool: Callback<Tool>,
    /// In an embed: whether the rest of the page is shown, the toggle for
    /// it, and the link to the whole playground.
    #[prop_or_default]
    pub embed: Option<EmbedBar>,
}

/// What an embed's playback bar adds: "More" and "Open in full".
#[derive(Clone, PartialEq)]
pub struct EmbedBar {
    pub open: bool,
    pub toggle: Callback<MouseEvent>,
    pub full_link: String,
}

pub fn target_input(event: &Event) -> Option<HtmlInputElement> {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
}

pub fn change(dispatch: &Dispatch, command: SettingsCommand) {
    dispatch.dispatch(Action::Command(Command::Settings(command)));
}

/// A whole-number field: a value outside the field's range is refused with
/// a notice, and the field shows the current value again.
pub fn number_field(
    dispatch: &Dispatch,
    settings: &Settings,
    field: Field,
    label: &'static str,
    unit: &'static str,
) -> Html {
    let dispatch = dispatch.clone();
    let current = field.text(settings);
    let shown = current.clone();
    let onchange = Callback::from(move |event: Event| {
        let Some(input) = target_input(&event) else {
            return;
        };
        match field.parse(&input.value()) {
            Ok(value) => change(&dispatch, SettingsCommand::Set(field, value)),
            Err(mut notice) => {
                notice.message.push_str("; kept the previous value");
                change(&dispatch, SettingsCommand::Reject(notice));
                input.set_value(&shown);
            }
        }
    });
    let id = field.key();
    html! {
        <label class="field" for={id}>
            <span>{label}</span>
            <span class="field-input">
                <input id={id} type="text" inputmode="numeric" autocomplete="off"
                    aria-describedby={format!("{id}-range")} value={current} {onchange} />
                if !unit.is_empty() { <span class="unit">{unit}</span> }
            </span>
            <span class="sr-only" id={format!("{id}-range")}>{format!("A whole number from {}", field.range_text())}</span>
        </label>
    }
}

fn speed_label(speed: usize) -> String {
    if speed >= INSTANT {
        return "instant".to_owned();
    }
    match SPEEDS[speed] {
        1 => "1 event/s".to_owned(),
        n => format!("{n} events/s"),
    }
}

#[function_component]
pub fn Controls<T: Toolkit>(props: &ControlsProps) -> Html {
    let dispatch = props.dispatch.clone();
    let settings = &props.settings.settings;
    let strategy = settings.scenario.strategy;
    let on_strategy = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default();
            if let Ok(strategy) = value.parse::<Strategy>() {
                change(&dispatch, SettingsCommand::Strategy(strategy));
            }
        })
    };
    // The learner's program is its own strategy and task count.
    let program = T::program_facts(settings);
    // The switch flips between the bug and Solution 1 (or between the two
    // lock orders); for any other program it is neither red nor green, and
    // pressing it shows the lock. On the learner's program it lets the
    // program's locks stop tasks, or not.
    let (lock_on, neutral, switch_text, switch_title) = match program.map(|p| p.switch) {
        Some(LockSwitch::NoLock) => (
            false,
            true,
            "No lock in your program".to_owned(),
            "Your program makes no asyncio.Lock: nothing to switch (L)".to_owned(),
        ),
        Some(switch) => (
            switch == LockSwitch::On,
            false,
            format!("Lock {}", if switch == LockSwitch::On { "on" } else { "off" }),
            "Your program's locks: on, or off as if its `async with lock:` lines were not there (L)"
                .to_owned(),
        ),
        None => {
            let switch = strategy.info().switch;
            let text = match switch.on {
                Some(true) => format!("{} on", switch.label),
                Some(false) => format!("{} off", switch.label),
                None => "Switch to the lock".to_owned(),
            };
            (
                switch.on == Some(true),
                switch.on.is_none(),
                text,
                format!("{}: on or off (L)", switch.label),
            )
        }
    };
    let settings_command =
        |command: SettingsCommand| send::<MouseEvent>(&dispatch, Command::Settings(command));
    let playback =
        |command: PlaybackCommand| send::<MouseEvent>(&dispatch, Command::Playback(command));
    let run_label = match props.status {
        Status::Playing if settings.real_timers => "Stop",
        Status::Playing => "Pause",
        Status::Paused => "Resume",
        Status::Finished => "Run again",
        Status::Ready => "Run",
    };
    let speed_text = speed_label(settings.speed);
    let on_speed = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(level) = target_input(&event).and_then(|i| i.value().parse::<usize>().ok())
            {
                change(&dispatch, SettingsCommand::Speed(Speed::To(level)));
            }
        })
    };

    let embed_bar = props.embed.as_ref().map(|bar| {
        html! {
            <>
            <button type="button" class="embed-more" aria-expanded={bar.open.to_string()}
                onclick={bar.toggle.clone()} data-testid="embed-more">
                { if bar.open { "Less" } else { "More" } }
            </button>
            <a class="open-full" href={bar.full_link.clone()} target="_blank" rel="noopener"
                data-testid="open-full">{"Open in full ↗"}</a>
            </>
        }
    });

    html! {
        <section class="controls" aria-label="Controls">
            <button type="button" class={crate::app::store::class("lock-switch", &[(lock_on, "on"), (neutral, "neutral")])}
                role="switch" aria-checked={lock_on.to_string()} onclick={settings_command(SettingsCommand::ToggleLock)}
                data-testid="lock-toggle" title={switch_title} aria-keyshortcuts="L">
                <span class="lock-switch-track" aria-hidden="true"><span class="lock-switch-thumb"></span></span>
                <span class="lock-switch-text">{switch_text}</span>
                <kbd aria-hidden="true">{"L"}</kbd>
            </button>

            <div class="setup">
            if program.is_some() {
                <p class="hint program-note" data-testid="program-note">
                    {"Your program runs: it starts its own tasks, and the lock switch lets its locks stop tasks or not. A strategy or a scenario goes back to a built-in program; Edit brings your text back."}
                </p>
            }
            <label class="field" for="strategy">
                <span>{"Strategy"}</span>
                <select id="strategy" onchange={on_strategy} data-testid="strategy">
                    if program.is_some() {
                        <option value="program" selected=true>{"Your program"}</option>
                    }
                    { for Group::ALL.iter().map(|group| html! {
                        <optgroup label={group.title()}>
                            { for Strategy::ALL.iter().filter(|s| s.group() == *group).map(|s| html! {
                                <option value={s.slug()} selected={program.is_none() && *s == strategy}>{s.title()}</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
            </label>

            if let Some(program) = program {
            <div class="field-row">
                <label class="field" for="tasks">
                    <span>{"Tasks"}</span>
                    <span class="field-input">
                        <input id="tasks" type="text" readonly=true value={program.tasks.to_string()}
                            aria-describedby="tasks-set" data-testid="program-tasks" />
                    </span>
                </label>
                <p class="hint tasks-set" id="tasks-set">{"started by your program"}</p>
            </div>
            } else {
            <div class="field-row">
                { number_field(&dispatch, settings, Field::Tasks, "Tasks", "") }
                <div class="chips" role="group" aria-label="Task count presets">
                    { for [2u32, 5, 1000, 10_000].into_iter().map(|n| {
                        let active = settings.scenario.tasks == n;
                        html! {
                            <button type="button" class={crate::app::store::class("chip", &[(active, "active")])}
                                aria-pressed={active.to_string()}
                                onclick={settings_command(SettingsCommand::Set(Field::Tasks, i128::from(n)))}>
                                { if n >= 1000 { format!("{}k", n / 1000) } else { n.to_string() } }
                            </button>
                        }
                    }) }
                </div>
            </div>
            }

            <div class="presets" role="group" aria-label="The article's scenarios">
                <button type="button" class="preset" onclick={settings_command(SettingsCommand::Preset(Preset::Article))}
                    data-testid="preset-article" title="Key 1">
                    <strong>{"1000\u{202f}×\u{202f}$1"}</strong><span>{"the bug"}</span>
                </button>
                <button type="button" class="preset" onclick={settings_command(SettingsCommand::Preset(Preset::Bank))}
                    data-testid="preset-bank" title="Key 2">
                    <strong>{"5\u{202f}×\u{202f}$100"}</strong><span>{"the bank"}</span>
                </button>
                <button type="button" class="preset" onclick={settings_command(SettingsCommand::Preset(Preset::Deadlock))}
                    data-testid="preset-deadlock" title="Key 3">
                    <strong>{"2 locks"}</strong><span>{"deadlock"}</span>
                </button>
            </div>

            { T::more(&props.settings, &props.dispatch, props.tools_opened, &props.open_tool) }
            </div>

            <div class="playback" role="group" aria-label="Playback">
                // The learner as the scheduler plays each step by hand.
                if !settings.scheduler {
                <button type="button" class="primary" onclick={playback(PlaybackCommand::PlayPause)}
                    data-testid="run" aria-keyshortcuts="Space">
                    { if props.status == Status::Playing { "❚❚ " } else { "▶ " } }{run_label}
                </button>
                <button type="button" onclick={playback(PlaybackCommand::Step)} disabled={settings.real_timers}
                    data-testid="step" aria-keyshortcuts="ArrowRight" title="Step one event (→)">{"Step ›"}</button>
                <button type="button" onclick={playback(PlaybackCommand::Restart)} data-testid="restart"
                    aria-keyshortcuts="R" title="Restart (R)">{"↺ Restart"}</button>
                }
                { for embed_bar }
            </div>
            <div class="field speed">
                <label for="speed">{"Speed"}</label>
                <span class="speed-row">
                    <button type="button" class="small" onclick={settings_command(SettingsCommand::Speed(Speed::Slower))} aria-label="Slower" title="Slower (−)">{"−"}</button>
                    <input id="speed" type="range" min="0" max={INSTANT.to_string()} value={settings.speed.to_string()}
                        onchange={on_speed} aria-valuetext={speed_text.clone()} />
                    <button type="button" class="small" onclick={settings_command(SettingsCommand::Speed(Speed::Faster))} aria-label="Faster" title="Faster (+)">{"+"}</button>
                </span>
                <output for="speed" data-testid="speed" aria-live="off">{speed_text}</output>
            </div>
        </section>
    }
}
