//! The learner's own program (the full app): the code pane's Python,
//! editable, run by the interpreter as CPython would run it; what it
//! printed as the playback reaches each print; and the error that stopped
//! it, on its line. The run itself is drawn by the rest of the page (lanes,
//! scoreboard, log, runs table) from the recording made here.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::interpreter::Interpreter;
use super::store::Dispatch;
use crate::sim::Scenario;
use crate::view::editor::{dedent, indent, newline, shade_lines, Edit};
use crate::view::learner::{run_request, LearnerRun};
use crate::view::recording::Shared;
use crate::view::settings::Settings;
use crate::view::state::run::RunState;
use crate::view::state::settings::{SettingsCommand, SettingsState};
use crate::view::state::{Action, Command};
use crate::view::text::grouped;

/// A program run, and the recording the page plays of it (none for a
/// program that could not be read).
pub struct Learned {
    pub run: LearnerRun,
    recording: Option<Shared>,
    /// Nothing ran yet: the interpreter is loading.
    pub waiting: bool,
}

impl Learned {
    /// The recording to play, or why there is none.
    pub fn recording(&self) -> Result<Shared, String> {
        match (&self.recording, &self.run.error) {
            (Some(recording), _) => Ok(recording.clone()),
            (None, Some(error)) => Err(format!("line {}: {}", error.line, error.message)),
            (None, None) => Err("the program could not be read".to_owned()),
        }
    }
}

/// What a program run depends on: its text, the page's scenario, the
/// variable watched, the lock switch, the schedule replayed, and whether
/// the learner is its scheduler (the schedule is then theirs so far).
type RunKey = (
    Rc<str>,
    Scenario,
    Option<Rc<str>>,
    bool,
    Option<Rc<[u32]>>,
    bool,
);

/// A program run, and what it did.
type LastRun = (RunKey, Rc<Learned>);

thread_local! {
    /// The lock names kept by [`forever`].
    static NAMES: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    /// What the learner last typed, kept when they leave the editor (for
    /// a built-in program, another strategy): Edit brings it back.
    static KEPT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The last program run: the page asks for its recording and the pane
    /// for its output, and the program runs once for both.
    static LAST: RefCell<Option<LastRun>> = const { RefCell::new(None) };
}

/// `name` for as long as the page lives: the few names a learner gives
/// their locks, each kept once.
pub fn forever(name: String) -> &'static str {
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        match names.iter().find(|kept| **kept == name) {
            Some(kept) => kept,
            None => {
                let kept: &'static str = Box::leak(name.into_boxed_str());
                names.push(kept);
                kept
            }
        }
    })
}

/// The learner's text from before, if they have typed one.
pub fn kept() -> Option<String> {
    KEPT.with(|kept| kept.borrow().clone())
}

fn keep(text: &str) {
    KEPT.with(|kept| *kept.borrow_mut() = Some(text.to_owned()));
}

/// The built-in program for `scenario`, filled in, as the code pane shows it.
pub fn built_in(scenario: &Scenario) -> String {
    crate::view::program::python_from(scenario.strategy.python(), scenario)
}

/// What became of asking for the learner's run.
pub enum Learning {
    Ready(Rc<Learned>),
    /// The interpreter is loading; what was given to [`learning`] runs once
    /// it has.
    Waiting,
}

/// `program` run with the page's `settings` (once per program, scenario,
/// watched variable, lock switch and schedule), by the interpreter the
/// full app loads when first needed ([`super::interpreter`]); `then` runs
/// when it is ready, if it is not yet.
pub fn learning(program: &Rc<str>, settings: &Settings, then: impl FnOnce() + 'static) -> Learning {
    // Asked on every render: compared in place, copied only for a new run.
    let cached = LAST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|((text, scenario, watch, locks_off, picks, stepped), _)| {
                text == program
                    && *scenario == settings.scenario
                    && *watch == settings.watch
                    && *locks_off == settings.locks_off
                    && *picks == settings.picks
                    && *stepped == settings.schedules_program()
            })
            .map(|(_, learned)| Rc::clone(learned))
    });
    if let Some(learned) = cached {
        return Learning::Ready(learned);
    }
    let run = match super::interpreter::interpreter(then) {
        Interpreter::Loading => return Learning::Waiting,
        Interpreter::Failed(why) => LearnerRun::refused(why, 0, settings.locks_off),
        Interpreter::Ready => {
            let query = crate::web::query_string(&settings.run_pairs());
            let request = run_request(
                &query,
                program,
                settings.watch.as_deref(),
                settings.locks_off,
                settings.picks.as_deref(),
                settings.schedules_program(),
            );
            super::interpreter::run(&request)
                .and_then(|numbers| LearnerRun::decode(&numbers, &settings.scenario))
                .unwrap_or_else(|| {
                    LearnerRun::refused(
                        "the interpreter's answer could not be read".to_owned(),
                        0,
                        settings.locks_off,
                    )
                })
        }
    };
    let key: RunKey = (
        Rc::clone(program),
        settings.scenario.clone(),
        settings.watch.clone(),
        settings.locks_off,
        settings.picks.clone(),
        settings.schedules_program(),
    );
    let recording = run.recording().map(|recording| Shared(Rc::new(recording)));
    let learned = Rc::new(Learned {
        run,
        recording,
        waiting: false,
    });
    LAST.with(|last| *last.borrow_mut() = Some((key, Rc::clone(&learned))));
    Learning::Ready(learned)
}

/// [`learning`] for what is drawn: while the interpreter loads, a run with
/// nothing in it (the run that is drawn comes when it has).
pub fn learned(program: &Rc<str>, settings: &Settings) -> Rc<Learned> {
    match learning(program, settings, || {}) {
        Learning::Ready(learned) => learned,
        Learning::Waiting => {
            let mut run = LearnerRun::refused(String::new(), 0, settings.locks_off);
            run.error = None;
            Rc::new(Learned {
                run,
                recording: None,
                waiting: true,
            })
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgramProps {
    pub settings: Rc<SettingsState>,
    pub run: Rc<RunState>,
    pub dispatch: Dispatch,
}

fn textarea(event: &impl AsRef<web_sys::Event>) -> Option<HtmlTextAreaElement> {
    event.as_ref().target()?.dyn_into().ok()
}

/// Puts `edit` into the textarea, as if typed.
fn apply(area: &HtmlTextAreaElement, edit: &Edit) {
    area.set_value(&edit.text);
    let _ = area.set_selection_range(edit.start as u32, edit.end as u32);
}

/// How many tasks stand on each line (1-based) after `cursor` events.
fn tasks_on_lines(learned: &Learned, cursor: usize, lines: usize) -> Vec<u32> {
    let tasks = learned.recording.as_ref().map_or(0, |r| r.0.tasks());
    let mut at: Vec<Option<u32>> = vec![None; tasks as usize];
    let Some(recording) = &learned.recording else {
        return Vec::new();
    };
    let trace = &recording.0.outcome.trace;
    for (event, line) in trace.iter().zip(&learned.run.lines).take(cursor) {
        if let Some(slot) = at.get_mut(event.task as usize) {
            *slot = match event.kind {
                crate::sim::EventKind::Finished => None,
                _ => Some(*line),
            };
        }
    }
    let mut counts = vec![0; lines + 1];
    for line in at.into_iter().flatten() {
        if let Some(count) = counts.get_mut(line as usize) {
            *count += 1;
        }
    }
    counts
}

/// "line 9", "lines 9 and 14", "lines 3, 9 and 14" (`lines` in order).
fn lines_named(lines: &[u32]) -> String {
    let names: Vec<String> = lines.iter().map(u32::to_string).collect();
    match names.as_slice() {
        [one] => format!("line {one}"),
        [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

#[function_component(ProgramPane)]
pub fn program_pane(props: &ProgramProps) -> Html {
    let settings = &props.settings.settings;
    let program = settings
        .program
        .map(crate::view::programs::text)
        .unwrap_or_else(|| Rc::from(""));
    // What is typed; the program that runs changes on Run.
    let draft = use_state(|| program.to_string());
    // Escape, then Tab: the Tab leaves the editor.
    let escaped = use_mut_ref(|| false);
    {
        let draft = draft.clone();
        // The program shown is the one Edit brings back after a Close.
        use_effect_with(program.clone(), move |program| {
            keep(program);
            draft.set(program.to_string());
        });
    }
    let learned = learned(&program, settings);
    let run_it = {
        let dispatch = props.dispatch.clone();
        let draft = draft.clone();
        Callback::from(move |_: ()| {
            let program = crate::view::programs::keep(&draft);
            dispatch.dispatch(Action::Command(Command::Settings(SettingsCommand::Code(
                Some(program),
            ))));
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = textarea(&event) {
                keep(&area.value());
                draft.set(area.value());
            }
        })
    };
    let onkeydown = {
        let draft = draft.clone();
        let run_it = run_it.clone();
        Callback::from(move |event: KeyboardEvent| {
            let Some(area) = textarea(&event) else {
                return;
            };
            let key = event.key();
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), key == "Escape");
            if key == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                draft.set(area.value());
                run_it.emit(());
                return;
            }
            let text = area.value();
            let start = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            let end = area.selection_end().ok().flatten().unwrap_or(0) as usize;
            let edit = match key.as_str() {
                "Tab" if was_escaped || event.alt_key() || event.ctrl_key() => return,
                "Tab" if event.shift_key() => dedent(&text, start, end),
                "Tab" => indent(&text, start, end),
                "Enter" if !event.shift_key() => newline(&text, start, end),
                _ => return,
            };
            event.prevent_default();
            apply(&area, &edit);
            keep(&edit.text);
            draft.set(edit.text);
        })
    };
    let run_click = run_it.reform(|_: MouseEvent| ());
    // The textarea is as big as its text and the box around it scrolls:
    // scrolled inside, its text would slide off its colours.
    let keep_in_place = Callback::from(|event: Event| {
        if let Some(area) = textarea(&event) {
            area.set_scroll_left(0);
            area.set_scroll_top(0);
        }
    });
    // Reset: the text the editor started from, the program shown; it
    // runs when the learner says so.
    let reset = {
        let draft = draft.clone();
        let text = built_in(&settings.scenario);
        Callback::from(move |_: MouseEvent| {
            keep(&text);
            draft.set(text.clone());
        })
    };
    // Close: back to the built-in program (the learner's text is kept).
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::Command(Command::Settings(SettingsCommand::Code(
                None,
            ))));
        })
    };
    let edited = draft.as_str() != &*program;
    // Coloured once per text, not once per frame of the playback.
    let shaded = use_memo((*draft).clone(), |text| shade_lines(text));
    let lines = draft.lines().count().max(1) + usize::from(draft.ends_with('\n'));
    let widest = draft.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let error = learned.run.error.as_ref();
    // An edit moves the lines: the error and the tasks belong to the program that ran.
    let error_line = error.filter(|_| !edited).map_or(0, |e| e.line as usize);
    // The lock switch off: the lock lines tasks went through unstopped.
    let ignored: &[u32] = if edited {
        &[]
    } else {
        &learned.run.ignored_lock_lines
    };
    let is_ignored = |n: usize| ignored.contains(&(n as u32));
    let cursor = props.run.cursor;
    let on_lines = if edited {
        Vec::new()
    } else {
        tasks_on_lines(&learned, cursor, lines)
    };
    // The line the newest event ran, as the code pane marks it.
    let current_line = cursor
        .checked_sub(1)
        .filter(|_| !edited)
        .and_then(|at| learned.run.lines.get(at))
        .map_or(0, |&line| line as usize);
    let ended = props
        .run
        .recording
        .as_ref()
        .is_ok_and(|r| cursor >= r.0.len());
    let output = if ended {
        learned.run.output_until(usize::MAX)
    } else {
        learned.run.output_until(cursor)
    };
    let watched = learned.run.watched.as_deref();
    // Another shared integer as the balance: the same program, run again.
    let on_watch = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let picked = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|select| select.value());
            if let Some(name) = picked {
                dispatch.dispatch(Action::Command(Command::Settings(SettingsCommand::Watch(
                    Rc::from(name),
                ))));
            }
        })
    };
    // An exercise: its program, its goal, and the explorer to check it.
    let on_exercise = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let picked = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .and_then(|select| crate::view::exercises::Exercise::by_id(&select.value()));
            if let Some(exercise) = picked {
                dispatch.dispatch(Action::Command(Command::Settings(
                    SettingsCommand::Exercise(exercise),
                )));
            }
        })
    };
    html! {
        <section class="code program" aria-label="Your program">
            <div class="program-bar">
                <h2 class="program-title">{"Your program"}</h2>
                <button type="button" class="primary" onclick={run_click} data-testid="program-run"
                    aria-keyshortcuts="Control+Enter">{"Run it"}</button>
                <button type="button" onclick={reset} data-testid="program-reset">{"Reset"}</button>
                <button type="button" onclick={close} data-testid="program-close"
                    title="Back to the built-in program (your text is kept: Edit brings it back)">{"Close"}</button>
            </div>
            <p class="about" id="program-help">
                {"Python, run as CPython's asyncio runs it. Tab and Shift+Tab indent; Ctrl+Enter runs; Escape then Tab leaves the editor. "}
                { match (watched, &learned.run.outcome) {
                    (Some(name), _) => html! { <>{"The balance shown is "}<code>{name}</code>{"."}</> },
                    (None, Some(_)) => html! { <>{"No shared integer for the balance: name one "}<code>{"balance"}</code>{"."}</> },
                    (None, None) => html! {},
                } }
            </p>
            <label class="program-exercise">
                <span>{"Fix it: "}</span>
                <select onchange={on_exercise} data-testid="exercise">
                    <option value="" selected={settings.exercise.is_none()}>{"an exercise from the article…"}</option>
                    { for crate::view::exercises::EXERCISES.iter().map(|e| html! {
                        <option value={e.id} selected={settings.exercise.is_some_and(|x| x.id == e.id)}>{e.title}</option>
                    }) }
                </select>
            </label>
            if learned.run.watchable.len() > 1 {
                <label class="program-watch">
                    <span>{"Balance: "}</span>
                    <select onchange={on_watch} data-testid="program-watch">
                        { for learned.run.watchable.iter().map(|name| html! {
                            <option value={name.clone()} selected={Some(name.as_str()) == watched}>{name.clone()}</option>
                        }) }
                    </select>
                </label>
            }
            if edited {
                <p class="program-edited" role="status">{"Edited: Run it to see this version race."}</p>
            }
            if !ignored.is_empty() {
                <p class="program-edited locks-off-note" data-testid="locks-off-note">
                    {format!("Lock off: tasks pass {} as if {} not there (L turns the lock back on).",
                        lines_named(ignored), if ignored.len() == 1 { "it were" } else { "they were" })}
                </p>
            }
            <div class="editor">
                <div class="editor-gutter" aria-hidden="true">
                    { for (1..=lines).map(|n| {
                        let tasks = on_lines.get(n).copied().unwrap_or(0);
                        let class = super::store::class("editor-line", &[(n == error_line, "error-line"), (tasks > 0, "active"), (n == current_line, "current"), (is_ignored(n), "lock-ignored")]);
                        html! { <span {class}>{ if tasks > 0 { format!("{} ▸ {n}", grouped(u64::from(tasks))) } else { n.to_string() } }</span> }
                    }) }
                </div>
                <div class="editor-body">
                    <pre class="editor-shade" aria-hidden="true"><code>
                        { for shaded.iter().enumerate().map(|(i, pieces)| {
                            let class = super::store::class("editor-text", &[(i + 1 == error_line, "error-line"), (i + 1 == current_line, "current"), (is_ignored(i + 1), "lock-ignored")]);
                            html! {
                                <span {class}>
                                    { for pieces.iter().map(|(shade, text)| html! { <span class={shade.class()}>{text.clone()}</span> }) }
                                    {"\n"}
                                </span>
                            }
                        }) }
                    </code></pre>
                    <textarea class="editor-input" data-testid="program-editor" aria-label="Your program (Python)"
                        aria-describedby="program-help" spellcheck="false" autocomplete="off" autocapitalize="off"
                        wrap="off" rows={(lines + 1).to_string()} cols={(widest + 4).max(40).to_string()}
                        value={(*draft).clone()} {oninput} {onkeydown} onscroll={keep_in_place} />
                </div>
            </div>
            if let Some(error) = error {
                <p class="program-error" role="alert" data-testid="program-error" data-line={error.line.to_string()}>
                    { if error.line > 0 { format!("Line {}: {}", error.line, error.message) } else { error.message.clone() } }
                </p>
            }
            if learned.waiting {
                <p class="hint" data-testid="program-waiting">{"Loading Python: the interpreter comes with your first program."}</p>
            }
            <h3 class="output-title" id="output-title">{"Output"}</h3>
            <pre class="program-output" data-testid="output" tabindex="0" aria-labelledby="output-title">{output}</pre>
            { for learned.run.warnings.iter().map(|warning| html! { <p class="hint">{warning.clone()}</p> }) }
        </section>
    }
}
