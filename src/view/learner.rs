//! The learner's own program on the page: their Python, run by the
//! interpreter (`crate::py::run`) exactly as CPython would, told in the
//! engine's words so that the lanes, the log, the scoreboard, the lock rows
//! and the runs table draw it as they draw the article's programs.
//!
//! What the page needs beyond the engine's run comes alongside: what the
//! program printed (each print placed after the events before it, so it
//! appears as the playback reaches it), the program line of every event,
//! and the error that stopped the program, if one did.

mod steps;

use std::rc::Rc;

pub use steps::{program_task_name, run_program_stepped, ProgramOffer, Steps};

use crate::py::run::engine::{balance_var, engine_trace, lock_slots};
use crate::py::run::trace::{Shown, TraceKind};
use crate::py::run::{run_in, run_replayed, Ending as ProgramEnding, Limits, Mode, ProgramRun};
use crate::sim::account::Account;
use crate::sim::outcome::{deadlock_among, Deadlock, WaitFor};
use crate::sim::{
    Ending, Event, EventKind, LockName, Outcome, Scenario, Schedule, Strategy, TaskId,
};
use crate::view::recording::Recording;

/// How far a program on the page may go: a fraction of a second of work in
/// a browser, whatever it does (a runaway program is stopped with a
/// sentence); the article's 10,000 tasks take a tenth of it.
pub fn page_limits() -> Limits {
    Limits {
        total_steps: 1_000_000,
        events: 2_000_000,
        tasks: crate::sim::scenario::MAX_TASKS as usize + 1,
        ..Limits::default()
    }
}

/// What stopped the program, as Python (or the playground) says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramError {
    /// Python's last traceback line ("ZeroDivisionError: division by
    /// zero"), a syntax error with its column, or the playground's sentence.
    pub message: String,
    /// 1-based; 0 when the error has no line.
    pub line: u32,
}

/// A learner's program, run.
#[derive(Debug)]
pub struct LearnerRun {
    /// The run as the engine would have recorded it; `None` when the
    /// program could not be read at all (a syntax error).
    pub outcome: Option<Outcome>,
    /// What the program printed: each piece after how many events.
    pub output: Vec<(usize, Rc<str>)>,
    /// The program line of each of the outcome's events.
    pub lines: Vec<u32>,
    pub error: Option<ProgramError>,
    /// The shared variable shown as the balance, if the program has one.
    pub watched: Option<String>,
    /// The shared variables that held integers: those the learner may
    /// watch as the balance instead.
    pub watchable: Vec<String>,
    /// What the program calls each of the engine's four locks it uses.
    pub lock_names: [Option<String>; 4],
    /// Warnings CPython would write to stderr without stopping.
    pub warnings: Vec<String>,
    /// Where the lock switch stands on this program.
    pub switch: LockSwitch,
    /// With the switch off, the lines where tasks went through a lock
    /// that stopped no one.
    pub ignored_lock_lines: Vec<u32>,
    /// The learner is the scheduler ([`run_program_stepped`]): who can
    /// run next, and what the last pick did.
    pub steps: Option<Steps>,
}

/// The lock switch, on the learner's program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockSwitch {
    /// The program makes no `asyncio.Lock`: nothing to switch.
    NoLock,
    /// Its locks stop tasks, as in CPython.
    On,
    /// Its locks let every task through.
    Off,
}

impl LockSwitch {
    fn of(ran: &ProgramRun, locks_off: bool) -> Self {
        match (ran.locks_made, locks_off) {
            (0, _) => LockSwitch::NoLock,
            (_, false) => LockSwitch::On,
            (_, true) => LockSwitch::Off,
        }
    }
}

impl LearnerRun {
    /// The recording the page plays, if the program ran: one that stopped
    /// before its end (an exception, a limit) says where and why, so the
    /// page does not call it finished.
    pub fn recording(&self) -> Option<Recording> {
        // A scheduled run stopped for the learner's next pick has no ending yet.
        let recording = Recording::new(self.outcome.clone()?);
        Some(match &self.error {
            Some(error) => recording.stopped_by(format!("line {}: {}", error.line, error.message)),
            None => recording,
        })
    }

    /// Everything printed by the time `events` events have happened.
    pub fn output_until(&self, events: usize) -> String {
        self.output
            .iter()
            .take_while(|(after, _)| *after <= events)
            .map(|(_, text)| &**text)
            .collect()
    }
}

impl LearnerRun {
    /// A program that did not run at all: why, on its line.
    pub fn refused(message: String, line: u32, locks_off: bool) -> Self {
        LearnerRun {
            outcome: None,
            output: Vec::new(),
            lines: Vec::new(),
            error: Some(ProgramError { message, line }),
            watched: None,
            watchable: Vec::new(),
            lock_names: Default::default(),
            warnings: Vec::new(),
            switch: if locks_off {
                LockSwitch::Off
            } else {
                LockSwitch::On
            },
            ignored_lock_lines: Vec::new(),
            steps: None,
        }
    }
}

/// What the page asks the module that holds the interpreter: the page's
/// scenario (as a link's query), the variable watched, the lock switch, the
/// schedule to replay, whether the learner is its scheduler (the schedule
/// is then theirs so far: [`run_program_stepped`]), then the program.
pub fn run_request(
    query: &str,
    program: &str,
    watch: Option<&str>,
    locks_off: bool,
    picks: Option<&[u32]>,
    stepped: bool,
) -> String {
    let picks = picks.map_or_else(|| "-".to_owned(), crate::view::full_links::picks_text);
    format!(
        "{query}\n{}\n{}\n{picks}\n{}\n{program}",
        watch.unwrap_or(""),
        u8::from(locks_off),
        u8::from(stepped)
    )
}

/// A [`run_request`], read.
pub struct RunRequest<'a> {
    pub query: &'a str,
    pub program: &'a str,
    pub watch: Option<&'a str>,
    pub locks_off: bool,
    pub picks: Option<Rc<[u32]>>,
    pub stepped: bool,
}

pub fn read_run_request(text: &str) -> Option<RunRequest<'_>> {
    let mut parts = text.splitn(6, '\n');
    let query = parts.next()?;
    let watch = parts.next()?;
    let locks_off = parts.next()? == "1";
    let picks = match parts.next()? {
        "-" => None,
        picks => Some(crate::view::full_links::parse_picks(picks)?),
    };
    let stepped = parts.next()? == "1";
    Some(RunRequest {
        query,
        stepped,
        program: parts.next()?,
        watch: (!watch.is_empty()).then_some(watch),
        locks_off,
        picks,
    })
}

/// A learner's run as numbers, to cross from the module that holds the
/// interpreter (the program lab's) to the page: the engine's events and
/// ending ([`crate::sim::wire`]), the setup the run replaced, and what the
/// page shows beside it. [`LearnerRun::decode`] builds the same run again.
impl LearnerRun {
    pub fn encode(&self) -> Vec<f64> {
        use crate::lab::protocol::Writer;
        let mut out = Writer::default();
        let texts = |out: &mut Writer, texts: &[String]| {
            out.whole(texts.len() as u64);
            for text in texts {
                out.text(text);
            }
        };
        let maybe = |out: &mut Writer, text: Option<&str>| {
            match text {
                Some(text) => out.number(1.0).text(text),
                None => out.number(0.0),
            };
        };
        match &self.outcome {
            Some(outcome) => {
                out.number(1.0)
                    .whole(u64::from(outcome.scenario.tasks))
                    .number(outcome.scenario.initial as f64)
                    .number(outcome.expected_balance as f64)
                    .number(outcome.final_balance as f64)
                    .whole(outcome.elapsed_ms)
                    .whole(u64::from(outcome.finished_tasks))
                    .ending(outcome.ending.as_ref())
                    .numbers(&crate::sim::wire::encode_events(&outcome.trace));
            }
            None => {
                out.number(0.0);
            }
        }
        out.whole(self.output.len() as u64);
        for (after, text) in &self.output {
            out.whole(*after as u64).text(text);
        }
        let lines: Vec<f64> = self.lines.iter().map(|&l| f64::from(l)).collect();
        out.numbers(&lines);
        match &self.error {
            Some(error) => out
                .number(1.0)
                .whole(u64::from(error.line))
                .text(&error.message),
            None => out.number(0.0),
        };
        maybe(&mut out, self.watched.as_deref());
        texts(&mut out, &self.watchable);
        for name in &self.lock_names {
            maybe(&mut out, name.as_deref());
        }
        texts(&mut out, &self.warnings);
        out.whole(match self.switch {
            LockSwitch::NoLock => 0,
            LockSwitch::On => 1,
            LockSwitch::Off => 2,
        });
        let ignored: Vec<f64> = self
            .ignored_lock_lines
            .iter()
            .map(|&l| f64::from(l))
            .collect();
        out.numbers(&ignored);
        match &self.steps {
            Some(steps) => {
                out.number(1.0).whole(steps.offers.len() as u64);
                for offer in &steps.offers {
                    out.whole(u64::from(offer.pick))
                        .whole(u64::from(offer.task))
                        .text(&offer.does);
                    match &offer.stops_at {
                        Some((line, code)) => out.number(1.0).whole(u64::from(*line)).text(code),
                        None => out.number(0.0),
                    };
                }
                maybe(&mut out, steps.last_step.as_deref());
                maybe(&mut out, steps.refused.as_deref());
            }
            None => {
                out.number(0.0);
            }
        }
        out.0
    }

    /// The run [`LearnerRun::encode`] wrote, on the page whose scenario is
    /// `scenario`; `None` if `numbers` are not one.
    pub fn decode(numbers: &[f64], scenario: &Scenario) -> Option<LearnerRun> {
        use crate::lab::protocol::{Read, Reader};
        let mut r = Reader(numbers);
        let texts = |r: &mut Reader| -> Read<Vec<String>> {
            let count = r.len()?;
            (0..count).map(|_| r.text()).collect()
        };
        let maybe = |r: &mut Reader| -> Read<Option<String>> {
            Ok(if r.flag()? { Some(r.text()?) } else { None })
        };
        let whole_u32 = |n: u64| u32::try_from(n).ok();
        let outcome = if r.flag().ok()? {
            let tasks = whole_u32(r.whole().ok()?)?;
            let initial = r.signed().ok()?;
            let expected = r.signed().ok()?;
            let final_balance = r.signed().ok()?;
            let elapsed_ms = r.whole().ok()?;
            let finished = whole_u32(r.whole().ok()?)?;
            let ending = r.ending().ok()?;
            let events = r.events().ok()?;
            let scenario = Scenario {
                strategy: Strategy::Unsafe,
                tasks,
                initial,
                delays: None,
                starts: None,
                order: None,
                ..scenario.clone()
            };
            let account = Account::replay(initial, &events);
            let mut outcome = Outcome::new(
                &scenario,
                (events, account),
                elapsed_ms,
                finished,
                ending,
                Schedule::default(),
            );
            outcome.expected_balance = expected;
            outcome.final_balance = final_balance;
            Some(outcome)
        } else {
            None
        };
        let outputs = r.len().ok()?;
        let mut output = Vec::with_capacity(outputs);
        for _ in 0..outputs {
            let after = r.whole().ok()? as usize;
            output.push((after, Rc::from(r.text().ok()?)));
        }
        let lines = r.numbers().ok()?.iter().map(|&l| l as u32).collect();
        let error = if r.flag().ok()? {
            let line = whole_u32(r.whole().ok()?)?;
            Some(ProgramError {
                message: r.text().ok()?,
                line,
            })
        } else {
            None
        };
        let watched = maybe(&mut r).ok()?;
        let watchable = texts(&mut r).ok()?;
        let mut lock_names: [Option<String>; 4] = Default::default();
        for name in &mut lock_names {
            *name = maybe(&mut r).ok()?;
        }
        let warnings = texts(&mut r).ok()?;
        let switch = match r.whole().ok()? {
            0 => LockSwitch::NoLock,
            1 => LockSwitch::On,
            2 => LockSwitch::Off,
            _ => return None,
        };
        let ignored_lock_lines = r.numbers().ok()?.iter().map(|&l| l as u32).collect();
        let steps = if r.flag().ok()? {
            let count = r.len().ok()?;
            let mut offers = Vec::with_capacity(count);
            for _ in 0..count {
                let pick = whole_u32(r.whole().ok()?)?;
                let task = whole_u32(r.whole().ok()?)?;
                let does = r.text().ok()?;
                let stops_at = if r.flag().ok()? {
                    Some((whole_u32(r.whole().ok()?)?, r.text().ok()?))
                } else {
                    None
                };
                offers.push(ProgramOffer {
                    pick,
                    task,
                    does,
                    stops_at,
                });
            }
            Some(Steps {
                offers,
                last_step: maybe(&mut r).ok()?,
                refused: maybe(&mut r).ok()?,
            })
        } else {
            None
        };
        let run = LearnerRun {
            outcome,
            output,
            lines,
            error,
            watched,
            watchable,
            lock_names,
            warnings,
            switch,
            ignored_lock_lines,
            steps,
        };
        r.end(run).ok()
    }
}

/// Runs `program`; `scenario` is the page's own (its settings), whose
/// task count and balances the program's run replaces (the program is its
/// own strategy). `watch`: the shared variable to show as the balance (the
/// learner's pick); by default `balance`, else the first shared integer.
/// `locks_off`: the lock switch is off (its locks stop no one).
pub fn run_program(
    program: &str,
    scenario: &Scenario,
    watch: Option<&str>,
    locks_off: bool,
) -> LearnerRun {
    run_program_in(program, scenario, watch, locks_off, None)
}

/// [`run_program`], in the order `picks` says if given (a schedule the
/// explorer found, replayed where only the order counts, 10 ms a step).
pub fn run_program_in(
    program: &str,
    scenario: &Scenario,
    watch: Option<&str>,
    locks_off: bool,
    picks: Option<&[u32]>,
) -> LearnerRun {
    let mode = Mode {
        locks_off,
        ..Mode::default()
    };
    let ran = match picks {
        Some(picks) => run_replayed(
            program,
            page_limits(),
            Mode {
                paced: true,
                ..mode
            },
            picks,
        ),
        None => run_in(program, page_limits(), mode),
    };
    match ran {
        Ok(ran) => told(program, ran, scenario, watch, locks_off),
        Err(error) => LearnerRun::not_read(error, locks_off),
    }
}

impl LearnerRun {
    /// A program that could not be read (or was refused): why, on its line.
    fn not_read(error: crate::py::PyError, locks_off: bool) -> Self {
        let message = match error.kind {
            crate::py::ErrorKind::NotInPlayground => error.message,
            kind => format!("{}: {}", kind.name(), error.message),
        };
        LearnerRun::refused(message, error.line, locks_off)
    }
}

/// A run of `program`, told in the engine's words with what the page
/// shows beside it.
fn told(
    program: &str,
    ran: ProgramRun,
    scenario: &Scenario,
    watch: Option<&str>,
    locks_off: bool,
) -> LearnerRun {
    let mode = Mode {
        locks_off,
        ..Mode::default()
    };
    let watchable = watchable(&ran);
    let watched = watch
        .filter(|name| watchable.iter().any(|w| w == name))
        .and_then(|name| ran.vars.iter().position(|v| v.name == name))
        .map(|id| id as u32)
        .or_else(|| balance_var(&ran));
    let trace = engine_trace(&ran, watched);
    let output = placed_output(&ran, &trace);
    let lines = trace.iter().map(|(at, _)| ran.events[*at].line).collect();
    let events: Vec<Event> = trace.into_iter().map(|(_, event)| event).collect();
    let racing = ran.tasks.len().saturating_sub(1) as u32;
    let initial = watched
        .and_then(|var| starting_value(&ran, var))
        .or_else(|| global_int(&ran, "balance"))
        .unwrap_or(0);
    let scenario = Scenario {
        // Every task the program starts races: none is a built-in helper.
        strategy: Strategy::Unsafe,
        tasks: racing,
        initial,
        delays: None,
        starts: None,
        order: None,
        ..scenario.clone()
    };
    // A balance no task touched (they deadlocked first) is still the balance.
    let name = match watched {
        Some(var) => ran.vars.get(var as usize).map(|v| v.name.clone()),
        None => global_int(&ran, "balance").map(|_| "balance".to_owned()),
    };
    // "Expected": where the variable ends when the tasks run one at a time.
    let expected = name
        .as_deref()
        .and_then(|name| {
            let serial = Mode {
                serial: true,
                ..mode
            };
            let serial = run_in(program, page_limits(), serial).ok()?;
            integer(serial.last_written(name)?)
        })
        .unwrap_or(initial);
    let ending = ending(&ran, &events);
    let error = match &ran.ending {
        ProgramEnding::Exception { message, line } | ProgramEnding::Stopped { message, line } => {
            Some(ProgramError {
                message: message.clone(),
                line: *line,
            })
        }
        ProgramEnding::Completed | ProgramEnding::Forever => None,
    };
    let account = Account::replay(initial, &events);
    let finished = events
        .iter()
        .filter(|e| e.kind == EventKind::Finished)
        .count() as u32;
    let elapsed_ms = (ran.elapsed * 1000.0).round().max(0.0) as u64;
    let mut outcome = Outcome::new(
        &scenario,
        (events, account),
        elapsed_ms,
        finished,
        Some(ending),
        Schedule::default(),
    );
    outcome.expected_balance = expected;
    if watched.is_none() {
        // No task touched it: it ends where the program left it.
        outcome.final_balance = global_int(&ran, "balance").unwrap_or(initial);
    }
    LearnerRun {
        outcome: Some(outcome),
        output,
        lines,
        error,
        watched: name,
        watchable,
        lock_names: lock_names(&ran),
        switch: LockSwitch::of(&ran, locks_off),
        ignored_lock_lines: ran.ignored_lock_lines,
        warnings: ran.warnings,
        steps: None,
    }
}

/// The program's name for each engine lock it was given.
fn lock_names(ran: &ProgramRun) -> [Option<String>; 4] {
    let mut names: [Option<String>; 4] = Default::default();
    for (name, slot) in ran.locks.iter().zip(lock_slots(ran)) {
        if let Some(lock) = slot {
            names[lock.index()] = Some(name.clone());
        }
    }
    names
}

/// The names of the shared variables that tasks wrote integers to.
fn watchable(ran: &ProgramRun) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for event in &ran.events {
        if let TraceKind::Wrote {
            var,
            value: Shown::Int(_),
            ..
        } = &event.kind
        {
            let Some(shared) = ran.vars.get(*var as usize).filter(|v| v.is_shared()) else {
                continue;
            };
            if !names.contains(&shared.name) {
                names.push(shared.name.clone());
            }
        }
    }
    names
}

fn integer(shown: &Shown) -> Option<i64> {
    match shown {
        Shown::Int(value) => Some(*value),
        Shown::Text(_) => None,
    }
}

/// The watched variable's value when the race began: what the first racing
/// task read, or else what the program set it to before any task ran.
fn starting_value(ran: &ProgramRun, var: u32) -> Option<i64> {
    let first_read = ran.events.iter().find_map(|e| match &e.kind {
        TraceKind::Read { var: v, value } if e.task > 0 && *v == var => integer(value),
        _ => None,
    });
    first_read.or_else(|| {
        ran.events
            .iter()
            .take_while(|e| e.task == 0)
            .filter_map(|e| match &e.kind {
                TraceKind::Wrote { var: v, value, .. } if *v == var => integer(value),
                _ => None,
            })
            .last()
    })
}

/// What was printed, each piece after the number of engine events before
/// it. The tasks' prints are in the trace, in order; what the module
/// printed outside any task (before or after `asyncio.run`) is the text of
/// the output between them.
fn placed_output(ran: &ProgramRun, trace: &[(usize, Event)]) -> Vec<(usize, Rc<str>)> {
    let text = &ran.output;
    let mut output = Vec::new();
    let mut taken = 0;
    let mut shown = 0;
    let mut placed = 0;
    for (at, event) in ran.events.iter().enumerate() {
        while trace.get(shown).is_some_and(|(source, _)| *source < at) {
            shown += 1;
        }
        let TraceKind::Printed { text: printed } = &event.kind else {
            continue;
        };
        let Some(found) = text[taken..].find(&**printed) else {
            continue;
        };
        let mut end = taken + found + printed.len();
        if text[end..].starts_with('\n') {
            end += 1;
        }
        // What the module printed in between came before this print.
        if found > 0 {
            output.push((placed, Rc::from(&text[taken..taken + found])));
        }
        output.push((shown, Rc::from(&text[taken + found..end])));
        taken = end;
        placed = shown;
    }
    if taken < text.len() {
        output.push((trace.len(), Rc::from(&text[taken..])));
    }
    output
}

/// A module variable's value at the end, if it is an integer.
fn global_int(ran: &ProgramRun, name: &str) -> Option<i64> {
    let (_, repr) = ran.globals.iter().find(|(global, _)| global == name)?;
    repr.parse().ok()
}

/// The engine's ending for the program's. A program whose tasks can never
/// run again is stuck: on a cycle of locks, a deadlock with its cycle.
fn ending(ran: &ProgramRun, events: &[Event]) -> Ending {
    match ran.ending {
        ProgramEnding::Forever => {
            Ending::Deadlock(stuck(events, ran.tasks.len().saturating_sub(1)))
        }
        _ => Ending::Completed,
    }
}

/// Who waits for which lock and who holds it, at the end of `events`.
fn stuck(events: &[Event], tasks: usize) -> Deadlock {
    let mut holder: [Option<TaskId>; LockName::ALL.len()] = [None; LockName::ALL.len()];
    let mut waits: Vec<Option<LockName>> = vec![None; tasks];
    let mut finished = vec![false; tasks];
    for event in events {
        let task = event.task as usize;
        match event.kind {
            EventKind::LockRequested { lock } => {
                if let Some(wait) = waits.get_mut(task) {
                    *wait = Some(lock);
                }
            }
            EventKind::LockAcquired { lock } => {
                holder[lock.index()] = Some(event.task);
                if let Some(wait) = waits.get_mut(task) {
                    *wait = None;
                }
            }
            EventKind::LockReleased { lock } => holder[lock.index()] = None,
            EventKind::Finished => {
                if let Some(done) = finished.get_mut(task) {
                    *done = true;
                }
            }
            _ => {}
        }
    }
    let stuck: Vec<TaskId> = (0..tasks as TaskId)
        .filter(|&task| !finished[task as usize])
        .collect();
    let waits = (stuck.iter())
        .filter_map(|&task| {
            let lock = waits[task as usize]?;
            let held_by = holder[lock.index()]?;
            Some(WaitFor {
                task,
                lock,
                held_by,
            })
        })
        .collect();
    deadlock_among(waits, stuck)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_crosses_between_modules_whole() {
        let programs = [
            python(&scenario(Strategy::Unsafe, 5)),
            python(&scenario(Strategy::OppositeOrder, 2)),
            "import asyncio\nhits = 0\nmutex = asyncio.Lock()\nasync def f(k):\n    global hits\n    async with mutex:\n        h = hits\n        await asyncio.sleep(0.01)\n        hits = h + k\n    print('hit', k, '\\n\\ttab')\nasync def main():\n    await asyncio.gather(f(1), f(2))\n    raise ValueError('é')\nasyncio.run(main())\n".to_owned(),
            "def f(:\n".to_owned(),
        ];
        let page = Scenario::article();
        for program in &programs {
            let cases = [
                (false, None, false),
                (true, None, false),
                (false, Some(&[1u32, 0][..]), false),
                // The learner as the scheduler: stopped for a pick, with offers.
                (false, Some(&[0u32][..]), true),
                (true, None, true),
                (false, Some(&[9u32][..]), true),
            ];
            for (locks_off, picks, stepped) in cases {
                let run = if stepped {
                    run_program_stepped(program, &page, None, locks_off, picks.unwrap_or_default())
                } else {
                    run_program_in(program, &page, None, locks_off, picks)
                };
                assert_eq!(run.steps.is_some(), stepped);
                let numbers = run.encode();
                let back = LearnerRun::decode(&numbers, &page).expect("decodes");
                assert_eq!(format!("{back:?}"), format!("{run:?}"), "{program}");
                // A message cut short is refused, never half read.
                assert!(LearnerRun::decode(&numbers[..numbers.len() - 1], &page).is_none());
                // Asked as the page asks.
                let asked =
                    run_request("tasks=3", program, Some("hits"), locks_off, picks, stepped);
                let read = read_run_request(&asked).expect("reads");
                assert_eq!(
                    (
                        read.query,
                        read.program,
                        read.watch,
                        read.locks_off,
                        read.stepped
                    ),
                    (
                        "tasks=3",
                        program.as_str(),
                        Some("hits"),
                        locks_off,
                        stepped
                    )
                );
                assert_eq!(read.picks.as_deref(), picks);
            }
        }
    }

    #[test]
    fn an_explored_schedule_replays_to_its_outcome() {
        let program = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(*[credit() for _ in range(3)])\nasyncio.run(main())\n";
        let mut explorer = crate::py::run::explore::Explorer::new(
            program,
            page_limits(),
            Mode::default(),
            Some("balance"),
        )
        .unwrap();
        let all = explorer.finish().unwrap();
        for (outcome, _, picks) in &all.all {
            let replayed = run_program_in(program, &Scenario::article(), None, false, Some(picks));
            let outcome_value = outcome.first_value().unwrap();
            let ran = replayed.outcome.unwrap();
            assert_eq!(ran.final_balance.to_string(), outcome_value);
            // Delays are the explorer's to choose: each step takes 10 ms.
            assert!(
                ran.elapsed_ms > 0 && ran.elapsed_ms % 10 == 0,
                "{}",
                ran.elapsed_ms
            );
        }
    }
    use crate::sim::{simulate, Strategy};
    use crate::view::program::python;
    use crate::view::recording::Recording;

    fn scenario(strategy: Strategy, tasks: u32) -> Scenario {
        Scenario::article()
            .with_strategy(strategy)
            .with_tasks(tasks)
    }

    /// The page's own programs, run from their Python, end as the engine's
    /// runs of them do: balance, expected, every lost write, the elapsed time.
    #[test]
    fn the_shown_programs_run_as_the_engine_runs_them() {
        for &strategy in Strategy::ALL {
            for tasks in [1, 3, 7] {
                let scenario = scenario(strategy, tasks);
                let engine = simulate(&scenario).expect("the engine runs it");
                let learner = run_program(&python(&scenario), &scenario, None, false);
                assert_eq!(learner.error, None, "{strategy:?}");
                let outcome = learner.outcome.expect("it runs");
                // What the page shows of a run, compared at once.
                let shown = |o: &Outcome| {
                    let ending = o.is_deadlock();
                    (
                        o.final_balance,
                        o.expected_balance,
                        o.lost_writes.clone(),
                        o.elapsed_ms,
                        ending,
                    )
                };
                assert_eq!(shown(&outcome), shown(&engine), "{strategy:?} {tasks}");
                assert_eq!(learner.lines.len(), outcome.trace.len());
                // The page can index and draw it.
                let recording = Recording::finished(outcome);
                assert_eq!(recording.tasks(), engine.scenario.total_tasks());
            }
        }
    }

    #[test]
    fn what_is_printed_appears_after_the_events_before_it() {
        let program = "import asyncio\nbalance = 10\nprint('start')\nasync def credit(n):\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + n\n    print('wrote', balance)\nasync def main():\n    await asyncio.gather(credit(1), credit(2))\n    print('end', balance)\nasyncio.run(main())\n";
        let learner = run_program(program, &Scenario::article(), None, false);
        let outcome = learner.outcome.as_ref().expect("it runs");
        assert_eq!(learner.watched.as_deref(), Some("balance"));
        assert_eq!(outcome.final_balance, 12);
        assert_eq!(outcome.expected_balance, 13);
        assert_eq!(outcome.lost_count(), 1);
        assert_eq!(outcome.scenario.initial, 10);
        assert_eq!(learner.output_until(0), "start\n");
        let first_write = outcome
            .trace
            .iter()
            .position(|e| matches!(e.kind, EventKind::Wrote { .. }))
            .expect("a write");
        assert_eq!(learner.output_until(first_write), "start\n");
        // The print reads the balance (one more event), then prints.
        assert_eq!(learner.output_until(first_write + 1), "start\n");
        assert_eq!(learner.output_until(first_write + 2), "start\nwrote 11\n");
        assert_eq!(
            learner.output_until(outcome.trace.len()),
            "start\nwrote 11\nwrote 12\nend 12\n"
        );
        // Each event has its line: the reads are on line 6 (and the
        // print's, on 9), the writes on 8.
        for (event, line) in outcome.trace.iter().zip(&learner.lines) {
            match event.kind {
                EventKind::Read { .. } => assert!([6, 9].contains(line), "{line}"),
                EventKind::Wrote { .. } => assert_eq!(*line, 8),
                _ => {}
            }
        }
    }

    /// The lock switch on the learner's program: off, its lock stops no
    /// one, so the updates it saved are lost again, and the page is told
    /// which line it ignored; "Expected" stays what it was.
    #[test]
    fn the_lock_switch_off_lets_every_task_through_the_programs_lock() {
        let scenario = scenario(Strategy::Lock, 5);
        let program = python(&scenario);
        let on = run_program(&program, &scenario, None, false);
        let off = run_program(&program, &scenario, None, true);
        assert_eq!((on.switch, off.switch), (LockSwitch::On, LockSwitch::Off));
        let (on_run, off_run) = (on.outcome.expect("runs"), off.outcome.expect("runs"));
        assert_eq!(on_run.final_balance, on_run.expected_balance);
        assert!(on_run.lost_writes.is_empty());
        assert_eq!(off_run.expected_balance, on_run.expected_balance);
        assert_eq!(off_run.final_balance, scenario.initial + scenario.amount);
        assert_eq!(off_run.lost_writes.len(), 4);
        // No lock events, no lock rows; the line that was skipped is named.
        assert!(!off_run
            .trace
            .iter()
            .any(|e| matches!(e.kind, EventKind::LockAcquired { .. })));
        assert_eq!(off.lock_names, [None, None, None, None]);
        let async_with = program
            .lines()
            .position(|line| line.trim_start().starts_with("async with"))
            .map(|at| at as u32 + 1);
        assert_eq!(
            off.ignored_lock_lines,
            async_with.into_iter().collect::<Vec<_>>()
        );
        assert!(on.ignored_lock_lines.is_empty());
        // A program without a lock has nothing to switch.
        let unsafe_program = python(&scenario.clone().with_strategy(Strategy::Unsafe));
        let plain = run_program(&unsafe_program, &scenario, None, true);
        assert_eq!(plain.switch, LockSwitch::NoLock);
    }

    #[test]
    fn a_syntax_error_has_no_run_and_says_where() {
        let learner = run_program(
            "import asyncio\nasync def f(:\n    pass\n",
            &Scenario::article(),
            None,
            false,
        );
        assert!(learner.outcome.is_none());
        let error = learner.error.expect("an error");
        assert_eq!(error.line, 2);
        assert!(error.message.contains("SyntaxError"), "{}", error.message);
    }

    #[test]
    fn an_exception_keeps_the_run_so_far_and_its_line() {
        let program = "import asyncio\nbalance = 0\nasync def f():\n    global balance\n    balance = 1\n    await asyncio.sleep(0)\n    return 1 / 0\nasync def main():\n    await asyncio.gather(f())\nasyncio.run(main())\n";
        let learner = run_program(program, &Scenario::article(), None, false);
        let error = learner.error.expect("an error");
        assert_eq!(error.line, 7);
        assert_eq!(error.message, "ZeroDivisionError: division by zero");
        assert!(learner.outcome.is_some());
    }

    #[test]
    fn opposite_lock_orders_end_in_a_deadlock_with_its_cycle() {
        let scenario = scenario(Strategy::OppositeOrder, 2);
        let learner = run_program(&python(&scenario), &scenario, None, false);
        let outcome = learner.outcome.expect("it runs");
        let Some(Ending::Deadlock(deadlock)) = &outcome.ending else {
            panic!("not a deadlock: {:?}", outcome.ending);
        };
        assert_eq!(deadlock.cycle.len(), 2);
        assert_eq!(deadlock.stuck, vec![0, 1]);
        let engine = simulate(&scenario).expect("the engine runs it");
        assert_eq!(Some(Ending::Deadlock(deadlock.clone())), engine.ending);
    }

    #[test]
    fn a_program_without_tasks_or_balance_still_runs() {
        let learner = run_program("print('hello')\n", &Scenario::article(), None, false);
        assert_eq!(learner.error, None);
        assert_eq!(learner.watched, None);
        assert_eq!(learner.output_until(0), "hello\n");
        let outcome = learner.outcome.expect("it runs");
        assert!(outcome.trace.is_empty());
        let recording = Recording::finished(outcome);
        assert_eq!(recording.len(), 0);
    }

    #[test]
    fn the_learner_picks_which_shared_integer_is_the_balance() {
        let program = "import asyncio\nbalance = 0\nhits = 0\nasync def f():\n    global balance, hits\n    seen = hits\n    await asyncio.sleep(0.1)\n    hits = seen + 1\n    balance += 5\nasync def main():\n    await asyncio.gather(f(), f(), f())\nasyncio.run(main())\n";
        let by_default = run_program(program, &Scenario::article(), None, false);
        assert_eq!(by_default.watched.as_deref(), Some("balance"));
        assert_eq!(by_default.watchable, ["hits", "balance"]);
        let balance = by_default.outcome.expect("it runs");
        assert_eq!((balance.final_balance, balance.lost_count()), (15, 0));
        let picked = run_program(program, &Scenario::article(), Some("hits"), false);
        assert_eq!(picked.watched.as_deref(), Some("hits"));
        let hits = picked.outcome.expect("it runs");
        assert_eq!(
            (hits.final_balance, hits.expected_balance, hits.lost_count()),
            (1, 3, 2)
        );
        // A name that is not a shared integer falls back to the default.
        let unknown = run_program(program, &Scenario::article(), Some("seen"), false);
        assert_eq!(unknown.watched.as_deref(), Some("balance"));
    }

    #[test]
    fn locks_keep_the_names_the_program_gives_them() {
        let program = "import asyncio\nbalance = 0\nmutex = asyncio.Lock()\nlock = asyncio.Lock()\nasync def f():\n    global balance\n    async with mutex:\n        async with lock:\n            current = balance\n            await asyncio.sleep(0.1)\n            balance = current + 1\nasync def main():\n    await asyncio.gather(f(), f())\nasyncio.run(main())\n";
        let learner = run_program(program, &Scenario::article(), None, false);
        // `lock` is the article's lock; `mutex` takes the first slot left.
        assert_eq!(
            learner.lock_names,
            [
                Some("lock".to_owned()),
                Some("mutex".to_owned()),
                None,
                None
            ]
        );
        let outcome = learner.outcome.expect("it runs");
        assert_eq!(outcome.lost_count(), 0);
        let recording = Recording::finished(outcome);
        assert!(recording.uses(LockName::Lock) && recording.uses(LockName::A));
        assert!(!recording.uses(LockName::B));
    }

    /// The article's 10,000 tasks, the page's largest: "Expected" runs them
    /// one at a time too, and must not take quadratic time to do it.
    #[test]
    fn ten_thousand_tasks_race_and_are_expected_one_at_a_time() {
        let scenario = scenario(Strategy::Unsafe, 10_000);
        let learner = run_program(&python(&scenario), &scenario, None, false);
        let outcome = learner.outcome.expect("it runs");
        assert_eq!(outcome.expected_balance, 1000 + 10_000);
        assert_eq!(outcome.final_balance, 1001);
        assert_eq!(outcome.lost_count(), 9_999);
    }
}
