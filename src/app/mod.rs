//! The page. Engine -> trace -> `view::state` -> these components.
//!
//! Timer and task handles (the playback interval, a real-timers run, the
//! keyboard listener) live in hooks outside the reducer state, and are
//! dropped, which cancels them, when a run ends or is replaced.

mod board;
mod code;
mod controls;
mod keyboard;
pub mod live;
mod locks;
mod log;
mod results;
pub mod store;
mod tasks;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::view::code_lines::tasks_at_spots;
use crate::view::settings::Settings;
use crate::view::state::{Action, AppState, Status};
use code::CodePane;
use live::{now_ms, LiveCallbacks, LiveRun};
use results::Results;
use store::Store;

/// Settings from the page's own link (`?tasks=5&strategy=lock`).
fn settings_from_location() -> (Settings, Vec<crate::view::settings::Notice>) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return (Settings::default(), Vec::new());
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    // URLSearchParams decodes; iterate its entries through js_sys.
    if let Ok(Some(iter)) = js_sys::try_iter(&params) {
        for entry in iter.flatten() {
            let entry = js_sys::Array::from(&entry);
            pairs.push((
                entry.get(0).as_string().unwrap_or_default(),
                entry.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The strategy file's `//!` comment (what the learner should notice), with
/// its `code` spans as code.
fn about_html(source: &str) -> Vec<Html> {
    let text = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{part.to_owned()}</code> }
            } else {
                html! { {part.to_owned()} }
            }
        })
        .collect()
}

#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| {
        let (settings, notices) = settings_from_location();
        Store(AppState::new(settings, notices))
    });
    let dispatch = store.dispatcher();
    let state = &store.0;

    // Keyboard shortcuts for the page's lifetime.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = keyboard::listen(dispatch);
            move || drop(listener)
        });
    }

    // The playback clock: only while a virtual run plays.
    let ticking = state.status == Status::Playing && !state.settings.real_timers;
    {
        let dispatch = dispatch.clone();
        use_effect_with((ticking, state.run_id), move |(ticking, _)| {
            let interval = ticking.then(|| {
                let mut last = now_ms();
                Interval::new(16, move || {
                    let now = now_ms();
                    dispatch.dispatch(Action::Tick {
                        elapsed_ms: now - last,
                    });
                    last = now;
                })
            });
            move || drop(interval)
        });
    }

    // A real-timers run, replaced or cancelled with the run it belongs to.
    let live = state.settings.real_timers && state.status == Status::Playing;
    {
        let dispatch = dispatch.clone();
        let scenario = state.settings.scenario.clone();
        use_effect_with((live, state.run_id), move |(live, _)| {
            let run = live.then(|| {
                let on_events = dispatch.clone();
                let on_finished = dispatch.clone();
                LiveRun::start(
                    scenario,
                    LiveCallbacks {
                        events: Box::new(move |events| {
                            on_events.dispatch(Action::LiveEvents(events))
                        }),
                        finished: Box::new(move |outcome| {
                            on_finished.dispatch(Action::LiveFinished(Rc::new(outcome)))
                        }),
                    },
                )
            });
            move || drop(run)
        });
    }

    // Focus the help dialog's close button when it opens.
    let help_close = use_node_ref();
    {
        let help_close = help_close.clone();
        use_effect_with(state.help_open, move |open| {
            if *open {
                if let Some(button) = help_close.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }

    let send = |action: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(action.clone()))
    };
    let at_spots = tasks_at_spots(&state.playback.tasks);
    let embed = state.settings.embed;

    html! {
        <div class={classes!("app", embed.then_some("embed"))}>
            <header class="top">
                <div class="brand">
                    <h1>{"Racecourse"}</h1>
                    <p class="tagline">{"Watch async tasks lose updates, and watch the fixes work."}</p>
                </div>
                <button type="button" class="ghost" onclick={send(Action::ToggleHelp)}
                    aria-keyshortcuts="?" data-testid="help-button">{"Keys ?"}</button>
            </header>

            if !state.notices.is_empty() {
                <div class="notices" role="alert" data-testid="notices">
                    <ul>
                        { for state.notices.iter().map(|n| html! {
                            <li><strong>{&n.parameter}</strong>{": "}{&n.message}</li>
                        }) }
                    </ul>
                    <button type="button" class="small" onclick={send(Action::DismissNotices)}>{"Dismiss"}</button>
                </div>
            }

            <div class="layout">
                { board::view(state) }
                { controls::view(state, &dispatch) }
                <main class="stage" id="main">
                    <p class="about">{ for about_html(state.settings.scenario.strategy.rust_source()) }</p>
                    { tasks::view(state) }
                    { locks::view(state) }
                    <div class="split">
                        <CodePane strategy={state.settings.scenario.strategy} {at_spots} />
                        { log::view(state) }
                    </div>
                    <Results rows={state.results.clone()} />
                </main>
            </div>

            <div class="sr-only" aria-live="polite" data-testid="live-summary">{log::summary(state)}</div>

            if state.help_open {
                <div class="help-backdrop" onclick={send(Action::CloseHelp)}></div>
                <div class="help" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help">
                    <h2 id="help-title">{"Keyboard"}</h2>
                    <dl>
                        { for keyboard::SHORTCUTS.iter().map(|(key, what)| html! {
                            <><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></>
                        }) }
                    </dl>
                    <p class="muted">{"Every control is also reachable with Tab."}</p>
                    <button type="button" ref={help_close} onclick={send(Action::CloseHelp)}>{"Close"}</button>
                </div>
            }
        </div>
    }
}
