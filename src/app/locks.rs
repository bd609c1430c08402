//! The deadlock panel, for programs that take two locks: the wait-for
//! cycle once the run is stuck in one. Its space is kept from the start,
//! so the drawing appearing at the end of a run moves nothing on the page.

use std::fmt::Write;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{Deadlock, Ending, LockName, Strategy};
use crate::view::markup::{escape, px};
use crate::view::state::run::{RunState, Status};
use crate::view::text::task_name;

#[derive(Properties, PartialEq)]
pub struct DeadlockProps {
    pub run: Rc<RunState>,
    pub strategy: Strategy,
    /// The learner's own program runs: the panel is for a run that took
    /// two locks or more, whatever the strategy chosen before.
    pub program: bool,
}

#[function_component(DeadlockPanel)]
pub fn deadlock_panel(props: &DeadlockProps) -> Html {
    let locks = if props.program {
        let shown = props.run.shown();
        LockName::ALL
            .into_iter()
            .filter(|&lock| shown.is_some_and(|r| r.uses(lock)))
            .count()
    } else {
        props.strategy.info().locks.len()
    };
    if locks < 2 {
        return html! {};
    }
    let deadlock = match (props.run.status, props.run.shown().and_then(|r| r.ending())) {
        (Status::Finished, Some(Ending::Deadlock(deadlock))) => Some(deadlock),
        _ => None,
    };
    html! {
        <section class="deadlock-panel" aria-label="Deadlock">
            { match deadlock {
                Some(deadlock) => deadlock_view(deadlock),
                None => html! {
                    <p class="muted deadlock-wait">
                        {"Two locks. If every task left is queued for a lock that another of them holds, \
                          no task can ever go on: the cycle of who waits for whom is drawn here."}
                    </p>
                },
            } }
        </section>
    }
}

/// The ring's arrows and nodes as SVG markup: task -> lock -> task -> ...
fn cycle_svg(deadlock: &Deadlock) -> String {
    let cycle = &deadlock.cycle;
    let nodes = cycle.len() * 2;
    let (cx, cy, r) = (150.0, 110.0, 78.0);
    let at = |i: usize| {
        let angle = std::f64::consts::TAU * i as f64 / nodes as f64 - std::f64::consts::FRAC_PI_2;
        // The browser's Math, not a second copy of libm in the download.
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
            wait.lock.name().to_owned()
        }
    };
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
            px(x1 + dx * trim),
            px(y1 + dy * trim),
            px(x2 - dx * trim),
            px(y2 - dy * trim),
            px((x1 + x2) / 2.0 + dy * 0.18),
            px((y1 + y2) / 2.0 - dx * 0.18),
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
            px(x - 32.0),
            px(y - 14.0),
            px(x),
            px(y + 5.0),
            escape(&label(i))
        );
    }
    svg
}

fn deadlock_view(deadlock: &Deadlock) -> Html {
    if deadlock.cycle.is_empty() {
        return html! {};
    }
    html! {
        <div class="deadlock" data-testid="deadlock" role="group" aria-label="Deadlock">
            <svg viewBox="0 0 300 220" class="cycle" role="img" aria-label={format!("Deadlock: {deadlock}")}>
                { Html::from_html_unchecked(cycle_svg(deadlock).into()) }
            </svg>
            <div>
                <p class="deadlock-title"><strong>{"Deadlock."}</strong>{" No task can go on, and no timer will wake one: asyncio would hang here forever."}</p>
                <p>{deadlock.to_string()}{"."}</p>
                if deadlock.stuck.len() > deadlock.cycle.len() {
                    <p class="muted">{format!("{} more tasks wait behind them.", deadlock.stuck.len() - deadlock.cycle.len())}</p>
                }
                <p class="hint">{"The fix: take the locks in one order everywhere (strategy “Consistent lock order”)."}</p>
            </div>
        </div>
    }
}
