//! The scoreboard: balance beside expected, lost writes, virtual time, and
//! the banner that explains the newest write.

use yew::prelude::*;

use super::store::class;
use crate::view::recording::Flash;
use crate::view::state::run::{RunState, Status};
use crate::view::text::{money, status_text, task_name};

/// What the scoreboard shows: the board renders only when one of these
/// changes, not on every frame of a run.
#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub balance: i64,
    pub expected: i64,
    pub lost: usize,
    pub now_ms: u64,
    pub status: Status,
    pub status_text: String,
    /// The run stopped in a deadlock.
    pub deadlock: bool,
    /// Show "(or Space)" beside a run that is ready.
    pub key_hint: bool,
    pub flash: Option<Flash>,
    /// A new key restarts the banner's slide-in.
    pub flash_key: usize,
}

impl BoardProps {
    /// The board for `run` now. With `animate`, each write's banner slides in.
    pub fn of(run: &RunState, expected: i64, in_lesson: bool, animate: bool) -> Self {
        let cursor = run.cursor;
        let shown = run.shown();
        let finished = run.status == Status::Finished;
        Self {
            balance: shown.map_or(0, |r| r.balance(cursor)),
            expected,
            lost: shown.map_or(0, |r| r.lost_so_far(cursor)),
            now_ms: shown.map_or(0, |r| r.now_ms(cursor)),
            status: run.status,
            status_text: status_text(run, in_lesson),
            deadlock: finished && shown.is_some_and(|r| r.outcome.is_deadlock()),
            key_hint: run.status == Status::Ready && run.recording.is_ok() && !in_lesson,
            flash: shown.and_then(|r| r.flash(cursor)),
            flash_key: if animate { cursor } else { 0 },
        }
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Ready => "ready",
        Status::Playing => "playing",
        Status::Paused => "paused",
        Status::Finished => "finished",
    }
}

/// The banner for the newest write. A new key per write restarts its
/// slide-in; at speeds no one can follow, it stays put and changes its text.
fn flash_view(flash: &Flash, key: usize) -> Html {
    let read = format!(" from its read at t={} ms", flash.read_time_ms);
    let wrote = format!("{} wrote {}", task_name(flash.task), money(flash.value));
    match flash.erased {
        Some((victim, value, _)) => html! {
            <p class="flash lost" {key}>
                <strong>{wrote}</strong>{read}
                {", erasing "}<strong>{format!("{}'s write of {}", task_name(victim), money(value))}</strong>
                { match flash.also_erased {
                    0 => ". That update is lost.".to_owned(),
                    more => format!(" and {more} more. Those updates are lost."),
                } }
            </p>
        },
        None => html! {
            <p class="flash" {key}><strong>{wrote}</strong>{read}{"."}</p>
        },
    }
}

/// One figure; `data-value` carries it unformatted, for tests and scripts.
fn stat(
    label: &'static str,
    testid: &'static str,
    value: String,
    shown: String,
    class: String,
) -> Html {
    html! {
        <div {class}>
            <span class="stat-label">{label}</span>
            <span class="stat-value" data-testid={testid} data-value={value}>{shown}</span>
        </div>
    }
}

#[function_component(Board)]
pub fn board(props: &BoardProps) -> Html {
    let finished = props.status == Status::Finished;
    let wrong = finished && props.balance != props.expected;
    let right = finished && props.balance == props.expected;
    let flash = props.flash.as_ref().map(|f| flash_view(f, props.flash_key));
    html! {
        <section class="board" aria-label="Result">
            { stat("Balance", "balance", props.balance.to_string(), money(props.balance),
                class("stat balance", &[(wrong, "wrong"), (right, "right")])) }
            { stat("Expected", "expected", props.expected.to_string(), money(props.expected), "stat".to_owned()) }
            { stat("Lost writes", "lost", props.lost.to_string(), props.lost.to_string(),
                class("stat", &[(props.lost > 0, "wrong")])) }
            { stat("Virtual time", "elapsed", props.now_ms.to_string(), format!("{} ms", props.now_ms), "stat".to_owned()) }
            <p class={class("status", &[(props.deadlock, "status-deadlock")])} data-testid="status"
                data-status={status_name(props.status)}>
                {props.status_text.clone()}
                if props.key_hint {
                    <span class="key-hint">{" (or Space)"}</span>
                }
            </p>
            <div class="flash-slot">{ for flash }</div>
        </section>
    }
}
