//! The guided lesson's panel: the step's text, the prediction, the reveal,
//! and the way back and forward.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::store::send;
use super::store::Dispatch;
use crate::sim::Ending;
use crate::view::challenge::{find, level as challenge_level};
use crate::view::lesson::{explored_answer, step, text, Progress, Question, STEP_COUNT};
use crate::view::state::run::Status;
use crate::view::state::settings::SettingsCommand;
use crate::view::state::{
    lesson_setup_changed, revealed, Action, AppState, Command, LessonCommand, SchedulerCommand,
};

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub step: u32,
    pub progress: Rc<Progress>,
    pub status: Status,
    /// The run's final balance, and whether it completed, once it has finished.
    pub final_balance: Option<i64>,
    pub completed: bool,
    /// The run is the variant the step invites (the bank step's lock).
    pub variant: bool,
    pub revealed: bool,
    pub setup_changed: bool,
    /// The page is embedded: its host page keeps the keyboard.
    pub embed: bool,
    pub dispatch: super::store::Dispatch,
}

/// Text with its `code` spans set as code.
pub fn code_spans(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{part.to_owned()}</code> }
            } else {
                html! { {part.to_owned()} }
            }
        })
        .collect()
}

/// The lesson's panel for `state`, when the page is in the lesson.
pub fn panel(state: &AppState, dispatch: &Dispatch) -> Html {
    let Some(step) = state.settings().lesson else {
        return html! {};
    };
    let run = &state.run;
    let finished = run.shown().filter(|_| run.status == Status::Finished);
    let final_balance = finished.map(|r| r.outcome.final_balance);
    let completed = finished.is_some_and(|r| r.outcome.ending == Some(Ending::Completed));
    let variant = crate::view::lesson::step(step)
        .and_then(|s| s.also)
        .is_some_and(|also| also == state.settings().scenario.strategy);
    html! {
        <Lesson {step} progress={state.progress.clone()} status={run.status} {final_balance} {completed} {variant}
            revealed={revealed(state)} setup_changed={lesson_setup_changed(state)} embed={state.settings().embed}
            dispatch={dispatch.clone()} />
    }
}

/// The learner's guess: the step runs, and a question about every order
/// opens "All outcomes" too, whose bars then show the answer. (Opened
/// after the prediction, which may set the step up afresh.)
fn predicted(dispatch: &Dispatch, guess: i64, explores: bool) {
    let command = |command| dispatch.dispatch(Action::Command(command));
    command(Command::Lesson(LessonCommand::Predict(guess)));
    if explores {
        command(Command::Settings(SettingsCommand::Explore(true)));
    }
}

#[function_component(Lesson)]
pub fn lesson(props: &LessonProps) -> Html {
    let dispatch = props.dispatch.clone();
    let number = props.step;
    // Every step change puts the keyboard (and a screen reader) on the
    // step's heading; the step's question is the next Tab stop. Not the
    // first step an embed shows: its host page keeps the keyboard.
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let first_in_embed = use_mut_ref(|| props.embed);
        use_effect_with(number, move |_| {
            if std::mem::take(&mut *first_in_embed.borrow_mut()) {
                return;
            }
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        });
    }
    // An answer about every order is in the explorer's bars, and the next
    // thing to do is choose one: they come into view with the lanes.
    {
        let explores = step(number)
            .and_then(|s| s.question)
            .is_some_and(|q| q.explores());
        use_effect_with((number, props.revealed && explores), |&(_, wanted)| {
            if wanted {
                super::scroll::bring_into_view(".explore .histogram");
            }
        });
    }
    // The explorer's questions are answered by counting every order, once
    // per step (a lesson's three tasks take well under a millisecond).
    let explored = use_memo(number, |&number| {
        let current = step(number)?;
        let question = current.question.filter(|q| q.explores())?;
        explored_answer(question, &(current.scenario)())
    });
    let (Some(current), Some(words)) = (step(number), text(number)) else {
        return html! {};
    };
    let lesson_command =
        |command: LessonCommand| send::<MouseEvent>(&dispatch, Command::Lesson(command));
    let guess = props.progress.prediction(number);
    let explores = step(number)
        .and_then(|s| s.question)
        .is_some_and(|q| q.explores());
    let on_predict = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                .and_then(|form| form.elements().named_item("prediction"))
                .and_then(|field| field.dyn_into::<HtmlInputElement>().ok())
                .map(|input| input.value())
                .unwrap_or_default();
            let cleaned: String = value
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if let Ok(number) = cleaned.parse::<i64>() {
                predicted(&dispatch, number, explores);
            }
        })
    };
    let predict = |answer: i64| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| predicted(&dispatch, answer, explores))
    };
    let running = html! {
        if props.status == Status::Playing {
            <span class="hint">{"Running…"}</span>
        }
    };
    let form = |question: Question| match question.yes_and_no() {
        None => html! {
            <form class="predict" onsubmit={on_predict.clone()}>
                <label for="prediction">{question.text()}</label>
                <span class="predict-row">
                    if question == Question::FinalBalance {
                        <span class="unit">{"$"}</span>
                    }
                    <input id="prediction" name="prediction" type="text" inputmode="numeric"
                        autocomplete="off" value={guess.map(|g| g.to_string()).unwrap_or_default()}
                        required=true pattern="-?[0-9][0-9,]*" title={if question == Question::FinalBalance { "A whole number of dollars, e.g. 1500" } else { "A whole number, e.g. 12" }}
                        data-testid="prediction" />
                    <button type="submit" class="primary">{"Predict, then run"}</button>
                </span>
                { running.clone() }
            </form>
        },
        Some((yes, no)) => html! {
            <div class="predict" role="group" aria-labelledby="finish-question">
                <span id="finish-question">{question.text()}</span>
                <span class="predict-row">
                    <button type="button" class="primary" onclick={predict(1)} data-testid="predict-yes">{yes}</button>
                    <button type="button" class="primary" onclick={predict(0)} data-testid="predict-no">{no}</button>
                </span>
                { running.clone() }
            </div>
        },
    };
    let reveal = |question: Question| {
        let answer = if question.explores() {
            *explored
        } else {
            props
                .final_balance
                .and_then(|balance| question.answer(balance, props.completed))
        };
        let text = if props.variant {
            words.also_reveal
        } else {
            words.reveal
        };
        html! {
            <div class="reveal" data-testid="reveal" role="status">
                { match (guess, answer) {
                    (Some(g), Some(a)) if g == a && !props.variant => html! {
                        <p class="verdict right">{format!("You predicted {}. Right.", question.guess_text(g))}</p>
                    },
                    (Some(g), Some(_)) if !props.variant => html! {
                        <p class="verdict">{format!("You predicted {}.", question.guess_text(g))}</p>
                    },
                    _ => html! {},
                } }
                <p>{ code_spans(text) }</p>
            </div>
        }
    };
    let total = STEP_COUNT as u32;
    let open_challenge = |number: u32| {
        let dispatch = dispatch.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            if let Some(level) = challenge_level(number) {
                let program = Box::new(level.scenario());
                let open = SchedulerCommand::Open {
                    program,
                    level: Some(number),
                };
                dispatch.dispatch(Action::Command(Command::Scheduler(open)));
            }
        })
    };
    // Step 1's reveal explains the article's "$1156"; one click runs it.
    let arrivals = (number == 1 && props.revealed).then(|| {
        let program = Box::new(crate::view::lesson::arrivals());
        send::<MouseEvent>(
            &dispatch,
            Command::Settings(SettingsCommand::Program(program)),
        )
    });
    html! {
        <section class="lesson" aria-labelledby="lesson-title" data-testid="lesson">
            <p class="lesson-progress">{format!("Guided lesson · step {number} of {total}")}</p>
            <h2 id="lesson-title" tabindex="-1" ref={heading}>{words.title}</h2>
            <p>{ code_spans(words.body) }</p>
            if !words.checklist.is_empty() {
                <ol class="checklist">
                    { for words.checklist.iter().map(|point| html! { <li>{ code_spans(point) }</li> }) }
                </ol>
            }
            if let Some(question) = current.question {
                if props.revealed { { reveal(question) } } else { { form(question) } }
            }
            if let Some(onclick) = arrivals {
                <p><button type="button" {onclick} data-testid="lesson-arrivals">
                    {format!("Run it with the tasks arriving over {} s", crate::view::program::seconds(crate::view::lesson::ARRIVALS_MS))}
                </button></p>
            }
            if let Some((number, level)) = words.challenge.and_then(|name| find(name).zip(challenge_level(find(name)?))) {
                if current.question.is_none() || props.revealed {
                    <p class="lesson-challenge">
                        <a href={format!("?challenge={}", level.name)} onclick={open_challenge(number)} data-testid="lesson-challenge">
                            {format!("Be the scheduler: level {number}, {} →", level.title)}
                        </a>
                    </p>
                }
            }
            if props.setup_changed {
                <p class="hint" data-testid="lesson-changed">
                    {"You changed this step's setup, so the run below is your own experiment. "}
                    <button type="button" class="small" onclick={lesson_command(LessonCommand::Go(number))}>
                        {"Back to this step's setup"}
                    </button>
                </p>
            }
            <nav class="lesson-nav" aria-label="Lesson steps">
                <button type="button" onclick={lesson_command(LessonCommand::Previous)} disabled={number <= 1}
                    aria-keyshortcuts="[" data-testid="lesson-back">{"← Back"}</button>
                <button type="button" onclick={lesson_command(LessonCommand::Next)} disabled={number >= total}
                    aria-keyshortcuts="]" data-testid="lesson-next">{"Next →"}</button>
                <button type="button" class="ghost" data-testid="lesson-leave" onclick={lesson_command(LessonCommand::Exit)}>{"Leave the lesson"}</button>
            </nav>
        </section>
    }
}
