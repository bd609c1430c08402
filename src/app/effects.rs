//! The page's effects, as hooks: keyboard shortcuts, the address bar, Back
//! and Forward, stored lesson progress, the host page's messages, focus
//! after a lesson's reveal, and real-timers runs. Their handles live here,
//! outside the reducer state, and are dropped when they are replaced.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::host;
use super::keyboard;
use super::lab::{run_request, start_live, start_runs, Lab, LabNews};
use super::store::Dispatch;
use super::toolkit::{ProgramRecording, Toolkit};
use crate::view::goal::Goal;
use crate::view::recording::Shared;
use crate::view::state::run::Status;
use crate::view::state::settings::SettingsCommand;
use crate::view::state::{revealed, Action, AppState, Command, Happening};

/// Everything that talks to the world around the page.
#[hook]
pub fn use_page_effects(state: &AppState, dispatch: &Dispatch) {
    // Keyboard shortcuts, stored progress, the host page and Back/Forward,
    // for the page's lifetime.
    {
        let dispatch = dispatch.clone();
        let scheduler = state.settings().scheduler;
        use_effect_with((), move |_| {
            let keys = keyboard::take_keys(dispatch.clone(), !scheduler);
            if let Some(progress) = host::load_progress() {
                dispatch.dispatch(Action::Happened(Happening::Progress(progress)));
            }
            host::post_ready();
            let resize = host::ResizeReporter::start();
            let history = host::on_history(move || {
                let (settings, notices) = host::settings_from_location();
                dispatch.dispatch(Action::Happened(Happening::Load(
                    Box::new(settings),
                    notices,
                )));
            });
            move || drop((keys, resize, history))
        });
    }
    // The address bar follows the settings: a new entry for a new lesson step.
    {
        let last_lesson = use_mut_ref(|| state.settings().lesson);
        use_effect_with(state.settings.clone(), move |settings| {
            let settings = &settings.settings;
            let new_step = *last_lesson.borrow() != settings.lesson;
            *last_lesson.borrow_mut() = settings.lesson;
            host::sync_location(settings, new_step);
        });
    }
    use_effect_with(state.progress.clone(), |progress| {
        if progress.step > 0 {
            host::save_progress(progress);
        }
    });
    // Each finished run is reported to an embedding page.
    {
        let last = state.results.last().cloned();
        use_effect_with(state.results.clone(), move |_| {
            if let Some(row) = last {
                host::post_run_finished(&row);
            }
        });
    }
    // A link's autorun waits until the page is in view: an embed further
    // down a course page plays when the learner gets to it.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.autorun_waiting, move |&waiting| {
            let seen = move || dispatch.dispatch(Action::Happened(Happening::Seen));
            let watch = if waiting {
                let watch = host::when_seen(seen.clone());
                if watch.is_none() {
                    seen();
                }
                watch
            } else {
                None
            };
            move || drop(watch)
        });
    }
    // Leaving the lesson puts the keyboard on the way back into it.
    {
        let was_in_lesson = use_mut_ref(|| false);
        use_effect_with(state.settings().lesson.is_some(), move |&in_lesson| {
            let left = *was_in_lesson.borrow() && !in_lesson;
            *was_in_lesson.borrow_mut() = in_lesson;
            if left {
                focus("[data-testid=lesson-start]");
            }
        });
    }
    // After a lesson step's reveal, the way on is the Next button.
    use_effect_with(
        state.settings().lesson.is_some() && revealed(state),
        |&revealed| {
            if revealed {
                focus("[data-testid=lesson-next]");
            }
        },
    );
}

/// Leaving the editor (Close, or a built-in program chosen) puts the
/// keyboard on the Edit button that brings it back (the full app's).
#[hook]
pub fn use_editor_focus<T: Toolkit>(state: &AppState) {
    let was_editing = use_mut_ref(|| false);
    use_effect_with(state.settings().program.is_some(), move |&editing| {
        let left = std::mem::replace(&mut *was_editing.borrow_mut(), editing) && !editing;
        if T::FULL && left {
            focus("[data-testid=program-edit]");
        }
    });
}

/// The host page's requests (the full app's): `set-program` shows and runs
/// a program (checked by a goal, if it names one), `get-program` is
/// answered with the one that runs and its goal.
#[hook]
pub fn use_host_requests<T: Toolkit>(state: &AppState, dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    let asked = (state.settings().program, state.settings().goal);
    use_effect_with(asked, move |&(program, goal)| {
        let listener = T::FULL.then(web_sys::window).flatten().map(|window| {
            gloo_events::EventListener::new(&window, "message", move |event| {
                let request = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(host::host_request);
                let settings =
                    |command| dispatch.dispatch(Action::Command(Command::Settings(command)));
                match request {
                    Some(host::HostRequest::SetProgram(text, goal))
                        if text.len() <= crate::py::link::MAX_PROGRAM =>
                    {
                        let program = Some(crate::view::programs::keep(&text));
                        settings(SettingsCommand::Code(program));
                        match goal.as_deref().map(Goal::parse) {
                            Some(Ok(goal)) => settings(SettingsCommand::Goal(Some(goal))),
                            Some(Err(why)) => settings(SettingsCommand::Reject(
                                crate::view::settings::Notice::new("goal", why),
                            )),
                            None => {}
                        }
                    }
                    Some(host::HostRequest::GetProgram) => {
                        let text = program.map(crate::view::programs::text);
                        host::post_program(text.as_deref(), goal.as_ref());
                    }
                    _ => {}
                }
            })
        });
        move || drop(listener)
    });
}

/// Moves the keyboard focus to the first element matching `selector`.
pub fn focus(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// What the lab's answers mean to the page.
fn happening(news: LabNews) -> Happening {
    match news {
        LabNews::Run { id, recording } => Happening::Computed { run: id, recording },
        LabNews::Live { id, recording } => Happening::Live { run: id, recording },
        LabNews::Failed { id, why } => Happening::LabFailed { run: id, why },
    }
}

/// What the learner's run means to the page.
fn program_happening(run: u64, ran: Result<Shared, String>) -> Happening {
    match ran {
        Ok(recording) => Happening::Computed { run, recording },
        Err(why) => Happening::LabFailed {
            run: Some(run),
            why,
        },
    }
}

/// The lab computes each virtual run the page prepares. Its worker starts
/// when the learner first wants a run to move (Run, Step, or a link that
/// plays on open): the ready view needs no engine, so the engine is not in
/// the first load. From then on it computes every run as it is prepared.
///
/// The learner's own program is run here instead (`Toolkit::program_run`,
/// by the interpreter the full app loads when first needed): the lab does
/// not carry it.
#[hook]
pub fn use_lab_runs<T: Toolkit>(state: &AppState, dispatch: &Dispatch) {
    let lab = use_mut_ref(|| None::<Lab>);
    let asked = use_mut_ref(|| None::<u64>);
    // The learner's run computed once the interpreter has loaded: once per
    // run, however many times it was asked for while it loaded.
    let delivered = use_mut_ref(|| None::<u64>);
    let pending = state.run.computing.then_some(state.run.id);
    let wanted = state.run.wanted();
    let dispatch = dispatch.clone();
    let settings = state.settings().clone();
    use_effect_with((pending, wanted), move |&(pending, wanted)| {
        let Some(run) = pending else {
            return;
        };
        // The learner's program, once the interpreter has loaded if it is
        // loading now: the same run, asked again.
        let again: Box<dyn FnOnce()> = {
            let dispatch = dispatch.clone();
            let settings = settings.clone();
            let delivered = std::rc::Rc::clone(&delivered);
            Box::new(move || {
                if delivered.replace(Some(run)) == Some(run) {
                    return;
                }
                if let Some(ProgramRecording::Ready(ran)) =
                    T::program_run(&settings, Box::new(|| {}))
                {
                    dispatch.dispatch(Action::Happened(program_happening(run, ran)));
                }
            })
        };
        match T::program_run(&settings, again) {
            Some(ProgramRecording::Ready(ran)) => {
                return dispatch.dispatch(Action::Happened(program_happening(run, ran)))
            }
            Some(ProgramRecording::Waiting) => return,
            None => {}
        }
        let mut lab = lab.borrow_mut();
        if (lab.is_none() && !wanted) || *asked.borrow() == Some(run) {
            return;
        }
        *asked.borrow_mut() = Some(run);
        if lab.is_none() {
            let news = dispatch.clone();
            *lab = start_runs(move |answer| news.dispatch(Action::Happened(happening(answer))));
        }
        match lab.as_ref() {
            Some(lab) => lab.ask(run_request(false, run, &settings)),
            None => dispatch.dispatch(Action::Happened(Happening::LabFailed {
                run: Some(run),
                why: "this browser cannot start the lab worker".to_owned(),
            })),
        }
    });
}

/// A real-timers run, in a lab worker of its own (nothing else may delay
/// its timers), started when one should play and terminated with its run.
///
/// Real timers are the full app's: the playground hands a link that asks
/// for them over (see `App`), and does not carry this code.
#[hook]
pub fn use_live_run<T: Toolkit>(state: &AppState, dispatch: &Dispatch) {
    let live = state.run.real_timers && state.run.status == Status::Playing;
    let dispatch = dispatch.clone();
    let settings = state.settings().clone();
    use_effect_with((live, state.run.id), move |&(live, run)| {
        // `T::FULL` here, where the compiler drops the branch for the playground.
        let handle = (T::FULL && live).then(|| {
            host::post_run_started();
            let news = dispatch.clone();
            let lab = start_live(move |answer| news.dispatch(Action::Happened(happening(answer))));
            match &lab {
                Some(lab) => lab.ask(run_request(true, run, &settings)),
                None => dispatch.dispatch(Action::Happened(Happening::LabFailed {
                    run: Some(run),
                    why: "this browser cannot start the lab worker".to_owned(),
                })),
            }
            lab
        });
        move || drop(handle)
    });
}
