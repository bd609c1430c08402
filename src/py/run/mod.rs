//! Runs a learner's program as CPython would: the module's statements in
//! order, and `asyncio.run(main())` on asyncio's own event loop (see
//! [`aio`]), on a virtual clock that jumps to the next timer. What the
//! program printed, where it stopped and why, and the trace of every
//! shared read and write, sleep and lock come back in a [`ProgramRun`].
//!
//! ```
//! use racecourse::py::run::{run, Limits};
//!
//! let program = "
//! import asyncio
//! balance = 0
//! async def credit():
//!     global balance
//!     current = balance
//!     await asyncio.sleep(0.1)
//!     balance = current + 1
//! async def main():
//!     await asyncio.gather(*[credit() for _ in range(3)])
//!     print(balance)
//! asyncio.run(main())
//! ";
//! let run = run(program, Limits::default()).unwrap();
//! assert_eq!(run.output, "1\n"); // two of the three credits were lost
//! assert_eq!(run.lost().len(), 2);
//! ```

pub mod aio;
pub mod builtins;
mod calls;
mod case;
mod compile;
mod digits;
pub mod engine;
pub mod explore;
mod format;
mod hash;
pub mod interp;
pub mod key;
mod objects;
mod ops;
pub mod orders;
pub mod scope;
pub mod sync;
pub mod trace;
pub mod value;
mod vm;

use std::rc::Rc;

use aio::{cancel_future, run_until_complete, FutState, Halt};
use interp::{Interp, Raise, R};
pub use interp::{Limits, Stop};
pub use ops::stable_order;
use trace::{lost_updates, Lost, TraceEvent, Var};
use value::Value;

use super::link::MAX_PROGRAM;
use super::{parse, PyError};

/// How a program ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    Completed,
    /// An exception nothing caught: Python's last traceback line, and its line.
    Exception {
        message: String,
        line: u32,
    },
    /// Nothing could ever run again, yet `asyncio.run` had not returned:
    /// CPython would wait forever.
    Forever,
    /// The playground stopped it (an endless loop, a limit).
    Stopped {
        message: String,
        line: u32,
    },
}

pub struct ProgramRun {
    pub output: String,
    pub ending: Ending,
    pub events: Vec<TraceEvent>,
    pub vars: Vec<Var>,
    pub locks: Vec<String>,
    /// Each task's name, by id (0 is `asyncio.run`'s main task).
    pub tasks: Vec<aio::TaskName>,
    /// Virtual seconds from the first statement to the last.
    pub elapsed: f64,
    /// What CPython writes to stderr without stopping (never-awaited
    /// coroutines, task exceptions never retrieved).
    pub warnings: Vec<String>,
    /// The module's data variables at the end, by name: `repr` of each.
    pub globals: Vec<(String, String)>,
    /// With the lock switch off, the lines where a task went through an
    /// `asyncio.Lock` that stopped no one (each once, in order).
    pub ignored_lock_lines: Vec<u32>,
    /// How many `asyncio.Lock`s the program made (what the switch acts on).
    pub locks_made: u32,
    /// The most times one task suspended while holding a lock, in one hold.
    pub most_awaits_in_lock: u32,
}

impl ProgramRun {
    pub fn lost(&self) -> Vec<Lost> {
        lost_updates(&self.events, self.vars.len())
    }

    /// How many different locks a task took (not only made).
    pub fn locks_taken(&self) -> u32 {
        let mut taken: Vec<u32> = self
            .events
            .iter()
            .filter_map(|e| match e.kind {
                trace::TraceKind::Acquired { lock } => Some(lock),
                _ => None,
            })
            .collect();
        taken.sort_unstable();
        taken.dedup();
        taken.len() as u32
    }

    /// The last value a task wrote to the traced variable `name`.
    pub fn last_written(&self, name: &str) -> Option<&trace::Shown> {
        let var = self.vars.iter().position(|v| v.name == name)? as u32;
        self.events.iter().rev().find_map(|e| match &e.kind {
            trace::TraceKind::Wrote { var: v, value, .. } if *v == var => Some(value),
            _ => None,
        })
    }

    /// The one-line message of a program that did not complete.
    pub fn error_message(&self) -> Option<String> {
        match &self.ending {
            Ending::Completed => None,
            Ending::Exception { message, line } | Ending::Stopped { message, line } => {
                Some(format!("line {line}: {message}"))
            }
            Ending::Forever => Some(
                "every task is waiting and nothing can wake one: asyncio would wait forever"
                    .to_string(),
            ),
        }
    }
}

/// Parses and runs `source`. A program that does not parse is an `Err`
/// with CPython's message; one that fails while running still returns
/// what it printed and did, with its ending.
pub fn run(source: &str, limits: Limits) -> Result<ProgramRun, PyError> {
    run_in(source, limits, Mode::default())
}

/// Runs `source` with its tasks one at a time, each to its end before the
/// next begins: what the program computes when nothing races. Its final
/// values are what the page calls "Expected".
pub fn run_serially(source: &str, limits: Limits) -> Result<ProgramRun, PyError> {
    run_in(
        source,
        limits,
        Mode {
            serial: true,
            ..Mode::default()
        },
    )
}

/// How a program is run, beyond its limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mode {
    /// The tasks one at a time ([`run_serially`]).
    pub serial: bool,
    /// The lock switch, off: every `asyncio.Lock` the program makes lets
    /// every task through at once, as if its `async with lock:` lines
    /// (and `acquire`/`release` calls) were not there; `locked()` is
    /// always False. Semaphores, events and queues are unchanged.
    pub locks_off: bool,
    /// Where only the order counts, each step moves the clock on by 10 ms
    /// (a schedule replayed in the lanes, where time is how it is drawn).
    pub paced: bool,
    /// The program may read tasks' names ([`reads_task_names`]): the
    /// explorer's keys tell every task apart.
    pub names_read: bool,
    /// A goal is checked over every schedule: a lost update marks the
    /// outcome ([`explore::Outcome::LostUpdate`]), and the explorer's keys
    /// keep what lost updates and awaits inside a lock depend on.
    pub goal_checked: bool,
}

/// Runs `source` in `mode`.
pub fn run_in(source: &str, limits: Limits, mode: Mode) -> Result<ProgramRun, PyError> {
    run_with(source, limits, mode, None)
}

/// Runs `source` where only the order counts (every sleep may end at once),
/// with `chooser` picking the next task whenever more than one is ready.
pub fn run_chosen(
    source: &str,
    limits: Limits,
    chooser: Box<dyn aio::Chooser>,
) -> Result<ProgramRun, PyError> {
    run_with(source, limits, Mode::default(), Some(chooser))
}

/// Runs `source` in `mode` following `picks`, a schedule the explorer
/// found ([`orders::Replay`]: past its end, asyncio's own order).
pub fn run_replayed(
    source: &str,
    limits: Limits,
    mode: Mode,
    picks: &[u32],
) -> Result<ProgramRun, PyError> {
    let (replay, _) = orders::Replay::new(picks.iter().map(|&p| p as usize).collect());
    run_with(source, limits, mode, Some(Box::new(replay)))
}

/// Runs `source` in `mode` following `picks` exactly, stopped at the
/// next choice after them ([`orders::Stepper`]): the learner's schedule
/// so far, and where it stopped.
pub fn run_stepped(
    source: &str,
    limits: Limits,
    mode: Mode,
    picks: &[u32],
) -> Result<(ProgramRun, orders::Stepped), PyError> {
    let (stepper, stepped) = orders::Stepper::new(picks.iter().map(|&p| p as usize).collect());
    let ran = run_with(source, limits, mode, Some(Box::new(stepper)))?;
    let stepped = stepped.borrow().clone();
    Ok((ran, stepped))
}

fn run_with(
    source: &str,
    limits: Limits,
    mode: Mode,
    chooser: Option<Box<dyn aio::Chooser>>,
) -> Result<ProgramRun, PyError> {
    let module = parse_program(source)?;
    Ok(run_parsed(&module, limits, mode, chooser, false))
}

/// Whether `source` may read a task's name: it mentions `get_name`,
/// `current_task` or `all_tasks` (a default name comes from the task's
/// id). Anywhere, comments too: a wrong yes costs speed, never a count.
pub fn reads_task_names(source: &str) -> bool {
    ["get_name", "current_task", "all_tasks"]
        .iter()
        .any(|name| source.contains(name))
}

/// Parses a program, refusing one longer than the playground runs.
pub fn parse_program(source: &str) -> Result<crate::py::ast::Module, PyError> {
    if source.len() > MAX_PROGRAM {
        return Err(PyError::new(
            super::ErrorKind::NotInPlayground,
            format!(
                "this program is {} bytes long; the playground runs programs of up to {} bytes",
                crate::view::text::grouped(source.len() as u64),
                crate::view::text::grouped(MAX_PROGRAM as u64)
            ),
            1,
            1,
        ));
    }
    parse(source)
}

/// Runs a parsed program; `keyed`: every suspended task keeps its state
/// where the explorer can read it ([`key`]).
pub fn run_parsed(
    module: &crate::py::ast::Module,
    limits: Limits,
    mode: Mode,
    chooser: Option<Box<dyn aio::Chooser>>,
    keyed: bool,
) -> ProgramRun {
    let interp = Interp::new(limits);
    interp.rt.serial.set(mode.serial);
    interp.locks_off.set(mode.locks_off);
    *interp.rt.chooser.borrow_mut() = chooser;
    interp.rt.keyed.set(keyed);
    interp.rt.paced.set(mode.paced);
    interp.rt.names_read.set(mode.names_read);
    interp.rt.goal_checked.set(mode.goal_checked);
    let result = vm::run_module(&interp, &module.body);
    let ending = match result {
        Ok(()) => Ending::Completed,
        Err(Raise::Exception(exc)) => Ending::Exception {
            message: exception_line(&exc),
            line: raised_at(&exc),
        },
        Err(Raise::Stop(stop)) if *stop == Stop::Forever => Ending::Forever,
        Err(Raise::Stop(stop)) => Ending::Stopped {
            message: stop_message(&stop),
            line: interp.line.get(),
        },
    };
    let globals: Vec<(String, String)> = interp
        .globals
        .borrow()
        .iter()
        .filter(|(name, value)| !name.starts_with(' ') && interp::is_data(value))
        .map(|(name, value)| (name.to_string(), value.repr()))
        .collect();
    let globals = ops::sorted_by(&globals, &mut |a, b| a < b);
    let tasks = {
        let all = interp.rt.tasks.borrow();
        let mut names = Vec::with_capacity(all.len());
        names.extend(
            all.iter()
                .filter_map(|t| t.task.as_ref().map(|p| p.label())),
        );
        names
    };
    let elapsed = interp.rt.now.get();
    // Read before the teardown, which may step tasks to close them.
    let most_awaits_in_lock = interp.rt.most_awaits_in_lock.get();
    interp.teardown();
    let recorder = std::mem::take(&mut *interp.recorder.borrow_mut());
    let warnings = interp.warnings.borrow().clone();
    let output = std::mem::take(&mut *interp.output.borrow_mut());
    let ignored_lock_lines = std::mem::take(&mut *interp.ignored_lock_lines.borrow_mut());
    ProgramRun {
        output,
        ending,
        events: recorder.events,
        vars: recorder.vars,
        locks: recorder.locks,
        tasks,
        elapsed,
        warnings,
        globals,
        ignored_lock_lines,
        locks_made: interp.locks_made.get(),
        most_awaits_in_lock,
    }
}

/// `ValueError: message`, as the last line of a traceback.
fn exception_line(exc: &Value) -> String {
    match exc {
        Value::Instance(instance) => {
            let text = value::exception_str(instance);
            if text.is_empty() {
                instance.class.name.to_string()
            } else {
                format!("{}: {text}", instance.class.name)
            }
        }
        other => other.repr(),
    }
}

fn raised_at(exc: &Value) -> u32 {
    match exc {
        Value::Instance(instance) => instance.raised_at.get(),
        _ => 0,
    }
}

fn task_label(task: Option<u32>) -> String {
    match task {
        Some(0) => "main()".to_string(),
        Some(id) => format!("T{id}"),
        None => "The program".to_string(),
    }
}

fn stop_message(stop: &Stop) -> String {
    match stop {
        Stop::Endless { task, steps } => format!(
            "{} has not awaited for {} steps: an endless loop?",
            task_label(*task),
            crate::view::text::grouped(*steps)
        ),
        Stop::Budget => {
            "the program ran too long for the playground and was stopped: try fewer tasks or shorter loops"
                .to_string()
        }
        Stop::TooManyTasks(limit) => format!(
            "the program made more than {} tasks, the playground's limit",
            crate::view::text::grouped(*limit as u64)
        ),
        Stop::Internal(what) => format!("the playground failed: {what}"),
        Stop::Abandoned => "the explorer stopped this run".to_string(),
        Stop::Forever => "every task is waiting and nothing can wake one".to_string(),
    }
}

/// `asyncio.run(coro)`: a new loop runs the coroutine as the main task,
/// then cancels whatever tasks are left, as `asyncio.Runner` does.
pub fn run_main(interp: &Rc<Interp>, main: Value) -> R<Value> {
    let rt = &interp.rt;
    if rt.running.get() {
        return Err(interp.error(
            "RuntimeError",
            "asyncio.run() cannot be called from a running event loop",
        ));
    }
    let Value::Coroutine(coro) = main else {
        return Err(interp.error(
            "ValueError",
            format!("a coroutine was expected, got {}", main.repr()),
        ));
    };
    let Some(body) = coro.take() else {
        return Err(interp.error("RuntimeError", "cannot reuse already awaited coroutine"));
    };
    let task = rt.create_task(None, body.boxed(interp));
    let halted = |halt: Halt| match halt {
        Halt::Stop(stop) => Raise::from(stop),
        Halt::Forever => Raise::from(Stop::Forever),
    };
    run_until_complete(interp, &task).map_err(halted)?;
    let rest = rt.unfinished_tasks();
    if !rest.is_empty() {
        for t in &rest {
            cancel_future(rt, t);
        }
        let remaining = rest.into_iter().map(Value::Future).collect();
        if let Value::Future(all) = sync::gather(interp, remaining, true)? {
            run_until_complete(interp, &all).map_err(halted)?;
        }
    }
    for t in rt.tasks.borrow().iter().skip(1) {
        if let (FutState::Failed(exc), false) = (t.state(), t.retrieved.get()) {
            interp.warnings.borrow_mut().push(format!(
                "Task exception was never retrieved: {}",
                exception_line(&exc)
            ));
        }
    }
    rt.clear();
    sync::result_of(interp, &task)
}
