//! "You are the scheduler" (the full app only): the learner picks which
//! task runs each step, freely or in a challenge's level.
//!
//! The session (picks, redo, tries, hints, levels won) is
//! `view::scheduler::session`, a pure reducer; this panel draws it, turns
//! keys and clicks into its moves, and tells the page the picks and the
//! run they make (`SchedulerCommand::Picks`), so the link, the lanes, the
//! log and the code follow as in any run, and the lab is not asked.

mod dom;
mod parts;
pub mod program;

use std::rc::Rc;

use gloo_events::EventListener;
use web_sys::{Element, HtmlElement, MouseEvent};
use yew::prelude::*;

use super::lesson::code_spans;
use super::store::Dispatch;
use crate::sim::TaskId;
use crate::view::challenge::Done;
use crate::view::recording::Shared;
use crate::view::scheduler::keys::keys_line;
use crate::view::scheduler::said;
use crate::view::scheduler::session::{Move, Session};
use crate::view::state::run::RunState;
use crate::view::state::settings::SettingsState;
use crate::view::state::SchedulerCommand;

impl Reducible for Session {
    type Action = Move;

    fn reduce(self: Rc<Self>, step: Move) -> Rc<Self> {
        Rc::new(Session::clone(&self).apply(step))
    }
}

#[derive(Properties, PartialEq)]
pub struct SchedulerProps {
    pub settings: Rc<SettingsState>,
    pub run: Rc<RunState>,
    pub dispatch: Dispatch,
}

/// The panel is keyed by its level and program: a new one starts afresh.
#[function_component(SchedulerPanel)]
pub fn scheduler_panel(props: &SchedulerProps) -> Html {
    let settings = &props.settings.settings;
    let dispatch = props.dispatch.clone();
    let link_picks: Vec<TaskId> = settings
        .scenario
        .order
        .iter()
        .flat_map(|o| o.0.clone())
        .collect();
    let session = {
        let (program, number, picks) = (
            settings.scenario.clone(),
            settings.challenge,
            link_picks.clone(),
        );
        use_reducer(move || {
            let stored = dom::storage().and_then(|s| s.get_item(dom::DONE_KEY).ok().flatten());
            Session::new(
                program,
                number,
                picks,
                Done::decode(&stored.unwrap_or_default()),
            )
        })
    };
    let moves = session.dispatcher();
    // The page's run and link follow the picks (and a new run of the page's
    // is the picks' again). The picks sent and not yet seen back in the
    // link, oldest first: the link catches up a render later, so keys typed
    // fast reach it after picks made since (which are not Back or Forward).
    let sent = use_mut_ref(|| vec![link_picks.clone()]);
    {
        let (dispatch, sent, played) = (dispatch.clone(), sent.clone(), session.played.clone());
        use_effect_with((session.picks.clone(), props.run.id), move |(picks, _)| {
            if let Ok(played) = &*played {
                sent.borrow_mut().push(picks.clone());
                let run = Shared(Rc::clone(&played.recording));
                parts::send(
                    &dispatch,
                    SchedulerCommand::Picks {
                        picks: picks.clone(),
                        run,
                    },
                );
            }
        });
    }
    // Picks from elsewhere (Back or Forward) are followed; the link
    // catching up with picks sent is not from elsewhere.
    {
        let (moves, sent) = (moves.clone(), sent.clone());
        use_effect_with(link_picks, move |picks: &Vec<TaskId>| {
            let mut sent = sent.borrow_mut();
            match sent.iter().position(|earlier| earlier == picks) {
                Some(at) => {
                    sent.drain(..at);
                }
                None => {
                    sent.clear();
                    sent.push(picks.clone());
                    moves.dispatch(Move::Follow(picks.clone()));
                }
            }
        });
    }
    // Levels won are kept. Private browsing may refuse storage; the levels work without it.
    use_effect_with(session.done.clone(), |done: &Done| {
        if let Some(storage) = dom::storage().filter(|_| !done.0.is_empty()) {
            let _ = storage.set_item(dom::DONE_KEY, &done.encode());
        }
    });
    let number = session.level;
    let listeners = use_mut_ref(Vec::<EventListener>::new);
    {
        // The keys (`view::scheduler::keys`), taken before the page's own,
        // which would otherwise step or restart a run nobody plays; and a
        // click on a task's lane picks it. Fixed for the panel's life.
        let (moves, listeners) = (moves.clone(), listeners.clone());
        use_effect_with((), move |_| {
            let moves = Callback::from(move |step| moves.dispatch(step));
            dom::listen(&listeners, moves, number.is_some());
            move || listeners.borrow_mut().clear()
        });
    }
    let heading = use_node_ref();
    {
        // A new level puts the keyboard (and a screen reader) on its title;
        // not in an embed, whose host page must not be scrolled to it.
        let (heading, embed) = (heading.clone(), settings.embed);
        use_effect_with(number, move |number| {
            if let Some(heading) = heading
                .cast::<HtmlElement>()
                .filter(|_| number.is_some() && !embed)
            {
                let _ = heading.focus();
            }
        });
    }
    let panel = use_node_ref();
    {
        let (panel, heading, first) = (panel.clone(), heading.clone(), use_mut_ref(|| true));
        use_effect_with(
            (session.picks.clone(), session.hints, session.gave_up),
            move |_| {
                if !std::mem::take(&mut *first.borrow_mut()) {
                    dom::refocus(panel.cast::<Element>(), heading.cast::<HtmlElement>());
                }
            },
        );
    }

    let go = |step: Move| parts::go(&moves, step);
    let leave = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| parts::send(&dispatch, SchedulerCommand::Leave))
    };
    let title = match session.level() {
        Some(level) => html! {
            <>
            <h2 id="challenge-title" tabindex="-1" ref={heading.clone()} data-testid="challenge">{level.title}</h2>
            <p class="challenge-goal" data-testid="challenge-goal"><strong>{"Goal: "}</strong>{code_spans(level.goal_text)}</p>
            </>
        },
        None => html! {
            <>
            <h2 id="challenge-title" tabindex="-1" ref={heading.clone()}>{"Pick who runs next"}</h2>
            <p>{"You decide which task runs each step, as asyncio's event loop would: a step runs a task from one await to the next. Any order you make is one asyncio could make with the right timings."}</p>
            </>
        },
    };
    let body = match &*session.played {
        Err(why) => html! {
            <div class="reveal" role="alert" data-testid="scheduler-error">
                <p>{format!("This schedule cannot be played: {why}.")}</p>
                <p>
                    if session.picks.is_empty() {
                        <button type="button" onclick={leave.clone()}>{"Leave the scheduler"}</button>
                    } else {
                        <button type="button" class="primary" onclick={go(Move::Start)}>{"Start again"}</button>
                    }
                </p>
            </div>
        },
        Ok(played) => html! {
            <>
            { parts::outcome(&session, played, &dispatch) }
            { parts::offers(played, &moves) }
            </>
        },
    };
    html! {
        <section class="lesson challenge" aria-labelledby="challenge-title" data-testid="scheduler" ref={panel}>
            <p class="lesson-progress">{said::progress_line(&session)}</p>
            { title }
            { body }
            { parts::actions(&go, (session.can_undo(), session.can_redo()), leave,
                if session.level.is_some() { "Leave the challenges" } else { "Leave the scheduler" }) }
            { parts::hints(&session, &moves) }
            { parts::levels(&session, &dispatch) }
            <p class="hint" data-testid="scheduler-keys">{keys_line()}</p>
            <p class="sr-only" aria-live="polite" data-testid="scheduler-said">{said::said(&session)}</p>
        </section>
    }
}
