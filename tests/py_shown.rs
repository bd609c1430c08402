//! The code the learner reads is the code that runs, twice over: each of
//! the twelve programs the page shows, run by the interpreter from its
//! shown Python, does what its Rust strategy does: the same events (reads
//! and writes of the balance, I/O, locks, the queue), by the same tasks, at
//! the same virtual times, in the same order. Checked with one delay for
//! every task (ties everywhere, including `sleep(0)`) and with a delay of
//! each task's own.

use racecourse::py::run::engine::{balance_var, engine_events};
use racecourse::py::run::trace::Shown;
use racecourse::py::run::{run, run_serially, Ending, Limits};
use racecourse::sim::{simulate, Event, EventKind, Scenario, Strategy};
use racecourse::view::program::python;

/// The events both tell: the engine's "retried" has no line of its own in
/// the Python (it is the `if` that fails), so it is left out of both.
fn comparable(events: &[Event]) -> Vec<Event> {
    events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Retried))
        .copied()
        .collect()
}

/// The shown program with each task sleeping its own delay: task k (named
/// `Task-(k+2)` by asyncio, after main's `Task-1`) sleeps `delays[k]`.
fn with_own_delays(program: &str, delay_ms: u64, delays: &[u64]) -> String {
    let seconds = racecourse::view::program::seconds(delay_ms);
    let own = "DELAYS[int(asyncio.current_task().get_name()[5:]) - 2]";
    let listed: Vec<String> = delays
        .iter()
        .map(|d| racecourse::view::program::seconds(*d))
        .collect();
    let program = program.replace(
        &format!("asyncio.sleep({seconds})"),
        &format!("asyncio.sleep({own})"),
    );
    program.replacen(
        "import asyncio\n",
        &format!("import asyncio\nDELAYS = [{}]\n", listed.join(", ")),
        1,
    )
}

fn check(scenario: &Scenario, program: &str) {
    let strategy = scenario.strategy;
    let outcome = simulate(scenario).expect("a valid scenario");
    let ran =
        run(program, Limits::default()).unwrap_or_else(|e| panic!("{strategy}: {e}\n{program}"));
    let balance = balance_var(&ran);
    let interpreted = engine_events(&ran, balance);
    let expected = comparable(&outcome.trace);
    let got = comparable(&interpreted);
    let first_difference = expected.iter().zip(&got).position(|(a, b)| a != b);
    assert!(
        expected == got,
        "{strategy}: the interpreter's trace differs from the engine's at event {:?} (engine {} events, interpreter {}):\nengine: {:?}\ninterpreter: {:?}\n{program}",
        first_difference,
        expected.len(),
        got.len(),
        first_difference.and_then(|i| expected.get(i)),
        first_difference.and_then(|i| got.get(i)),
    );
    match (&outcome.ending, &ran.ending) {
        (Some(racecourse::sim::Ending::Deadlock(_)), Ending::Forever) => {}
        (Some(racecourse::sim::Ending::Completed), Ending::Completed) => {
            let printed = ran.output.lines().last().unwrap_or_default();
            let final_balance = printed.rsplit(' ').next().unwrap_or_default();
            assert_eq!(
                final_balance,
                outcome.final_balance.to_string(),
                "{strategy}: {}",
                ran.output
            );
        }
        (engine, interpreter) => {
            panic!("{strategy}: the engine ended {engine:?}, the interpreter {interpreter:?}")
        }
    }
}

#[test]
fn every_shown_program_runs_as_its_strategy_with_tied_timings() {
    for (tasks, delay_ms) in [(3, 100), (5, 20), (4, 0), (1, 10)] {
        for &strategy in Strategy::ALL {
            let scenario = Scenario {
                delay_ms,
                ..Scenario::bank().with_tasks(tasks).with_strategy(strategy)
            };
            check(&scenario, &python(&scenario));
        }
    }
}

#[test]
fn every_shown_program_runs_as_its_strategy_with_each_tasks_own_delay() {
    for delays in [
        vec![30, 10, 20],
        vec![10, 10, 40, 20],
        vec![50, 40, 30, 20, 10],
    ] {
        for &strategy in Strategy::ALL {
            let scenario = Scenario {
                delay_ms: 100,
                delays: Some(delays.clone()),
                ..Scenario::bank()
                    .with_tasks(delays.len() as u32)
                    .with_strategy(strategy)
            };
            let shown = python(&Scenario {
                delays: None,
                ..scenario.clone()
            });
            check(
                &scenario,
                &with_own_delays(&shown, scenario.delay_ms, &delays),
            );
        }
    }
}

#[test]
fn the_article_at_a_thousand_tasks_loses_999_updates_as_the_engine_does() {
    let scenario = Scenario::article();
    let ran = run(&python(&scenario), Limits::default()).expect("the article's program parses");
    assert_eq!(ran.output.trim_end().rsplit(' ').next(), Some("1001"));
    assert_eq!(ran.lost().len(), 999);
    check(&scenario, &python(&scenario));
}

#[test]
fn expected_is_what_each_program_ends_at_with_its_tasks_one_at_a_time() {
    for &strategy in Strategy::ALL {
        let scenario = Scenario {
            delay_ms: 50,
            ..Scenario::bank().with_tasks(4).with_strategy(strategy)
        };
        let program = python(&scenario);
        let serial = run_serially(&program, Limits::default()).expect("parses");
        let balance = serial
            .vars
            .iter()
            .find(|v| v.name == "balance" || v.name == "self._value");
        let name = balance.map(|v| v.name.clone()).unwrap_or_default();
        if strategy.to_string() == "opposite-order" {
            // One at a time, the two locks are never held against each other.
            assert_eq!(serial.ending, Ending::Completed, "{strategy}");
        }
        assert_eq!(
            serial.last_written(&name),
            Some(&Shown::Int(scenario.expected_balance())),
            "{strategy}: one task at a time\n{}",
            serial.output
        );
        // And racing, the unsafe ones end elsewhere.
        let raced = run(&program, Limits::default()).expect("parses");
        let outcome = simulate(&scenario).expect("valid");
        if outcome.ending == Some(racecourse::sim::Ending::Completed) {
            assert_eq!(
                raced.last_written(&name),
                Some(&Shown::Int(outcome.final_balance)),
                "{strategy}"
            );
        }
    }
}
