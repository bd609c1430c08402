//! The scoreboard: balance beside expected, lost writes, virtual time, and
//! the banner that explains the newest write.

use yew::prelude::*;

use crate::view::state::{ending_text, AppState, Status};

fn money(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}", if value < 0 { "−" } else { "" })
}

pub fn status_text(state: &AppState) -> String {
    if let Some(error) = &state.error {
        return format!("Cannot run: {error}");
    }
    match state.status {
        Status::Ready if state.settings.lesson.is_some() => {
            "Ready: make your prediction above, then run".to_owned()
        }
        Status::Ready => "Ready: press Run".to_owned(),
        Status::Playing if state.settings.real_timers => "Running on real timers…".to_owned(),
        Status::Playing => "Running".to_owned(),
        Status::Paused => "Paused".to_owned(),
        Status::Finished => match &state.outcome {
            Some(outcome) => format!("Finished: {}", ending_text(outcome)),
            None => "Finished".to_owned(),
        },
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

pub fn view(state: &AppState) -> Html {
    let playback = &state.playback;
    let expected = state.settings.scenario.clone().expected_balance();
    let finished = state.status == Status::Finished;
    let lost = match (&state.outcome, finished) {
        (Some(outcome), true) => outcome.lost_count(),
        _ => playback.lost,
    };
    let wrong = finished && playback.balance != expected;
    let right = finished && playback.balance == expected;
    let deadlock = finished && state.outcome.as_ref().is_some_and(|o| o.is_deadlock());
    let flash = playback.flash.as_ref().map(|flash| {
        let who = flash.task + 1;
        let read = flash
            .read_time_ms
            .map(|t| format!(" from its read at t={t} ms"))
            .unwrap_or_default();
        match flash.overwrote {
            Some((victim, value)) => html! {
                <p class="flash lost" key={playback.applied.to_string()}>
                    <strong>{format!("T{who} wrote {}", money(flash.value))}</strong>{read}
                    {", erasing "}<strong>{format!("T{}'s write of {}", victim + 1, money(value))}</strong>
                    { match flash.also_erased {
                        0 => ". That update is lost.".to_owned(),
                        more => format!(" and {more} more. Those updates are lost."),
                    } }
                </p>
            },
            None => html! {
                <p class="flash" key={playback.applied.to_string()}>
                    <strong>{format!("T{who} wrote {}", money(flash.value))}</strong>{read}{"."}
                </p>
            },
        }
    });
    html! {
        <section class="board" aria-label="Result">
            <div class={classes!("stat", "balance", wrong.then_some("wrong"), right.then_some("right"))}>
                <span class="stat-label">{"Balance"}</span>
                <span class="stat-value" data-testid="balance" data-value={playback.balance.to_string()}>
                    {money(playback.balance)}
                </span>
            </div>
            <div class="stat">
                <span class="stat-label">{"Expected"}</span>
                <span class="stat-value" data-testid="expected" data-value={expected.to_string()}>{money(expected)}</span>
            </div>
            <div class={classes!("stat", (lost > 0).then_some("wrong"))}>
                <span class="stat-label">{"Lost writes"}</span>
                <span class="stat-value" data-testid="lost" data-value={lost.to_string()}>{lost}</span>
            </div>
            <div class="stat">
                <span class="stat-label">{"Virtual time"}</span>
                <span class="stat-value" data-testid="elapsed" data-value={playback.now_ms.to_string()}>
                    {format!("{} ms", playback.now_ms)}
                </span>
            </div>
            <p class={classes!("status", deadlock.then_some("status-deadlock"))} data-testid="status"
                data-status={status_name(state.status)}>
                {status_text(state)}
                if state.status == Status::Ready && state.error.is_none() && state.settings.lesson.is_none() {
                    <span class="key-hint">{" (or Space)"}</span>
                }
            </p>
            <div class="flash-slot">{ for flash }</div>
        </section>
    }
}
