//! The event log, in the article's words. A keyed list: while a run plays,
//! the newest lines are inserted and the oldest dropped, and the lines in
//! between are left alone (no re-parsing of the whole log every frame).

use yew::prelude::*;

use crate::view::recording::Shared;
use crate::view::text::log_line;

/// How many lines the log shows.
const LINES: usize = 40;

#[derive(Properties, PartialEq)]
pub struct LogProps {
    pub recording: Option<Shared>,
    /// The log shows the run up to here.
    pub cursor: usize,
}

#[function_component(Log)]
pub fn log(props: &LogProps) -> Html {
    let lines = props.recording.as_ref().map(|run| {
        run.log(props.cursor, LINES)
            .iter()
            .rev()
            .filter_map(|&at| log_line(run, at as usize))
            .map(|line| {
                html! {
                    <li key={line.at} class={if line.erases { "lost" } else { "" }}>
                        <span class="log-time">{format!("{:>5} ms", line.time_ms)}</span>
                        <span>{line.text}</span>
                    </li>
                }
            })
            .collect::<Html>()
    });
    html! {
        <section class="log" aria-label="Event log">
            <h2 class="section-title" id="log-title">{"Log, newest first"}</h2>
            // It scrolls, so the keyboard can reach it (and scroll it).
            <ol class="log-lines" reversed=true data-testid="log" tabindex="0" aria-labelledby="log-title">{ for lines }</ol>
        </section>
    }
}
