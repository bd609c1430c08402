//! The page. Engine -> trace -> `view::state` -> these components.
//!
//! Timer and task handles (the playback interval, a real-timers run, the
//! keyboard listener) live in hooks outside the reducer state, and are
//! dropped, which cancels them, when a run ends or is replaced.

mod board;
mod code;
mod controls;
mod host;
mod keyboard;
mod lesson;
pub mod live;
mod locks;
mod log;
mod results;
mod share;
pub mod store;
mod tasks;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::view::code_lines::tasks_at_spots;
use crate::view::state::{Action, AppState, Status};
use code::CodePane;
use live::{now_ms, LiveCallbacks, LiveRun};
use results::Results;
use store::Store;

/// The strategy file's `//!` comment: what the learner should notice.
fn about(source: &str) -> String {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text with its `code` spans set as code.
pub(crate) fn code_spans(text: &str) -> Vec<Html> {
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
        let (settings, notices) = host::settings_from_location();
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

    // The host page, the address bar, Back/Forward and stored lesson progress.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            if let Some(progress) = host::load_progress() {
                dispatch.dispatch(Action::LoadProgress(progress));
            }
            host::post_ready();
            let resize = host::ResizeReporter::start();
            let history = host::on_history(move || {
                let (settings, notices) = host::settings_from_location();
                dispatch.dispatch(Action::Load(settings, notices));
            });
            move || drop((resize, history))
        });
    }
    {
        let last_lesson = use_mut_ref(|| state.settings.lesson);
        use_effect_with(state.settings.clone(), move |settings| {
            let new_step = *last_lesson.borrow() != settings.lesson;
            *last_lesson.borrow_mut() = settings.lesson;
            host::sync_location(settings, new_step);
        });
    }
    use_effect_with(state.progress.clone(), |progress| {
        if progress.step > 0 {
            host::save_progress(progress);
        }
    });
    {
        let last = state.results.last().cloned();
        use_effect_with(state.results.len(), move |_| {
            if let Some(row) = last {
                host::post_run_finished(&row);
            }
        });
    }

    // After a lesson step's reveal, the way on is the Next button.
    use_effect_with(
        state.settings.lesson.is_some() && state.revealed(),
        |&revealed| {
            if revealed {
                let next = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("[data-testid=lesson-next]").ok().flatten())
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
                if let Some(next) = next {
                    let _ = next.focus();
                }
            }
        },
    );

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
        use_effect_with((live, state.run_id), move |&(live, run_id)| {
            let run = live.then(|| {
                let on_events = dispatch.clone();
                let on_finished = dispatch.clone();
                LiveRun::start(
                    scenario,
                    LiveCallbacks {
                        events: Box::new(move |events| {
                            on_events.dispatch(Action::LiveEvents {
                                run: run_id,
                                events,
                            })
                        }),
                        finished: Box::new(move |outcome| {
                            on_finished.dispatch(Action::LiveFinished {
                                run: run_id,
                                outcome: Rc::new(outcome),
                            })
                        }),
                    },
                )
            });
            move || drop(run)
        });
    }

    // The help is a native modal <dialog>: it keeps focus inside, makes the
    // page behind inert, and closes on Escape. Closing returns focus to the
    // button that opened it.
    let help_dialog = use_node_ref();
    let help_button = use_node_ref();
    {
        let help_dialog = help_dialog.clone();
        let help_button = help_button.clone();
        let dispatch = dispatch.clone();
        use_effect_with(state.help_open, move |&open| {
            let dialog = help_dialog.cast::<web_sys::HtmlDialogElement>();
            let listener = dialog.as_ref().map(|dialog| {
                gloo_events::EventListener::new(dialog, "close", move |_| {
                    dispatch.dispatch(Action::CloseHelp);
                })
            });
            if let Some(dialog) = &dialog {
                if open && !dialog.open() {
                    let _ = dialog.show_modal();
                } else if !open && dialog.open() {
                    dialog.close();
                    if let Some(button) = help_button.cast::<web_sys::HtmlElement>() {
                        let _ = button.focus();
                    }
                }
            }
            move || drop(listener)
        });
    }

    let send = |action: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(action.clone()))
    };
    let at_spots = tasks_at_spots(&state.playback.tasks);
    let embed = state.settings.embed;
    // In the lesson, the strategy's explanation waits until the run reveals the answer.
    let hide_answers = state.settings.lesson.is_some() && !state.revealed();

    html! {
        <div class={classes!("app", embed.then_some("embed"))}>
            <header class="top">
                <div class="brand">
                    <h1>{"Racecourse"}</h1>
                    <p class="tagline">{"Watch async tasks lose updates, and watch the fixes work."}</p>
                </div>
                <div class="top-actions">
                if state.settings.lesson.is_none() {
                    <button type="button" class="ghost" onclick={send(Action::LessonGo(state.progress.step.max(1)))}
                        data-testid="lesson-start">
                        { if state.progress.step > 1 { format!("Continue the lesson ({}/{})", state.progress.step, crate::view::lesson::STEPS.len()) } else { "Guided lesson".to_owned() } }
                    </button>
                }
                <button type="button" class="ghost keys" ref={help_button} onclick={send(Action::ToggleHelp)}
                    aria-keyshortcuts="?" aria-label="Keyboard shortcuts" data-testid="help-button">
                    <span class="keys-word">{"Keyboard "}</span><kbd>{"?"}</kbd>
                </button>
                </div>
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

            <div class={classes!("layout", state.settings.lesson.is_some().then_some("has-lesson"))}>
                { lesson::view(state, &dispatch) }
                { board::view(state) }
                { controls::view(state, &dispatch) }
                <main class="stage" id="main">
                    if !hide_answers {
                        <p class="about">{ for code_spans(&about(state.settings.scenario.strategy.rust_source())) }</p>
                    }
                    { tasks::view(state) }
                    { locks::view(state) }
                    <div class="split">
                        <CodePane strategy={state.settings.scenario.strategy} {at_spots} hide_docs={hide_answers} />
                        { log::view(state) }
                    </div>
                    <Results rows={state.results.clone()} />
                </main>
            </div>

            <div class="sr-only" aria-live="polite" data-testid="live-summary">{log::summary(state)}</div>

            <dialog class="help" ref={help_dialog} aria-labelledby="help-title" data-testid="help">
                <h2 id="help-title">{"Keyboard"}</h2>
                { Html::from_html_unchecked(keyboard::shortcuts_markup().into()) }
                <p class="muted">{"Every control is also reachable with Tab."}</p>
                <button type="button" autofocus=true onclick={send(Action::CloseHelp)}>{"Close"}</button>
            </dialog>
        </div>
    }
}
