//! The status box: balance beside expected, lost writes, the time, what the
//! run is doing, and a sentence for what just happened; then each lock's
//! holder and queue. It is where the learner looks, so the why is said here.

use yew::prelude::*;

use super::store::class;
use crate::sim::{LockName, Strategy, TaskId};
use crate::view::narration::{narrate, Detail, Narration};
use crate::view::state::run::{RunState, Status};
use crate::view::text::{grouped, money, status_text, task_name};

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
    /// The learner's program stopped before its end (an exception, a limit).
    pub stopped: bool,
    /// Show "(or Space)" beside a run that is ready.
    pub key_hint: bool,
    pub narration: Option<Narration>,
    /// A new key restarts the sentence's slide-in.
    pub narration_key: usize,
    /// The time is the browser's real clock, not the virtual one.
    pub real_timers: bool,
}

impl BoardProps {
    /// The board for `run` now. `slow`: slow enough to read every event
    /// (each sentence slides in); `asks_prediction`: a lesson step waits
    /// for the learner's guess; `said_at`: the cursor the sentence speaks
    /// for (the log's: faster than anyone reads, it changes a few times a
    /// second, not every frame).
    pub fn of(
        run: &RunState,
        expected: i64,
        asks_prediction: bool,
        slow: bool,
        said_at: usize,
    ) -> Self {
        let cursor = run.cursor;
        let shown = run.shown();
        let finished = run.status == Status::Finished;
        let detail = if slow || run.status != Status::Playing {
            Detail::Event
        } else {
            Detail::Writes
        };
        Self {
            balance: shown.map_or(0, |r| r.balance(cursor)),
            expected,
            lost: shown.map_or(0, |r| r.lost_so_far(cursor)),
            now_ms: shown.map_or(0, |r| r.now_ms(cursor)),
            status: run.status,
            status_text: status_text(run, asks_prediction),
            deadlock: finished && shown.is_some_and(|r| r.outcome.is_deadlock()),
            stopped: finished && shown.is_some_and(|r| r.stopped.is_some()),
            key_hint: run.status == Status::Ready && run.recording.is_ok() && !asks_prediction,
            narration: shown.and_then(|r| narrate(r, said_at, detail)),
            narration_key: if slow { cursor } else { 0 },
            real_timers: run.real_timers,
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
    // A deadlock is never right, whatever the balance it left.
    let wrong = finished && (props.balance != props.expected || props.deadlock || props.stopped);
    let right = finished && !wrong;
    let time_label = if props.real_timers {
        "Real time"
    } else {
        "Virtual time"
    };
    html! {
        <div class="board">
            { stat("Balance", "balance", props.balance.to_string(), money(props.balance),
                class("stat balance", &[(wrong, "wrong"), (right, "right")])) }
            { stat("Expected", "expected", props.expected.to_string(), money(props.expected), "stat".to_owned()) }
            { stat("Lost writes", "lost", props.lost.to_string(), grouped(props.lost as u64),
                class("stat", &[(props.lost > 0, "wrong")])) }
            { stat(time_label, "elapsed", props.now_ms.to_string(), format!("{} ms", grouped(props.now_ms)), "stat".to_owned()) }
            <p class={class("status", &[(props.deadlock, "status-deadlock"), (right, "status-right"), (wrong, "status-wrong")])}
                data-testid="status" data-status={status_name(props.status)}>
                {props.status_text.clone()}
                if props.key_hint {
                    <span class="key-hint">{" (or Space)"}</span>
                }
            </p>
            <div class="narration-slot">
                {
                    match &props.narration {
                        Some(n) => html! {
                            <p class={class("narration", &[(n.lost, "lost")])} key={props.narration_key} data-testid="narration">
                                {n.text.clone()}
                            </p>
                        },
                        // Before anything happens, say what this line is for.
                        None if props.status == Status::Ready => html! {
                            <p class="narration hint">
                                {"Step (→) runs one event at a time, and this line says what each one did."}
                            </p>
                        },
                        None => html! {},
                    }
                }
            </div>
        </div>
    }
}

/// How many queued tasks are named before "…".
const NAMED: usize = 8;

/// One lock as the status box shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LockRow {
    pub lock: LockName,
    pub holder: Option<TaskId>,
    pub queued: usize,
    /// The first few in the queue, first in line first.
    pub first: Vec<TaskId>,
}

#[derive(Properties, PartialEq)]
pub struct LockRowsProps {
    pub rows: Vec<LockRow>,
}

impl LockRowsProps {
    /// The locks of `strategy`, as `run` stands now; for the learner's
    /// own program (`program`), the locks its run took.
    pub fn of(run: &RunState, strategy: Strategy, program: bool) -> Self {
        let used = |lock: &LockName| run.shown().is_some_and(|r| r.uses(*lock));
        let locks: Vec<LockName> = if program {
            LockName::ALL.into_iter().filter(used).collect()
        } else {
            strategy.info().locks.to_vec()
        };
        let rows = locks
            .into_iter()
            .map(|lock| {
                let (holder, queued, first) = match run.shown() {
                    Some(r) => {
                        let queue = r.queue(lock, run.cursor);
                        let queued = queue.len();
                        (
                            r.holder(lock, run.cursor),
                            queued,
                            queue.take(NAMED).collect(),
                        )
                    }
                    None => (None, 0, Vec::new()),
                };
                LockRow {
                    lock,
                    holder,
                    queued,
                    first,
                }
            })
            .collect();
        Self { rows }
    }
}

/// Each lock on one line of fixed height: who holds it, how many queue,
/// and the first of them. A queue that grows never moves the page.
#[function_component(LockRows)]
pub fn lock_rows(props: &LockRowsProps) -> Html {
    if props.rows.is_empty() {
        return html! {};
    }
    html! {
        <div class="lock-rows" role="group" aria-label="Locks">
            { for props.rows.iter().map(|row| html! {
                <div class="lock" data-testid={format!("lock-{}", row.lock.label())}>
                    <span class="lock-name"><span class="lock-icon" aria-hidden="true"></span>{row.lock.name()}</span>
                    <span class="lock-holder">
                        { match row.holder {
                            Some(task) => html! { <>{"held by "}<span class="task-chip holding">{task_name(task)}</span></> },
                            None => html! { <span class="free">{"free"}</span> },
                        } }
                    </span>
                    <span class="lock-queue" data-testid="queue" data-queued={row.queued.to_string()}>
                        if row.queued == 0 {
                            <span class="muted">{"no one queued"}</span>
                        } else {
                            // A free lock with a queue is a hand-off: asyncio has
                            // woken the first in line, which takes the lock when
                            // it next runs (the code pane still counts it queued
                            // at `async with`, as asyncio does).
                            <span class="queue-count">{match (row.holder, row.first.first()) {
                                (None, Some(&next)) => format!("{} queued, {} next:", grouped(row.queued as u64), task_name(next)),
                                _ => format!("{} queued:", grouped(row.queued as u64)),
                            }}</span>
                            { for row.first.iter().map(|t| html! { <span class="task-chip waiting">{task_name(*t)}</span> }) }
                            if row.queued > row.first.len() { <span class="muted">{"…"}</span> }
                        }
                    </span>
                </div>
            }) }
        </div>
    }
}
