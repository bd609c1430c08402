//! The locks: who holds each, who waits in what order, and a deadlock's cycle.

use yew::prelude::*;

use super::tasks::{n, task_name};
use crate::sim::{Ending, LockName, Strategy};
use crate::view::state::{AppState, Status};

/// How many queued tasks are drawn before "and N more".
const SHOWN: usize = 24;

fn locks_of(strategy: Strategy) -> &'static [LockName] {
    match strategy {
        Strategy::OppositeOrder | Strategy::ConsistentOrder => &[LockName::A, LockName::B],
        s if s.uses_locks() => &[LockName::Balance],
        _ => &[],
    }
}

pub fn view(state: &AppState) -> Html {
    let locks = locks_of(state.settings.scenario.strategy);
    if locks.is_empty() {
        let before_reveal = state.settings.lesson.is_some() && !state.revealed();
        let why = match state.settings.scenario.strategy {
            _ if before_reveal => "No lock.",
            Strategy::Restructure => "No lock needed: no await stands between the read and the write, so no other task can run in between.",
            Strategy::Optimistic => "No lock: a write lands only if nobody wrote since the task's read; otherwise the task reads again and retries.",
            Strategy::SingleWriter => "No lock: only the writer task ever writes the balance; the others hand it their amounts through a queue.",
            _ => "No lock: nothing stops a task from running between another task's read and its write.",
        };
        return html! {
            <section class="locks none" aria-label="Locks">
                <p>{why}</p>
            </section>
        };
    }
    let playback = &state.playback;
    html! {
        <section class="locks" aria-label="Locks">
            { for locks.iter().map(|lock| {
                let queue = playback.queue(*lock);
                let holder = playback.holder(*lock);
                html! {
                    <div class="lock" data-testid={format!("lock-{}", lock.label())}>
                        <span class="lock-name"><span class="lock-icon" aria-hidden="true"></span>{lock.label()}</span>
                        <span class="lock-holder">
                            { match holder {
                                Some(task) => html! { <>{"held by "}<span class="task-chip holding">{task_name(task)}</span></> },
                                None => html! { <span class="free">{"free"}</span> },
                            } }
                        </span>
                        <span class="lock-queue" aria-label={format!("{} waiting", queue.len())}>
                            { if queue.is_empty() { html! { <span class="muted">{"no one waiting"}</span> } } else { html! {
                                <>
                                    <span class="muted">{format!("{} waiting: ", queue.len())}</span>
                                    { for queue.iter().take(SHOWN).map(|t| html! { <span class="task-chip waiting">{task_name(*t)}</span> }) }
                                    if queue.len() > SHOWN { <span class="muted">{format!(" and {} more", queue.len() - SHOWN)}</span> }
                                </>
                            } } }
                        </span>
                    </div>
                }
            }) }
            { deadlock(state) }
        </section>
    }
}

/// The ring's arrows and nodes as SVG markup (one string: much less code in
/// the download than a node per shape). Labels are task and lock names only.
fn cycle_svg(
    nodes: usize,
    at: &dyn Fn(usize) -> (f64, f64),
    label: &dyn Fn(usize) -> String,
) -> String {
    use std::fmt::Write;
    let mut svg = String::from(
        r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head"/></marker></defs>"#,
    );
    for i in 0..nodes {
        let (x1, y1) = at(i);
        let (x2, y2) = at((i + 1) % nodes);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let trim = 30.0 / (dx * dx + dy * dy).sqrt().max(1.0);
        let verb = if i % 2 == 0 { "waits for" } else { "held by" };
        let _ = write!(
            svg,
            r#"<line class="edge" x1="{}" y1="{}" x2="{}" y2="{}" marker-end="url(#arrow)"/><text class="edge-label" x="{}" y="{}">{verb}</text>"#,
            n(x1 + dx * trim),
            n(y1 + dy * trim),
            n(x2 - dx * trim),
            n(y2 - dy * trim),
            n((x1 + x2) / 2.0 + dy * 0.18),
            n((y1 + y2) / 2.0 - dx * 0.18),
        );
    }
    for i in 0..nodes {
        let (x, y) = at(i);
        let (class, rx) = if i % 2 == 0 {
            ("node task", 14)
        } else {
            ("node lock", 4)
        };
        let _ = write!(
            svg,
            r#"<g class="{class}"><rect x="{}" y="{}" width="64" height="28" rx="{rx}"/><text x="{}" y="{}">{}</text></g>"#,
            n(x - 32.0),
            n(y - 14.0),
            n(x),
            n(y + 5.0),
            label(i)
        );
    }
    svg
}

/// The wait-for cycle as a ring: task -> lock -> task -> lock -> ...
fn deadlock(state: &AppState) -> Html {
    if state.status != Status::Finished {
        return html! {};
    }
    let Some(Ending::Deadlock(deadlock)) = state.outcome.as_ref().map(|o| &o.ending) else {
        return html! {};
    };
    let cycle = &deadlock.cycle;
    let nodes = cycle.len() * 2;
    if nodes == 0 {
        return html! {};
    }
    let (cx, cy, r) = (150.0, 110.0, 78.0);
    let at = |i: usize| {
        let angle = std::f64::consts::TAU * i as f64 / nodes as f64 - std::f64::consts::FRAC_PI_2;
        // The browser's Math, not a second copy of libm in the wasm.
        (
            cx + r * js_sys::Math::cos(angle),
            cy + r * js_sys::Math::sin(angle),
        )
    };
    // Node 2k is cycle[k].task; node 2k+1 the lock it waits for, held by the next task.
    let label = |i: usize| {
        let wait = &cycle[i / 2];
        if i % 2 == 0 {
            task_name(wait.task)
        } else {
            wait.lock.label().to_owned()
        }
    };
    html! {
        <div class="deadlock" data-testid="deadlock" role="group" aria-label="Deadlock">
            <svg viewBox="0 0 300 220" class="cycle" role="img" aria-label={format!("Deadlock: {deadlock}")}>
                { Html::from_html_unchecked(cycle_svg(nodes, &at, &label).into()) }
            </svg>
            <div>
                <p class="deadlock-title"><strong>{"Deadlock."}</strong>{" No task can go on, and no timer will wake one: asyncio would hang here forever."}</p>
                <p>{deadlock.to_string()}{"."}</p>
                if deadlock.stuck.len() > cycle.len() {
                    <p class="muted">{format!("{} more tasks wait behind them.", deadlock.stuck.len() - cycle.len())}</p>
                }
                <p class="hint">{"The fix: take the locks in one order everywhere (strategy “Consistent lock order”)."}</p>
            </div>
        </div>
    }
}
