//! The lock switch on a learner's program. Off, every `asyncio.Lock` the
//! program makes lets every task through at once: the program runs as if
//! its `async with lock:` lines were not there. That is checked against
//! CPython running the same program with `asyncio.Lock` replaced by a lock
//! that stops no one (one line put before the program, so CPython's lines
//! are ours plus one): what it prints, how it ends, on which line, and its
//! module variables must be equal. The programs are the twelve the page
//! shows and seeded random ones that take locks in every way the subset
//! has (`async with`, `acquire`/`release`, a lock in an object, two locks).

mod common;

use common::generator::program;
use common::programs::{assert_none_differ, cpython, ending_text};
use racecourse::py::run::{run, run_in, Ending, Limits, Mode, ProgramRun};
use racecourse::sim::{Scenario, Strategy};
use racecourse::view::program::python;

/// What "off" means, in CPython's terms, on one line.
const NO_LOCK: &str = "import asyncio; exec(\"class _NoLock:\\n    async def acquire(self):\\n        return True\\n    def release(self):\\n        pass\\n    def locked(self):\\n        return False\\n    async def __aenter__(self):\\n        return None\\n    async def __aexit__(self, *exc):\\n        return None\\nasyncio.Lock = _NoLock\\n\")\n";

const OFF: Mode = Mode {
    serial: false,
    locks_off: true,
    paced: false,
    names_read: false,
    goal_checked: false,
};

fn line(ending: &Ending) -> u32 {
    match ending {
        Ending::Exception { line, .. } | Ending::Stopped { line, .. } => *line,
        Ending::Completed | Ending::Forever => 0,
    }
}

/// The programs that differ between the interpreter (locks off) and
/// CPython (locks replaced), and the interpreter's runs.
fn differing(programs: &[String]) -> (Vec<String>, Vec<ProgramRun>) {
    let replaced: Vec<String> = programs.iter().map(|p| format!("{NO_LOCK}{p}")).collect();
    let mut expected = Vec::new();
    for chunk in replaced.chunks(500) {
        expected.extend(cpython(chunk));
    }
    assert_eq!(expected.len(), programs.len());
    let mut wrong = Vec::new();
    let mut runs = Vec::new();
    for (program, cpython) in programs.iter().zip(expected) {
        let ran = run_in(program, Limits::default(), OFF)
            .unwrap_or_else(|error| panic!("{program}\ndoes not parse: {error}"));
        let at = line(&ran.ending);
        let ours = (
            ran.output.as_str(),
            ending_text(&ran.ending),
            at,
            &ran.globals,
        );
        let theirs = (
            cpython.output.as_str(),
            cpython.ending.clone(),
            cpython.line.saturating_sub(1),
            &cpython.globals,
        );
        if ours != theirs {
            wrong.push(format!(
                "{program}\n--- CPython (locks replaced):\n{theirs:?}\n--- the interpreter (locks off):\n{ours:?}\n"
            ));
        }
        runs.push(ran);
    }
    (wrong, runs)
}

fn shown_programs() -> Vec<String> {
    Strategy::ALL
        .iter()
        .map(|&strategy| {
            python(&Scenario {
                tasks: 6,
                ..Scenario::bank().with_strategy(strategy)
            })
        })
        .collect()
}

#[test]
fn the_shown_programs_with_the_locks_off_run_as_cpython_without_locks() {
    let programs = shown_programs();
    let (wrong, runs) = differing(&programs);
    assert_none_differ(&wrong, programs.len());
    // No lock is ever held, so none is traced, and the two-lock programs
    // cannot deadlock.
    for (program, ran) in programs.iter().zip(&runs) {
        assert!(ran.locks.is_empty(), "{program}\n{:?}", ran.locks);
        assert_ne!(ran.ending, Ending::Forever, "{program}");
    }
}

#[test]
fn random_programs_with_the_locks_off_run_as_cpython_without_locks() {
    let programs: Vec<String> = (1..=200).map(program).collect();
    let (wrong, runs) = differing(&programs);
    assert_none_differ(&wrong, programs.len());
    let went_through = runs
        .iter()
        .filter(|r| !r.ignored_lock_lines.is_empty())
        .count();
    assert!(
        went_through > programs.len() / 4,
        "only {went_through} of {} programs went through a lock",
        programs.len()
    );
}

#[test]
fn the_switch_off_brings_the_lost_updates_back_and_names_the_lock_lines() {
    let program = python(&Scenario::article().with_strategy(Strategy::Lock));
    let balance = |ran: &ProgramRun| {
        ran.globals
            .iter()
            .find(|(name, _)| name == "balance")
            .map(|(_, value)| value.clone())
    };
    let on = run(&program, Limits::default()).expect("parses");
    assert_eq!(balance(&on).as_deref(), Some("2000"));
    assert!(on.ignored_lock_lines.is_empty());
    assert_eq!(on.locks.len(), 1);

    let off = run_in(&program, Limits::default(), OFF).expect("parses");
    assert_eq!(balance(&off).as_deref(), Some("1001"));
    assert!(off.locks.is_empty());
    // The one `async with` line, named once however many tasks passed it.
    let async_with: Vec<u32> = program
        .lines()
        .enumerate()
        .filter(|(_, text)| text.trim_start().starts_with("async with"))
        .map(|(at, _)| at as u32 + 1)
        .collect();
    assert_eq!(off.ignored_lock_lines, async_with);
    // The serial run is unchanged by the switch: the same "Expected".
    let serial = Mode {
        serial: true,
        ..OFF
    };
    let expected = run_in(&program, Limits::default(), serial).expect("parses");
    assert_eq!(balance(&expected).as_deref(), Some("2000"));
}
