//! "You are the scheduler" of the learner's own program (the full app):
//! the tasks that can run, each with what its next step does and the line
//! it stops on, found by the interpreter (`view::learner::run_program_stepped`).
//!
//! The picks are the page's own (`picks=`): a move sends the new picks
//! (`SchedulerCommand::ProgramPicks`), the page's run becomes the program
//! stopped after them, and this panel shows it at its end
//! (`SchedulerCommand::ProgramShown`), so the lanes, the log, the code pane
//! and the link follow as in any run. The moves themselves are
//! `view::scheduler::program::Hand`'s.

use std::rc::Rc;

use gloo_events::EventListener;
use web_sys::{Element, HtmlElement, MouseEvent};
use yew::prelude::*;

use super::super::program::{learning, Learned, Learning};
use super::parts::{actions, send};
use super::{dom, SchedulerProps};
use crate::view::learner::ProgramOffer;
use crate::view::scheduler::keys::keys_line;
use crate::view::scheduler::program::{ended, said, Choice, Picker};
use crate::view::scheduler::session::Move;
use crate::view::scheduler::why_waiting;
use crate::view::state::SchedulerCommand;
use crate::view::text::task_name;

#[function_component(ProgramSchedulerPanel)]
pub fn program_scheduler_panel(props: &SchedulerProps) -> Html {
    let settings = &props.settings.settings;
    let dispatch = props.dispatch.clone();
    let picks: Vec<u32> = settings.picks.as_deref().unwrap_or_default().to_vec();
    let program = settings
        .program
        .map(crate::view::programs::text)
        .unwrap_or_else(|| Rc::from(""));
    // The run so far, once the interpreter has loaded (drawn again then).
    let update = use_force_update();
    let learned: Option<Rc<Learned>> =
        match learning(&program, settings, move || update.force_update()) {
            Learning::Ready(learned) => Some(learned),
            Learning::Waiting => None,
        };
    let steps = learned.as_ref().and_then(|l| l.run.steps.clone());
    // What the keys and the lanes act on, kept current by each render
    // (their listeners are set once).
    let picker = use_mut_ref(Picker::default);
    // Known once the interpreter has run the picks.
    let offered = learned
        .as_ref()
        .map(|_| steps.as_ref().map(|s| s.offers.clone()).unwrap_or_default());
    picker.borrow_mut().drawn(&picks, offered);
    // A key, a lane or a button: the hand moves, and the page is told.
    let choose = {
        let (picker, dispatch) = (picker.clone(), dispatch.clone());
        Callback::from(move |choice: Choice| {
            let moved = picker.borrow_mut().ask(choice);
            if let Some(picks) = moved {
                send(&dispatch, SchedulerCommand::ProgramPicks(picks));
            }
        })
    };
    // Keys typed faster than the page draws are made in turn, each on the
    // offers its step leaves.
    {
        let (picker, dispatch) = (picker.clone(), dispatch.clone());
        use_effect(move || {
            let moved = picker.borrow_mut().catch_up();
            if let Some(picks) = moved {
                send(&dispatch, SchedulerCommand::ProgramPicks(picks));
            }
        });
    }
    let moves = choose.reform(Choice::Move);
    // The page shows the run the picks make, at its end.
    {
        let (dispatch, learned) = (dispatch.clone(), learned.clone());
        let ready = learned.is_some();
        use_effect_with(
            (settings.picks.clone(), props.run.id, ready),
            move |&(_, run, _)| {
                if let Some(Ok(recording)) = learned.map(|l| l.recording()) {
                    send(&dispatch, SchedulerCommand::ProgramShown { run, recording });
                }
            },
        );
    }
    let listeners = use_mut_ref(Vec::<EventListener>::new);
    {
        let (moves, listeners) = (moves.clone(), listeners.clone());
        use_effect_with((), move |_| {
            dom::listen(&listeners, moves, false);
            move || listeners.borrow_mut().clear()
        });
    }
    let heading = use_node_ref();
    let panel = use_node_ref();
    {
        // A move that took away the control with the keyboard puts it on an offer.
        let (panel, heading, first) = (panel.clone(), heading.clone(), use_mut_ref(|| true));
        use_effect_with(settings.picks.clone(), move |_| {
            if !std::mem::take(&mut *first.borrow_mut()) {
                dom::refocus(panel.cast::<Element>(), heading.cast::<HtmlElement>());
            }
        });
    }
    let go = |step: Move| {
        let moves = moves.clone();
        Callback::from(move |_: MouseEvent| moves.emit(step.clone()))
    };
    let run_task = |task: u32| choose.reform(move |_: MouseEvent| Choice::Task(task));
    let leave = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| send(&dispatch, SchedulerCommand::Leave))
    };
    let hand = picker.borrow().hand.clone();
    let body = match (&learned, &steps) {
        (None, _) => html! {
            <p class="hint" data-testid="program-waiting">{"Loading Python: the interpreter comes with your first program."}</p>
        },
        (Some(learned), Some(steps)) => {
            let run = &learned.run;
            html! {
                <>
                if let Some(refused) = &steps.refused {
                    <div class="reveal" role="alert" data-testid="scheduler-error">
                        <p>{format!("This schedule cannot be played: {refused}.")}</p>
                        if hand.can_undo() {
                            <p><button type="button" class="primary" onclick={go(Move::Start)}>{"Start again"}</button></p>
                        } else {
                            <p>{"Change your program in the editor, then Run it."}</p>
                        }
                    </div>
                } else if let (None, Some(error)) = (&run.outcome, &run.error) {
                    <div class="reveal" role="alert" data-testid="scheduler-error">
                        <p>{format!("Your program cannot run: line {}: {}. Fix it in the editor, then Run it.", error.line, error.message)}</p>
                    </div>
                }
                if let Some(last) = &steps.last_step {
                    <p class="scheduler-last" data-testid="scheduler-last">{last.clone()}</p>
                }
                if let Some(ended) = ended(run) {
                    <div class="reveal" data-testid="scheduler-ended"><p>{ended}</p></div>
                }
                { offers(&steps.offers, &run_task) }
                { blocked(learned, &steps.offers) }
                </>
            }
        }
        // The interpreter could not run it at all (it failed to load).
        (Some(learned), None) => html! {
            <div class="reveal" role="alert" data-testid="scheduler-error">
                <p>{learned.run.error.as_ref().map_or_else(
                    || "Your program could not be run.".to_owned(),
                    |error| format!("Your program could not be run: {}.", error.message))}</p>
            </div>
        },
    };
    let spoken = learned.as_ref().map(|l| said(&l.run)).unwrap_or_default();
    html! {
        <section class="lesson challenge" aria-labelledby="challenge-title" data-testid="scheduler"
            data-program="true" ref={panel}>
            <p class="lesson-progress">{"You are the scheduler · your program"}</p>
            <h2 id="challenge-title" tabindex="-1" ref={heading}>{"Pick who runs next"}</h2>
            <p>{"Your program's tasks, one step each from an await to the next. Every sleep ends when you say: any order you make is one asyncio could make with the right timings."}</p>
            { body }
            { actions(&go, (hand.can_undo(), hand.can_redo()), leave, "Leave the scheduler") }
            <p class="hint" data-testid="scheduler-keys">{keys_line()}</p>
            <p class="sr-only" aria-live="polite" data-testid="scheduler-said">{spoken}</p>
        </section>
    }
}

/// The tasks that can run, each with what its step will do and where it stops.
fn offers(offers: &[ProgramOffer], run_task: &impl Fn(u32) -> Callback<MouseEvent>) -> Html {
    if offers.is_empty() {
        return html! {};
    }
    html! {
        <div class="picks" role="toolbar" aria-label="Tasks that can run: choose one to run its next step" data-testid="picks">
            { for offers.iter().map(|offer| {
                let name = offer.name();
                let onclick = run_task(offer.task);
                html! {
                    <button type="button" class="pick" key={offer.task} data-testid={format!("pick-{}", name.trim_end_matches("()"))}
                        aria-keyshortcuts={(1..=9).contains(&offer.task).then(|| offer.task.to_string())}
                        {onclick}>
                        <span class="pick-name">{name}</span>
                        <span class="pick-does">{offer.does.clone()}</span>
                        if let Some((line, code)) = &offer.stops_at {
                            <code class="pick-line">{format!("line {line}: {code}")}</code>
                        }
                        if offer.asyncio_next() {
                            <span class="pick-asyncio">{"asyncio's next"}</span>
                        }
                    </button>
                }
            }) }
        </div>
    }
}

/// The program's tasks that cannot run now, and why.
fn blocked(learned: &Learned, offers: &[ProgramOffer]) -> Html {
    let Ok(recording) = learned.recording() else {
        return html! {};
    };
    let waiting: Vec<String> = (0..recording.0.tasks())
        .filter(|&task| !offers.iter().any(|o| o.task == task + 1))
        .map(|task| {
            let why = why_waiting(
                &recording.0,
                task,
                "waiting (for a task, an event or a queue)",
            );
            format!("{} · {why}", task_name(task))
        })
        .collect();
    if waiting.is_empty() || offers.is_empty() {
        return html! {};
    }
    html! {
        <ul class="blocked" aria-label="Tasks that cannot run now">
            { for waiting.into_iter().map(|line| html! { <li>{line}</li> }) }
        </ul>
    }
}
