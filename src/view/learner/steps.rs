//! The learner as the scheduler of their own program: the run so far (the
//! picks followed, then stopped where more than one task could run next),
//! and, for each task that could, what its next step will do and the line
//! it will stop on, found by running one pick further
//! ([`crate::py::run::orders::Stepper`]), as the built-in programs'
//! scheduler looks ahead (`view::scheduler::play`).
//!
//! A pick is a place in asyncio's ready queue, as the explorer's schedules
//! are (`picks=`): 0 is the task asyncio would run, so a counterexample the
//! explorer found can be stepped through by hand, and a schedule made by
//! hand replays as any other.
//!
//! ```
//! use racecourse::sim::Scenario;
//! use racecourse::view::learner::run_program_stepped;
//!
//! let program = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit())\nasyncio.run(main())\n";
//! // asyncio's first: T1 reads and awaits, and goes to the back of the queue.
//! let run = run_program_stepped(program, &Scenario::article(), None, false, &[0]);
//! let steps = run.steps.as_ref().unwrap();
//! let said: Vec<(String, u32, &str)> =
//!     steps.offers.iter().map(|o| (o.name(), o.pick, o.does.as_str())).collect();
//! assert_eq!(said, [
//!     ("T1".to_owned(), 1, "set balance = 1, then finish"),
//!     ("T2".to_owned(), 0, "read balance = 0, then await sleep(0.1)"),
//! ]);
//! assert_eq!(run.outcome.unwrap().ending, None, "not over: the learner picks next");
//! ```

use super::{page_limits, told, LearnerRun};
use crate::py::run::orders::{Choice, Stepped};
use crate::py::run::trace::{Shown, TraceEvent, TraceKind};
use crate::py::run::value::float_repr;
use crate::py::run::{run_stepped, Mode, ProgramRun};
use crate::sim::Scenario;
use crate::view::scheduler::MAX_SCHEDULED_TASKS;

/// A task of the learner's program that can run now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramOffer {
    /// Its place in asyncio's ready queue: what `picks=` holds for it
    /// (0 is asyncio's own next).
    pub pick: u32,
    /// The program's task: 0 is `main()`, 1 is T1 (the first it started).
    pub task: u32,
    /// What its next step will do: "read balance = 1000, then await
    /// sleep(0.1)".
    pub does: String,
    /// The line it will stop on, and that line's code; `None` when it
    /// runs to its end.
    pub stops_at: Option<(u32, String)>,
}

impl ProgramOffer {
    pub fn name(&self) -> String {
        program_task_name(self.task)
    }

    /// asyncio's own choice: the front of its ready queue.
    pub fn asyncio_next(&self) -> bool {
        self.pick == 0
    }
}

/// "main()" for the program's main task, "T1" for the first it started.
pub fn program_task_name(task: u32) -> String {
    match task {
        0 => "main()".to_owned(),
        task => format!("T{task}"),
    }
}

/// Where the learner's schedule stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Steps {
    /// The tasks that can run next, in task order; none once the run has
    /// ended (or cannot go on).
    pub offers: Vec<ProgramOffer>,
    /// What the last pick did: "T2 ran: read balance = 0; now at line 6".
    pub last_step: Option<String>,
    /// Why the picks cannot be played (all, or further), if they cannot.
    pub refused: Option<String>,
}

/// [`super::run_program`] with the learner as its scheduler: `picks`
/// followed exactly, the run stopped at the next point where more than one
/// task could run, and what each of those would do ([`Steps`]). A run that
/// stopped for a pick has no ending and no error: it is not over.
pub fn run_program_stepped(
    program: &str,
    scenario: &Scenario,
    watch: Option<&str>,
    locks_off: bool,
    picks: &[u32],
) -> LearnerRun {
    // As a replayed schedule: only the order counts, 10 ms a step.
    let mode = Mode {
        locks_off,
        paced: true,
        ..Mode::default()
    };
    let (ran, stepped) = match run_stepped(program, page_limits(), mode, picks) {
        Ok(ran) => ran,
        Err(error) => {
            let mut run = LearnerRun::not_read(error, locks_off);
            run.steps = Some(Steps::default());
            return run;
        }
    };
    let last_step = last_step(&ran, program, &stepped);
    let mut refused = match (stepped.bad, &stepped.ready) {
        (Some(Choice { pick, of }), _) => Some(format!(
            "pick {} asks for place {} in asyncio's queue, but only {of} tasks could run then",
            stepped.made + 1,
            pick + 1
        )),
        (None, None) if stepped.made < picks.len() => Some(format!(
            "the run had ended before pick {}",
            stepped.made + 1
        )),
        _ => None,
    };
    let offers = match &stepped.ready {
        Some(ready) if ready.len() > MAX_SCHEDULED_TASKS as usize => {
            refused = Some(format!(
                "{} tasks could run next; you can schedule up to {MAX_SCHEDULED_TASKS} by hand: try fewer tasks",
                ready.len()
            ));
            Vec::new()
        }
        Some(ready) => offers(program, mode, picks, ready),
        None => Vec::new(),
    };
    // Stopped by the stepper, not by the program: not over, and no error.
    let paused = stepped.ready.is_some() || stepped.bad.is_some();
    let mut run = told(program, ran, scenario, watch, locks_off);
    if paused {
        run.error = None;
        if let Some(outcome) = &mut run.outcome {
            outcome.ending = None;
        }
    }
    run.steps = Some(Steps {
        offers,
        last_step,
        refused,
    });
    run
}

/// What the last pick did: its task's step, then the steps that ran
/// because only one task could: "T1 ran: set balance = 1; finished. Then
/// T2, the only task that could run, ran: …".
fn last_step(ran: &ProgramRun, program: &str, stepped: &Stepped) -> Option<String> {
    let steps = told_steps(ran, stepped);
    let ((task, own), rest) = steps.split_first()?;
    // Where a task stands at the stop, said for the last of its steps here.
    let stands = |task: u32, at: usize| {
        let later = rest[at..].iter().any(|(other, _)| *other == task);
        let line = stepped.lines.get(task as usize).copied().filter(|&l| l > 0);
        line.filter(|_| !later)
            .map(|line| format!("now at line {line}: {}", code_of(program, line)))
    };
    let said = sentence(ran, own, Tense::Past, stands(*task, 0));
    let mut told = format!("{} {}", program_task_name(*task), ran_said(&said));
    for (at, (other, events)) in rest.iter().enumerate() {
        let name = program_task_name(*other);
        match sentence(ran, events, Tense::Past, stands(*other, at + 1)) {
            said if said == "finished" => told.push_str(&format!(". Then {name} finished")),
            said => told.push_str(&format!(
                ". Then {name}, the only task that could run, {}",
                ran_said(&said)
            )),
        }
    }
    Some(told)
}

/// "ran: read balance = 0", or "ran on, …" when the step touched nothing shared.
fn ran_said(said: &str) -> String {
    if said.starts_with("ran on") {
        said.to_owned()
    } else {
        format!("ran: {said}")
    }
}

/// The steps since the last pick, each with its events: the picked one
/// first, then those that ran alone, one task's in a row told as one.
fn told_steps<'a>(ran: &'a ProgramRun, stepped: &Stepped) -> Vec<(u32, Vec<&'a TraceEvent>)> {
    let mut told: Vec<(u32, Vec<&TraceEvent>)> = Vec::new();
    for (task, start, end) in stepped.steps_since_pick(ran.events.len()) {
        let events = ran.events.get(start..end).unwrap_or_default();
        let mine = events.iter().filter(|e| e.task == task);
        let after_the_pick = told.len() > 1;
        match told.last_mut() {
            Some((last, kept)) if after_the_pick && *last == task => kept.extend(mine),
            _ => told.push((task, mine.collect())),
        }
    }
    told
}

/// Each ready task, run one pick further: what its step does, and where it stops.
fn offers(program: &str, mode: Mode, picks: &[u32], ready: &[u32]) -> Vec<ProgramOffer> {
    let mut offers: Vec<ProgramOffer> = (0..ready.len() as u32)
        .filter_map(|pick| {
            let further: Vec<u32> = picks.iter().copied().chain([pick]).collect();
            let (ran, stepped) = run_stepped(program, page_limits(), mode, &further).ok()?;
            // Its own step only: what runs after it, alone, is the next pick's to tell.
            let (task, own) = told_steps(&ran, &stepped).into_iter().next()?;
            let finished = own.iter().any(|e| e.kind == TraceKind::Finished);
            let stops_at = stepped
                .last_stopped_on
                .or_else(|| own.last().map(|e| e.line))
                .filter(|&line| line > 0 && !finished)
                .map(|line| (line, code_of(program, line)));
            Some(ProgramOffer {
                pick,
                task,
                does: sentence(&ran, &own, Tense::Future, None),
                stops_at,
            })
        })
        .collect();
    offers.sort_by_key(|offer| offer.task);
    offers
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    Future,
    Past,
}

/// The most things a step is told to do; more are "…".
const MOST_SAID: usize = 5;

/// What one task's `events` (a run of its steps) did, as one sentence:
/// "read balance = 0, then await sleep(0.1)". `stands`: where it stands
/// after them, said in the past tense when nothing else says where it stopped.
fn sentence(
    ran: &ProgramRun,
    events: &[&TraceEvent],
    tense: Tense,
    stands: Option<String>,
) -> String {
    let mut parts: Vec<String> = events
        .iter()
        .filter_map(|event| phrase(ran, &event.kind, tense))
        .collect();
    if parts.len() > MOST_SAID {
        parts.truncate(MOST_SAID);
        parts.push("…".to_owned());
    }
    let stop = match (events.last().map(|e| &e.kind), tense) {
        (Some(TraceKind::Finished), Tense::Future) => Some("finish".to_owned()),
        (Some(TraceKind::Finished), Tense::Past) => Some("finished".to_owned()),
        (Some(TraceKind::Requested { lock }), Tense::Future) => {
            Some(format!("queue for {}", lock_name(ran, *lock)))
        }
        (Some(TraceKind::Requested { lock }), Tense::Past) => {
            Some(format!("now queued for {}", lock_name(ran, *lock)))
        }
        (Some(TraceKind::Slept { seconds }), Tense::Future) => {
            Some(format!("await sleep({})", seconds_said(*seconds)))
        }
        (_, Tense::Past) => stands,
        (_, Tense::Future) => None,
    };
    let done = parts.join(", ");
    match (parts.is_empty(), stop, tense) {
        (true, Some(stop), _) => stop,
        (true, None, Tense::Future) => "run on, touching nothing shared".to_owned(),
        (true, None, Tense::Past) => "ran on, touching nothing shared".to_owned(),
        (false, None, _) => done,
        (false, Some(stop), Tense::Future) => format!("{done}, then {stop}"),
        (false, Some(stop), Tense::Past) => format!("{done}; {stop}"),
    }
}

/// One thing a step does, as a verb phrase.
fn phrase(ran: &ProgramRun, kind: &TraceKind, tense: Tense) -> Option<String> {
    let var = |var: u32| {
        ran.vars
            .get(var as usize)
            .map_or("a variable", |v| v.name.as_str())
    };
    let (future, past) = match kind {
        TraceKind::Read { var: v, value } => {
            let said = format!("read {} = {}", var(*v), shown(value));
            (said.clone(), said)
        }
        TraceKind::Wrote { var: v, value, .. } => {
            let said = format!("set {} = {}", var(*v), shown(value));
            (said.clone(), said)
        }
        TraceKind::Acquired { lock } => (
            format!("take {}", lock_name(ran, *lock)),
            format!("took {}", lock_name(ran, *lock)),
        ),
        TraceKind::Released { lock } => (
            format!("release {}", lock_name(ran, *lock)),
            format!("released {}", lock_name(ran, *lock)),
        ),
        TraceKind::Put { value } => {
            let said = format!("put {} in a queue", shown(value));
            (said.clone(), said)
        }
        TraceKind::Got { value } => (
            format!("get {} from a queue", shown(value)),
            format!("got {} from a queue", shown(value)),
        ),
        TraceKind::Printed { text } => {
            let text = short(text.trim_end_matches('\n'), 24);
            (format!("print {text}"), format!("printed {text}"))
        }
        TraceKind::Started
        | TraceKind::Finished
        | TraceKind::Slept { .. }
        | TraceKind::Woke
        | TraceKind::Requested { .. } => return None,
    };
    Some(match tense {
        Tense::Future => future,
        Tense::Past => past,
    })
}

/// A sleep's seconds as a program would write them: `0`, `0.1`.
fn seconds_said(seconds: f64) -> String {
    if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
        (seconds as i64).to_string()
    } else {
        float_repr(seconds)
    }
}

fn lock_name(ran: &ProgramRun, lock: u32) -> &str {
    ran.locks
        .get(lock as usize)
        .map_or("a lock", String::as_str)
}

fn shown(value: &Shown) -> String {
    match value {
        Shown::Int(value) => value.to_string(),
        Shown::Text(text) => short(text, 20),
    }
}

/// `text`, cut to `most` characters with "…".
fn short(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_owned();
    }
    let cut: String = text.chars().take(most - 1).collect();
    format!("{cut}…")
}

/// Line `line` (1-based) of `program`, trimmed and cut short.
fn code_of(program: &str, line: u32) -> String {
    let text = program
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or_default();
    short(text.trim(), 60)
}

#[cfg(test)]
mod tests;
