//! The event log, in the article's words, and a calmer summary for screen readers.

use yew::prelude::*;

use crate::view::state::{AppState, Status};

pub fn view(state: &AppState) -> Html {
    let lines = &state.playback.log;
    html! {
        <section class="log" aria-label="Event log">
            <h2 class="section-title">{"Log, newest first"}</h2>
            <ol class="log-lines" reversed=true data-testid="log">
                { for lines.iter().rev().take(40).map(|line| html! {
                    <li class={classes!(line.lost.then_some("lost"))}>
                        <span class="log-time">{format!("{:>5} ms", line.time_ms)}</span>
                        <span>{&line.text}</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// One sentence that changes a few times a run, not on every event.
pub fn summary(state: &AppState) -> String {
    let expected = state.settings.scenario.clone().expected_balance();
    match (&state.status, &state.outcome) {
        (Status::Finished, Some(outcome)) => format!(
            "Run finished. {} with {} tasks: balance {}, expected {}, {} writes lost, {} ms of virtual time.",
            outcome.scenario.strategy.title(),
            outcome.scenario.tasks,
            outcome.final_balance,
            outcome.expected_balance,
            outcome.lost_count(),
            outcome.elapsed_ms
        ),
        (Status::Playing, _) => format!("Running: {} with {} tasks, expected {expected}.", state.settings.scenario.strategy.title(), state.settings.scenario.tasks),
        (Status::Paused, _) => format!("Paused at {} ms: balance {}.", state.playback.now_ms, state.playback.balance),
        _ => String::new(),
    }
}
