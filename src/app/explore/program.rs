//! "All outcomes" of the learner's own program (the full app). The
//! program lab, a worker of its own ([`crate::lab::program`]), counts
//! every schedule; this panel shows its progress, then a bar per outcome.
//! Choosing a bar replays its shortest schedule in the lanes (`picks=` in
//! the link). After a change (an edit, the lock switch) the last
//! program's bars stay beside the new ones. A new program, Cancel or
//! closing the panel terminates the worker.
//!
//! With a goal (an exercise, or a teacher's `goal=`), the panel opens with
//! it: what must hold, the verdict (`goal-status`), hints and, once
//! proven, what the fix teaches; a counterexample replays in the lanes at
//! once, and the verdict is posted to a host page.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Url, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

use crate::app::store::{self, Dispatch};
use crate::view::exercises::Exercise;
use crate::view::explored::{summary_markup, ProgramSummary, Question};
use crate::view::goal::{Goal, Verdict};
use crate::view::state::settings::{SettingsCommand, SettingsState};
use crate::view::state::{Action, Command};
use crate::view::text;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Working { states: u64, runs: u64, draws: u64 },
    Done(Rc<ProgramSummary>),
    Failed(String),
    Cancelled,
}

/// The program lab's worker; dropped, it is terminated.
struct ProgramLab {
    worker: Worker,
    _listeners: [EventListener; 2],
}

impl Drop for ProgramLab {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// What the worker said, read.
fn heard(text: &str) -> Option<Phase> {
    let (kind, rest) = text.split_once(['\t', '\n']).unwrap_or((text, ""));
    match kind {
        "progress" => {
            let mut numbers = rest.split('\t').map(|n| n.parse().unwrap_or(0));
            Some(Phase::Working {
                states: numbers.next()?,
                runs: numbers.next()?,
                draws: numbers.next()?,
            })
        }
        "done" => Some(match ProgramSummary::from_text(rest) {
            Some(summary) => Phase::Done(Rc::new(summary)),
            None => Phase::Failed("the explorer's answer could not be read".to_owned()),
        }),
        "failed" => Some(Phase::Failed(rest.to_owned())),
        _ => None,
    }
}

impl ProgramLab {
    /// Starts a worker and asks it about `job`; `hear` hears each phase.
    fn start(job: &Question, hear: impl Fn(Phase) + 'static) -> Option<ProgramLab> {
        let base = web_sys::window()?.document()?.base_uri().ok()??;
        let url = Url::new_with_base("pylab_loader.js", &base).ok()?.href();
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&url, &options).ok()?;
        let hear = Rc::new(hear);
        let on_failure = Rc::clone(&hear);
        let request = job.to_text();
        let on_message = EventListener::new(&worker, "message", move |event| {
            let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|e| e.data().as_string())
            else {
                return;
            };
            if text == "ready" {
                let target = event.target().and_then(|t| t.dyn_into::<Worker>().ok());
                if let Some(worker) = target {
                    let _ = worker.post_message(&request.as_str().into());
                }
            } else if let Some(phase) = heard(&text) {
                hear(phase);
            }
        });
        let on_error = EventListener::new(&worker, "error", move |_| {
            on_failure(Phase::Failed(
                "the explorer's worker could not start".to_owned(),
            ))
        });
        Some(ProgramLab {
            worker,
            _listeners: [on_message, on_error],
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgramExploreProps {
    pub settings: Rc<SettingsState>,
    pub dispatch: Dispatch,
}

#[function_component(ProgramExplorePanel)]
pub fn program_explore_panel(props: &ProgramExploreProps) -> Html {
    let settings = &props.settings.settings;
    let program: Rc<str> = settings
        .program
        .map(crate::view::programs::text)
        .unwrap_or_else(|| Rc::from(""));
    // The variable watched: the learner's choice, else the one the
    // program lab finds as the page does.
    let job = Some(Question {
        program,
        locks_off: settings.locks_off,
        watched: settings.watch.as_deref().map(str::to_owned),
        goal: settings.goal,
    });
    let phase = use_state(|| Phase::Working {
        states: 0,
        runs: 0,
        draws: 0,
    });
    // The last program counted, and the one before it (shown beside).
    let counted = use_mut_ref(|| None::<(Question, Rc<ProgramSummary>)>);
    let before = use_mut_ref(|| None::<Rc<ProgramSummary>>);
    let lab = use_mut_ref(|| None::<ProgramLab>);
    {
        let phase = phase.clone();
        let counted = Rc::clone(&counted);
        let before = Rc::clone(&before);
        let lab = Rc::clone(&lab);
        let dispatch = props.dispatch.clone();
        use_effect_with(job.clone(), move |job| {
            phase.set(Phase::Working {
                states: 0,
                runs: 0,
                draws: 0,
            });
            // Not before the interpreter has run the program (its
            // variable watched is the run's).
            if let Some(job) = job {
                if let Some((last, summary)) = counted.borrow().as_ref() {
                    if last != job {
                        *before.borrow_mut() = Some(Rc::clone(summary));
                    }
                }
                let counted = Rc::clone(&counted);
                let hear = {
                    let phase = phase.clone();
                    let asked = job.clone();
                    move |next: Phase| {
                        if let Phase::Done(summary) = &next {
                            *counted.borrow_mut() = Some((asked.clone(), Rc::clone(summary)));
                            if let (Some(goal), Some(verdict)) = (asked.goal, &summary.verdict) {
                                crate::app::host::post_verdict(&goal, verdict);
                                // The shortest counterexample, in the lanes.
                                if let Some(picks) = verdict.picks() {
                                    dispatch.dispatch(Action::Command(Command::Settings(
                                        SettingsCommand::Counterexample(Rc::clone(picks)),
                                    )));
                                }
                            }
                        }
                        phase.set(next)
                    }
                };
                let started = ProgramLab::start(job, hear);
                if started.is_none() {
                    phase.set(Phase::Failed(
                        "this browser cannot start the explorer's worker".to_owned(),
                    ));
                }
                *lab.borrow_mut() = started;
            }
            move || drop(lab.borrow_mut().take())
        });
    }
    let cancel = {
        let phase = phase.clone();
        let lab = Rc::clone(&lab);
        Callback::from(move |_: MouseEvent| {
            drop(lab.borrow_mut().take());
            phase.set(Phase::Cancelled);
        })
    };
    let close = store::send::<MouseEvent>(
        &props.dispatch,
        Command::Settings(SettingsCommand::Explore(false)),
    );
    let before = before.borrow().clone();
    let body = match &*phase {
        Phase::Working {
            states,
            runs,
            draws,
        } => html! {
            <div class="explore-working" data-testid="explore-progress">
                <label>
                    if *draws > 0 {
                        {format!("Too many states to count every order: drawing schedules at random, {} so far", text::grouped(*draws))}
                    } else if *states == 0 {
                        {"Starting the explorer…"}
                    } else {
                        {format!("Counting every order of your program: {} merged states, {} replays", text::grouped(*states), text::grouped(*runs))}
                    }
                    <progress></progress>
                </label>
                <button type="button" class="small" onclick={cancel} data-testid="explore-cancel">{"Cancel"}</button>
            </div>
        },
        Phase::Cancelled => html! {
            <p class="hint" data-testid="explore-cancelled">{"Cancelled. Change the program, or close and open this panel, to explore again."}</p>
        },
        Phase::Failed(why) => html! {
            <p class="hint" role="alert" data-testid="explore-failed">{format!("The explorer stopped: {why}.")}</p>
        },
        Phase::Done(summary) => {
            // A bar's button replays its schedule (one listener for all).
            let dispatch = props.dispatch.clone();
            let onclick = Callback::from(move |event: MouseEvent| {
                let picks = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|e| e.closest("[data-picks]").ok().flatten())
                    .and_then(|e| e.get_attribute("data-picks"))
                    .and_then(|p| crate::view::full_links::parse_picks(&p));
                if let Some(picks) = picks {
                    dispatch.dispatch(Action::Command(Command::Settings(SettingsCommand::Picks(
                        Some(picks),
                    ))));
                    super::super::scroll::bring_into_view(".tasks");
                }
            });
            let markup = summary_markup(summary, before.as_deref());
            html! { <div {onclick}>{ Html::from_html_unchecked(markup.into()) }</div> }
        }
    };
    // The learner's own picks, as the scheduler, are not the explorer's.
    let replaying = settings.picks.as_ref().filter(|_| !settings.schedules_program()).map(|_| {
        let back = store::send::<MouseEvent>(
            &props.dispatch,
            Command::Settings(SettingsCommand::Picks(None)),
        );
        html! {
            <p class="explore-replay" data-testid="explore-replaying">
                {"The lanes replay one schedule the explorer found: one step every 10 ms of the drawing, since the explorer abstracts delays away. "}
                <button type="button" class="small" onclick={back}>{"Back to asyncio's order"}</button>
            </p>
        }
    });
    html! {
        <section class="explore" aria-labelledby="explore-title" data-testid="explorer">
            <div class="explore-head">
                <h2 id="explore-title">{"All outcomes of your program"}</h2>
                <button type="button" class="small" onclick={close} data-testid="explore-close">{"Close"}</button>
            </div>
            <p class="hint">{"Every order in which your program's tasks could run (a step runs from one await to the next), and how each order ends."}</p>
            if let Some(goal) = settings.goal {
                <GoalBox key={settings.exercise.map_or("", |e| e.id)} {goal} exercise={settings.exercise} watched={settings.watch.as_deref().map(str::to_owned)}
                    verdict={match &*phase {
                        Phase::Done(summary) => summary.verdict.clone(),
                        _ => None,
                    }}
                    working={matches!(&*phase, Phase::Working { .. })} />
            }
            { body }
            { for replaying }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GoalProps {
    goal: Goal,
    exercise: Option<&'static Exercise>,
    watched: Option<String>,
    /// The explorer's verdict, once it has one.
    verdict: Option<Verdict>,
    /// The explorer is counting.
    working: bool,
}

/// The goal, its verdict, the exercise's hints and, once proven, its lesson.
#[function_component(GoalBox)]
fn goal_box(props: &GoalProps) -> Html {
    // Hints shown so far: one more at each press (another exercise is
    // another box: its key).
    let hints = use_state(|| 0usize);
    let (status, said) = match (&props.verdict, props.working) {
        (Some(verdict), _) => (verdict.status(), verdict.text().to_owned()),
        (None, true) => ("unproven", "Checking every schedule…".to_owned()),
        (None, false) => (
            "unproven",
            "Not checked: the explorer has no answer.".to_owned(),
        ),
    };
    let title = props.exercise.map_or("Your goal", |e| e.title);
    let more = {
        let hints = hints.clone();
        Callback::from(move |_: MouseEvent| hints.set(*hints + 1))
    };
    let all_hints = props.exercise.map_or(&[][..], |e| e.hints);
    let shown = (*hints).min(all_hints.len());
    let proven = matches!(props.verdict, Some(Verdict::Proven(_)));
    html! {
        <div class="goal" data-testid="goal">
            <h3>{ if props.exercise.is_some() { format!("Fix it: {title}") } else { title.to_owned() } }</h3>
            if let Some(exercise) = props.exercise {
                <p>{exercise.task}</p>
            }
            <p class="goal-claim">{props.goal.describe(props.watched.as_deref())}</p>
            <p class={classes!("goal-status", status)} data-testid="goal-status" data-status={status}
                role="status" aria-live="polite">{said}</p>
            if !all_hints.is_empty() && !proven {
                if shown > 0 {
                    <ol class="goal-hints" data-testid="goal-hints">
                        { for all_hints[..shown].iter().map(|hint| html! { <li>{*hint}</li> }) }
                    </ol>
                }
                if shown < all_hints.len() {
                    <button type="button" class="small" onclick={more} data-testid="goal-hint">
                        {format!("Hint ({} of {})", shown + 1, all_hints.len())}
                    </button>
                }
            }
            if let (true, Some(exercise)) = (proven, props.exercise) {
                <p class="goal-lesson" data-testid="goal-lesson">{exercise.lesson}</p>
            }
        </div>
    }
}
