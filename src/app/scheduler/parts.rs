//! The scheduler panel's parts, drawn from its session: where the level
//! stands and what it teaches, the tasks that can run (and those that
//! cannot), the hints, and the list of levels.

use yew::prelude::*;

use super::super::lesson::code_spans;
use super::super::store::Dispatch;
use crate::view::challenge::{self, level, reason, Status, LEVELS};
use crate::view::scheduler::said;
use crate::view::scheduler::session::{Move, Session};
use crate::view::scheduler::Played;
use crate::view::state::{Action, Command, SchedulerCommand};
use crate::view::text::task_name;

pub type Moves = UseReducerDispatcher<Session>;

pub fn send(dispatch: &Dispatch, command: SchedulerCommand) {
    dispatch.dispatch(Action::Command(Command::Scheduler(command)));
}

/// A button's click making `step`.
pub fn go(moves: &Moves, step: Move) -> Callback<MouseEvent> {
    let moves = moves.clone();
    Callback::from(move |_: MouseEvent| moves.dispatch(step.clone()))
}

/// A click opening level `number` (its link is for a new tab).
fn open_level(dispatch: &Dispatch, number: u32) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |event: MouseEvent| {
        event.prevent_default();
        if let Some(level) = level(number) {
            let program = Box::new(level.scenario());
            let level = Some(number);
            send(&dispatch, SchedulerCommand::Open { program, level });
        }
    })
}

/// Undo, Redo, Back to the start and Leave, with their keys: `go` makes a
/// move; `leave_label` says what Leave leaves.
pub fn actions(
    go: &impl Fn(Move) -> Callback<MouseEvent>,
    (can_undo, can_redo): (bool, bool),
    leave: Callback<MouseEvent>,
    leave_label: &'static str,
) -> Html {
    html! {
        <div class="challenge-actions">
            <button type="button" onclick={go(Move::Undo)} disabled={!can_undo} data-testid="undo"
                aria-keyshortcuts="U Backspace">{"↶ Undo"}</button>
            <button type="button" onclick={go(Move::Redo)} disabled={!can_redo} data-testid="redo"
                aria-keyshortcuts="Shift+U">{"↷ Redo"}</button>
            <button type="button" onclick={go(Move::Start)} disabled={!can_undo} data-testid="back-to-start"
                aria-keyshortcuts="R">{"⇤ Back to the start"}</button>
            <button type="button" class="ghost" onclick={leave} data-testid="scheduler-leave">{leave_label}</button>
        </div>
    }
}

/// Where the level stands, and, once decided, why and what it teaches.
pub fn outcome(session: &Session, played: &Played, dispatch: &Dispatch) -> Html {
    let status = session.status();
    let next = said::next_level(session).map(|(next, words)| html! {
        <button type="button" class="primary" onclick={open_level(dispatch, next)} data-testid="challenge-next">{words}</button>
    });
    let rarity =
        said::rarity(session).map(|rare| html! { <p data-testid="challenge-rarity">{rare}</p> });
    let verdict = match (session.level(), status) {
        (Some(level), Some(Status::Won)) => html! {
            <div class="reveal won" data-testid="challenge-won">
                <p><strong>{reason(played)}</strong></p>
                <p>{code_spans(level.explanation)}</p>
                { for rarity }
                if let Some(next) = next {
                    { next }
                } else {
                    <p>{"That was the last level. Every control is yours now: try your own programs as the scheduler."}</p>
                }
            </div>
        },
        (Some(level), Some(Status::Impossible)) => html! {
            <div class="reveal" data-testid="challenge-impossible">
                <p>{code_spans(level.explanation)}</p>
                if let Some(proof) = said::every_schedule(session) {
                    <p data-testid="challenge-proof">{proof}</p>
                }
                { for next }
            </div>
        },
        _ => match said::ended(session, played) {
            Some(ended) => html! { <div class="reveal"><p>{ended}</p>{ for rarity }</div> },
            None => html! {},
        },
    };
    html! {
        <>
        if let Some(status) = status {
            <p class={classes!("challenge-status", status.key())} data-testid="challenge-status" data-status={status.key()}>
                {challenge::status_line(status, played, session.picks.len(), session.possible_said)}
            </p>
        }
        { verdict }
        </>
    }
}

/// The tasks that can run, each with what its step will do, and those that cannot.
pub fn offers(played: &Played, moves: &Moves) -> Html {
    html! {
        <>
        if !played.offers.is_empty() {
            <div class="picks" role="toolbar" aria-label="Tasks that can run: choose one to run its next step" data-testid="picks">
                { for played.offers.iter().map(|offer| html! {
                    <button type="button" class="pick" key={offer.task} data-testid={format!("pick-{}", task_name(offer.task))}
                        aria-keyshortcuts={(offer.task < 9).then(|| (offer.task + 1).to_string())}
                        onclick={go(moves, Move::Pick(offer.task))}>
                        <span class="pick-name">{task_name(offer.task)}</span>
                        <span class="pick-does">{offer.does.clone()}</span>
                        if let Some(line) = &offer.stops_at {
                            <code class="pick-line">{line.clone()}</code>
                        }
                        if offer.asyncio_next {
                            <span class="pick-asyncio">{"asyncio's next"}</span>
                        }
                    </button>
                }) }
            </div>
        }
        if !played.blocked.is_empty() {
            <ul class="blocked" aria-label="Tasks that cannot run now">
                { for played.blocked.iter().map(|b| html! { <li>{format!("{} · {}", task_name(b.task), b.why)}</li> }) }
            </ul>
        }
        </>
    }
}

/// The level's hints shown so far, the next one's button, and "Can it be done at all?".
pub fn hints(session: &Session, moves: &Moves) -> Html {
    let Some(level) = session.level() else {
        return html! {};
    };
    let shown = session.hints.min(level.hints.len());
    html! {
        <>
        if shown > 0 {
            <ol class="hints" data-testid="hints">
                { for level.hints[..shown].iter().map(|hint| html! { <li>{code_spans(hint)}</li> }) }
            </ol>
        }
        <div class="challenge-actions">
            if shown < level.hints.len() {
                <button type="button" class="small" onclick={go(moves, Move::Hint)} data-testid="hint">
                    {format!("Hint ({} of {})", shown + 1, level.hints.len())}
                </button>
            }
            if matches!(session.status(), Some(Status::Playing | Status::Stuck)) {
                <button type="button" class="small" onclick={go(moves, Move::AskPossible)} data-testid="give-up">{"Can it be done at all?"}</button>
            }
        </div>
        </>
    }
}

/// Every level, linked by its name, with those done marked.
pub fn levels(session: &Session, dispatch: &Dispatch) -> Html {
    let is = |n: u32| Some(n) == session.level;
    html! {
        <details class="levels">
            <summary>{said::levels_summary(session)}</summary>
            <ol data-testid="levels">
                { for LEVELS.iter().zip(1..).map(|(level, n)| html! {
                    <li class={classes!(session.done.has(n).then_some("done"), is(n).then_some("current"))}>
                        <a href={format!("?challenge={}", level.name)} onclick={open_level(dispatch, n)} aria-current={is(n).then_some("true")}>{level.title}</a>
                        if session.done.has(n) { <span class="done-mark">{" ✓ done"}</span> }
                    </li>
                }) }
            </ol>
        </details>
    }
}
