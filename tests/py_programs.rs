//! The interpreter against CPython: seeded random programs in the
//! playground's subset (tasks made by `gather` and `create_task`, locks, a
//! semaphore, an event, a queue, sleeps of random lengths, reads and writes
//! of shared variables, branches, loops, exceptions, prints of the virtual
//! clock) run by the interpreter and by CPython's own event loop on an
//! exact virtual clock (`tests/py_oracle.py`). What they print, how they
//! end and the final value of every module variable must be equal; every
//! shared write prints at once, so the order of writes is compared too.
//!
//! `RACECOURSE_PY_PROGRAMS=10000 cargo test --release --test py_programs`
//! runs more than the default 500.

mod common;

use common::generator::program;
use common::programs::{cpython, ending_text, Reported};

use racecourse::py::run::trace::TraceKind;
use racecourse::py::run::{run, Limits, ProgramRun};

#[test]
fn random_programs_run_as_under_cpython() {
    let count: u64 = std::env::var("RACECOURSE_PY_PROGRAMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let first_seed = 1;
    let programs: Vec<String> = (first_seed..first_seed + count).map(program).collect();
    let mut expected = Vec::new();
    for chunk in programs.chunks(500) {
        expected.extend(cpython(chunk));
    }
    assert_eq!(expected.len(), programs.len());
    let mut writes_checked = 0;
    for (
        program,
        Reported {
            output,
            ending,
            globals,
            ..
        },
    ) in programs.iter().zip(expected)
    {
        let ran: ProgramRun =
            run(program, Limits::default()).unwrap_or_else(|e| panic!("{e}\n{program}"));
        writes_checked += same_as_cpython(program, &ran, &output, &ending, &globals);
    }
    assert!(
        writes_checked > count as usize,
        "the programs write the balance"
    );
}

/// Checks one run against CPython's; the number of writes of `balance` checked.
fn same_as_cpython(
    program: &str,
    ran: &ProgramRun,
    output: &str,
    ending: &str,
    globals: &[(String, String)],
) -> usize {
    let context = || {
        format!(
            "program:\n{program}\nCPython printed:\n{output}\nthe interpreter printed:\n{}",
            ran.output
        )
    };
    assert_eq!(ran.output, output, "{}", context());
    assert_eq!(ending_text(&ran.ending), ending, "{}", context());
    assert_eq!(ran.globals, globals, "{}", context());
    // The trace's writes of `balance`, in order, are the ones printed.
    let balance = ran.vars.iter().position(|v| v.name == "balance");
    let traced: Vec<String> = ran
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Wrote { var, value, .. } if Some(*var as usize) == balance => {
                Some(format!("{value:?}"))
            }
            _ => None,
        })
        .collect();
    let printed: Vec<String> = output
        .lines()
        .filter(|l| l.starts_with("w balance"))
        .map(|l| {
            let value = if l.starts_with("w balance consumed") {
                l.split(' ').nth(4)
            } else {
                l.split(' ').nth(3)
            };
            format!("Int({})", value.unwrap_or_default())
        })
        .collect();
    assert_eq!(traced, printed, "{}", context());
    traced.len()
}
