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
mod effects;
mod help;
mod host;
mod keyboard;
mod lab;
mod lesson;
mod locks;
mod log;
mod results;
mod share;
pub mod store;
mod tasks;

use yew::prelude::*;

use crate::view::state::run::Status;
use crate::view::state::settings::SettingsCommand;
use crate::view::state::{lesson_setup_changed, revealed, AppState, Command, LessonCommand};
use store::send;

/// Up to this speed level (60 events a second) each write's banner slides in.
const SLIDE_UP_TO: usize = 6;

/// The strategy file's `//!` comment: what the learner should notice.
fn about(source: &str) -> String {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let (settings, notices) = host::settings_from_location();
        AppState::new(settings, notices)
    });
    let dispatch = state.dispatcher();
    effects::use_page_effects(&state, &dispatch);
    let run = &state.run;
    clock::use_playback_clock(
        run.status == Status::Playing && !run.real_timers,
        run.id,
        state.settings().speed,
        dispatch.clone(),
    );
    effects::use_lab_runs(&state, &dispatch);
    effects::use_live_run(&state, &dispatch);

    let settings = state.settings();
    let strategy = settings.scenario.strategy;
    let in_lesson = settings.lesson;
    let revealed = revealed(&state);
    // In the lesson, the strategy's explanation waits until the run reveals the answer.
    let hide_answers = in_lesson.is_some() && !revealed;
    let counts = run
        .shown()
        .map(|r| r.counts(run.cursor))
        .unwrap_or_default();
    let log_cursor =
        crate::view::pace::log_cursor(run.cursor, settings.speed, run.status == Status::Playing);
    let final_balance = run
        .shown()
        .filter(|_| run.status == Status::Finished)
        .map(|r| r.outcome.final_balance);
    html! {
        <div class={crate::app::store::class("app", &[(settings.embed, "embed")])}>
            <header class="top">
                <div class="brand">
                    <h1>{"Racecourse"}</h1>
                    <p class="tagline">{"Watch async tasks lose updates, and watch the fixes work."}</p>
                </div>
                <div class="top-actions">
                if in_lesson.is_none() {
                    <button type="button" class="ghost" data-testid="lesson-start"
                        onclick={send::<MouseEvent>(&dispatch, Command::Lesson(LessonCommand::Go(state.progress.step.max(1))))}>
                        { if state.progress.step > 1 {
                            format!("Continue the lesson ({}/{})", state.progress.step, crate::view::lesson::STEPS.len())
                        } else {
                            "Guided lesson".to_owned()
                        } }
                    </button>
                }
                <help::HelpButton dispatch={dispatch.clone()} />
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
                        onclick={send::<MouseEvent>(&dispatch, Command::Settings(SettingsCommand::DismissNotices))}>{"Dismiss"}</button>
                </div>
            }

            <div class={crate::app::store::class("layout", &[(in_lesson.is_some(), "has-lesson")])}>
                if let Some(step) = in_lesson {
                    <lesson::Lesson {step} progress={state.progress.clone()} status={run.status}
                        {final_balance} {revealed} setup_changed={lesson_setup_changed(&state)} dispatch={dispatch.clone()} />
                }
                <board::Board ..board::BoardProps::of(run, settings.scenario.expected_balance(),
                    in_lesson.is_some(), settings.speed <= SLIDE_UP_TO) />
                <controls::Controls settings={state.settings.clone()} status={run.status} dispatch={dispatch.clone()} />
                <main class="stage" id="main">
                    if !hide_answers {
                        <p class="about">{ lesson::code_spans(&about(strategy.info().rust)) }</p>
                    }
                    <tasks::Tasks run={run.clone()} {strategy} {counts} />
                    <locks::Locks run={run.clone()} {strategy} hide_notes={hide_answers} />
                    <div class="split">
                        <code::CodePane {strategy} {counts} hide_docs={hide_answers} />
                        <log::Log recording={run.shown().cloned()} cursor={log_cursor} />
                    </div>
                    <results::ResultsTable results={state.results.clone()} />
                </main>
            </div>

            <div class="sr-only" aria-live="polite" data-testid="live-summary">
                {crate::view::text::run_summary(run)}
            </div>
            <help::HelpDialog open={state.help_open} dispatch={dispatch.clone()} />
        </div>
    }
}
