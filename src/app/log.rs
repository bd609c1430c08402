//! The event log, in the article's words, and a calmer summary for screen readers.

use yew::prelude::*;

use crate::view::state::{AppState, Status};

pub fn view(state: &AppState) -> Html {
    let lines = &state.playback.log;
    html! {
        <section class="log" aria-label="Event log">
            <h2 class="section-title">{"Log, newest first"}</h2>
            { Html::from_html_unchecked(lines_markup(lines.iter().rev().take(40)).into()) }
        </section>
    }
}

/// The newest lines as one markup string (little code, redrawn each frame).
fn lines_markup<'a>(lines: impl Iterator<Item = &'a crate::view::playback::LogLine>) -> String {
    use std::fmt::Write;
    let mut markup = String::from(r#"<ol class="log-lines" reversed data-testid="log">"#);
    for line in lines {
        let _ = write!(
            markup,
            r#"<li class="{}"><span class="log-time">{:>5} ms</span><span>"#,
            if line.lost { "lost" } else { "" },
            line.time_ms
        );
        super::code::escape_into(&mut markup, &line.text);
        markup.push_str("</span></li>");
    }
    markup.push_str("</ol>");
    markup
}

/// One sentence that changes a few times a run, not on every event.
pub fn summary(state: &AppState) -> String {
    let expected = state.settings.scenario.clone().expected_balance();
    match (&state.status, &state.outcome) {
        (Status::Finished, Some(outcome)) => format!(
            "Run finished. {} with {} tasks: balance {}, expected {}, {} lost, {} ms of virtual time.",
            outcome.scenario.strategy.title(),
            outcome.scenario.tasks,
            outcome.final_balance,
            outcome.expected_balance,
            match outcome.lost_count() {
                1 => "1 write".to_owned(),
                n => format!("{n} writes"),
            },
            outcome.elapsed_ms
        ),
        (Status::Playing, _) => format!("Running: {} with {} tasks, expected {expected}.", state.settings.scenario.strategy.title(), state.settings.scenario.tasks),
        (Status::Paused, _) => format!("Paused at {} ms: balance {}.", state.playback.now_ms, state.playback.balance),
        _ => String::new(),
    }
}
