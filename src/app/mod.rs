//! The page. Engine -> trace -> `view::recording` -> `view::state` -> these
//! components.
//!
//! Each component takes only the sub-state it draws, so it renders only
//! when that changes: while a run plays, the scoreboard, the tasks, the
//! locks, the code and the log follow the cursor; the controls, the lesson
//! and the runs table stay as they are. Timer and task handles (the playback
//! clock, a real-timers run, listeners) live in hooks outside the reducer
//! state, and are dropped, which cancels them, when their run is replaced.

mod board;
mod clock;
mod code;
mod controls;
pub mod display;
mod effects;
mod explore;
mod help;
mod host;
mod interpreter;
mod keyboard;
mod lab;
mod lesson;
mod locks;
mod log;
mod more;
mod program;
mod results;
mod scheduler;
mod scroll;
mod share;
pub mod store;
mod tasks;
pub mod toolkit;
pub mod tools;

use std::cell::RefCell;

use yew::prelude::*;

use crate::view::handoff::{Handoff, Tool};
use crate::view::lanes::MAX_LANES;
use crate::view::state::run::Status;
use crate::view::state::settings::SettingsCommand;
use crate::view::state::{revealed, Action, AppState, Command};
use toolkit::Toolkit;

/// Up to this speed level (60 events a second) each write's banner slides in.
const SLIDE_UP_TO: usize = 6;

/// The strategy file's `//!` comment: what the learner should notice.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// What the playground handed over, when this is the full app it loaded.
    pub handoff: Handoff,
}

#[function_component]
pub fn App<T: Toolkit>(props: &AppProps) -> Html {
    let state = {
        let handoff = props.handoff.clone();
        use_reducer(move || {
            let (mut settings, mut notices) = host::settings_from_location();
            // What the playground showed about its link, it still shows here.
            for notice in &handoff.notices {
                if !notices.contains(notice) {
                    notices.push(notice.clone());
                }
            }
            if let Some(Tool::Lesson(step)) = handoff.tool {
                settings.lesson = Some(step);
            }
            // Edit: the learner's program starts as the program shown.
            if T::FULL && handoff.tool == Some(Tool::Edit) && settings.program.is_none() {
                settings.program = Some(crate::view::programs::keep(&T::edit_text(&settings)));
            }
            // The playground has played the link's run already; but a run
            // it handed over to be drawn here, it hands over playing.
            match handoff.tool {
                Some(Tool::Views { play }) => settings.autorun = play,
                Some(_) => settings.autorun = false,
                None => {}
            }
            let mut state = AppState::new(settings, notices).with_results(handoff.results);
            state.help_open = handoff.tool == Some(Tool::Help);
            // Opened on the Rust tab: the run shows where the playground stood.
            if let Some(Tool::Rust { at }) = handoff.tool.filter(|_| state.run.computing) {
                state.run = std::rc::Rc::new(state.run.paused_at(at));
            }
            state
        })
    };
    let dispatch = state.dispatcher();
    effects::use_page_effects(&state, &dispatch);
    let run = &state.run;
    clock::use_playback_clock(
        if T::FULL { "full" } else { "playground" },
        run.status == Status::Playing && !run.real_timers,
        run.id,
        state.settings().speed,
        dispatch.clone(),
    );
    effects::use_lab_runs::<T>(&state, &dispatch);
    effects::use_live_run::<T>(&state, &dispatch);
    effects::use_editor_focus::<T>(&state);
    effects::use_host_requests::<T>(&state, &dispatch);
    let open_tool = use_callback(
        (
            state.results.clone(),
            state.settings.clone(),
            dispatch.clone(),
        ),
        |tool: Tool, (results, settings, dispatch)| {
            T::open(tool, results, &settings.notices, dispatch)
        },
    );
    // The learner's program says what it expects (its serial run's end).
    let expected = match (T::FULL && state.settings().program.is_some(), run.shown()) {
        (true, Some(shown)) => shown.outcome.expected_balance,
        _ => state.settings().scenario.expected_balance(),
    };
    // Edit: the full app's editor, with the program shown as its text (the
    // playground loads the full app for it).
    let want_edit = if T::FULL {
        let (dispatch, shown) = (dispatch.clone(), state.settings.clone());
        Callback::from(move |_: ()| {
            let program = crate::view::programs::keep(&T::edit_text(&shown.settings));
            dispatch.dispatch(Action::Command(Command::Settings(SettingsCommand::Code(
                Some(program),
            ))));
        })
    } else {
        open_tool.reform(|_| Tool::Edit)
    };
    // What the playground does not draw, it hands over to the full app.
    let tasks_shown = run.shown().map_or(0, |r| r.tasks() as usize);
    let needs_views = tasks_shown > MAX_LANES
        || state.settings().scenario.strategy.info().locks.len() > 1
        || state.settings().real_timers;
    {
        let open_tool = open_tool.clone();
        // A link's autorun still waiting (to be seen) plays there too.
        let play = run.status == Status::Playing || state.autorun_waiting;
        use_effect_with((needs_views, state.help_open), move |&(views, help)| {
            if !T::FULL && help {
                open_tool.emit(Tool::Help);
            } else if !T::FULL && views {
                open_tool.emit(Tool::Views { play });
            }
        });
    }
    // Back or Forward onto a lesson step: the playground opens the lesson.
    {
        let open_tool = open_tool.clone();
        use_effect_with(state.settings().lesson, move |lesson| {
            if let (false, Some(step)) = (T::FULL, *lesson) {
                open_tool.emit(Tool::Lesson(step));
            }
        });
    }

    let settings = state.settings();
    let strategy = settings.scenario.strategy;
    // The learner's program is its own strategy: no built-in helpers.
    let program_runs = T::FULL && settings.program.is_some();
    let helpers = if program_runs {
        0
    } else {
        strategy.helper_tasks()
    };
    let in_lesson = settings.lesson;
    // In the lesson, the strategy's explanation waits until the run reveals the answer.
    let is_revealed = revealed(&state);
    let hide_answers = in_lesson.is_some() && !is_revealed;
    let asks_prediction = in_lesson
        .and_then(crate::view::lesson::step)
        .is_some_and(|step| step.question.is_some())
        && !is_revealed;
    let shown = run.shown();
    let counts = shown.map(|r| r.counts(run.cursor)).unwrap_or_default();
    let current = shown.and_then(|r| current_spot(r, run.cursor));
    let log_cursor =
        crate::view::pace::log_cursor(run.cursor, settings.speed, run.status == Status::Playing);
    let lesson_step = state.progress.step.max(1);
    let embed_open = use_state(|| false);
    let embed_bar = settings.embed.then(|| controls::EmbedBar {
        open: *embed_open,
        toggle: {
            let embed_open = embed_open.clone();
            Callback::from(move |_| embed_open.set(!*embed_open))
        },
        full_link: host::full_link(settings),
    });
    // Slow enough to read every event, the sentence follows each one;
    // faster, it follows the log's pace.
    let slow = settings.speed <= SLIDE_UP_TO;
    let said_at = if slow { run.cursor } else { log_cursor };
    // What to notice in the program: per strategy, not per frame.
    let about_html = use_memo(strategy, |strategy| {
        let info = strategy.info();
        let mut text = T::texts(*strategy).1.to_owned();
        if info.locks.is_empty() && !info.no_lock_note.is_empty() {
            text.push(' ');
            text.push_str(info.no_lock_note);
        }
        lesson::code_spans(&text)
    });
    html! {
        <div class={store::class("app", &[(settings.embed, "embed"), (*embed_open, "embed-open")])}>
            <header class="top">
                <div class="brand">
                    <h1>{"Racecourse"}</h1>
                    <p class="tagline">{"Watch async tasks lose updates, and watch the fixes work."}</p>
                </div>
                <div class="top-actions">
                if in_lesson.is_none() {
                    <button type="button" class="ghost" data-testid="lesson-start"
                        onclick={open_tool.reform(move |_| Tool::Lesson(lesson_step))}>
                        { if state.progress.step > 1 {
                            format!("Continue the lesson ({}/{})", state.progress.step, crate::view::lesson::STEP_COUNT)
                        } else {
                            "Guided lesson".to_owned()
                        } }
                    </button>
                }
                { help::help_button(&dispatch) }
                </div>
            </header>

            if !state.settings.notices.is_empty() {
                <div class="notices" role="alert" data-testid="notices">
                    <ul>
                        { for state.settings.notices.iter().map(|n| html! {
                            <li><strong>{&n.parameter}</strong>{": "}{&n.message}</li>
                        }) }
                    </ul>
                    <button type="button" class="small"
                        onclick={store::send::<MouseEvent>(&dispatch, Command::Settings(SettingsCommand::DismissNotices))}>{"Dismiss"}</button>
                </div>
            }

            <div class={store::class("layout", &[(in_lesson.is_some() || settings.scheduler, "has-lesson")])}>
                { T::lesson(&state, &dispatch) }
                <section class="status-box" aria-label="Result">
                    <board::Board ..board::BoardProps::of(run, expected,
                        asks_prediction, slow, said_at) />
                    <board::LockRows ..board::LockRowsProps::of(run, strategy, program_runs) />
                </section>
                <controls::Controls<T> settings={state.settings.clone()} status={run.status} dispatch={dispatch.clone()}
                    tools_opened={props.handoff.tool == Some(Tool::Settings)} open_tool={open_tool.clone()}
                    embed={embed_bar} />
                <main class="stage" id="main">
                    // An embed hides the page's header; its heading stays for screen readers.
                    if settings.embed {
                        <h1 class="sr-only">{format!("Racecourse: {}", if program_runs { "your program" } else { strategy.title() })}</h1>
                    }
                    <div class="view">
                        <tasks::Tasks<T> run={run.clone()} {helpers} {counts} />
                        if let Some(editor) = T::editor(&state, &dispatch) {
                            { editor }
                        } else {
                            <code::CodePane {strategy} settings={state.settings.clone()} {counts} {current}
                                hide_docs={hide_answers} about={(*about_html).clone()} rust={T::rust(strategy)} python={T::texts(strategy).0}
                                rust_first={matches!(props.handoff.tool, Some(Tool::Rust { .. }))}
                                want_rust={{ let at = run.cursor; open_tool.reform(move |_| Tool::Rust { at }) }}
                                want_edit={want_edit} />
                        }
                    </div>
                    { T::panels(run, &state.settings, &dispatch) }
                    <log::Log recording={shown.cloned()} cursor={log_cursor} />
                    <results::ResultsTable results={state.results.clone()} />
                </main>
            </div>

            <div class="sr-only" aria-live="polite" data-testid="live-summary">
                {crate::view::text::run_summary(run, settings.speed)}
            </div>
            { T::help(&state, &dispatch) }
        </div>
    }
}

/// Where the task of the newest event stands: the line the code pane marks.
fn current_spot(
    recording: &crate::view::recording::Recording,
    cursor: usize,
) -> Option<crate::view::recording::Spot> {
    let at = cursor.checked_sub(1)?;
    let task = recording.event(at)?.task;
    recording.spot_after(at, task)
}

thread_local! {
    /// How to take down the app on the page, for the full app to take over.
    static STOP: RefCell<Option<Box<dyn FnOnce()>>> = const { RefCell::new(None) };
}

/// Shows `message` in the page's `#fatal` banner (and the console): what a
/// panic leaves on screen instead of a blank or frozen page.
pub fn show_fatal(message: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(fatal) = document.get_element_by_id("fatal") {
            fatal.set_text_content(Some(message));
            let _ = fatal.remove_attribute("hidden");
        }
    }
    web_sys::console::error_1(&message.into());
}

/// Puts the app with toolkit `T` on the page, in `#app`.
pub fn mount<T: Toolkit>(handoff: Handoff) {
    // Through Yew, which would otherwise replace any hook with its own
    // console-only one when the app renders.
    yew::set_custom_panic_hook(Box::new(|info| {
        // The message alone, without the formatting machinery of the whole
        // panic report (it costs the first load a few hundred bytes).
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("an internal error");
        show_fatal(&format!(
            "Racecourse stopped: {what}. Reload the page to start again."
        ));
    }));
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    if let Some(root) = root {
        root.set_inner_html("");
        // Keys are heard from before the first render (see `keyboard`).
        let keys = keyboard::listen();
        let handle =
            yew::Renderer::<App<T>>::with_root_and_props(root, AppProps { handoff }).render();
        STOP.with(|stop| {
            *stop.borrow_mut() = Some(Box::new(move || {
                drop(keys);
                handle.destroy();
            }))
        });
    }
}

/// Takes the app off the page: its timers, workers and listeners go with it.
pub fn stop() {
    if let Some(stop) = STOP.with(|stop| stop.borrow_mut().take()) {
        stop();
    }
}
