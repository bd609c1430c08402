//! The Python the page shows is a program CPython runs to the page's result.
//!
//! For every strategy, the Python tab's text (`view::program::python`,
//! filled in with a run's settings) is run by `python3` with `asyncio.run`
//! and real sleeps, and the balance it prints is the engine's final balance
//! for the same settings. The deadlock's program must not finish at all.

use std::process::Command;

use racecourse::sim::{simulate, Ending, Scenario, Strategy};
use racecourse::view::program::python;

/// What CPython printed as the final balance, or `None` if the program
/// was still running after `seconds`.
fn run_python(program: &str, seconds: u32) -> Option<i64> {
    let output = Command::new("timeout")
        .arg(seconds.to_string())
        .args(["python3", "-c", program])
        .output()
        .expect("timeout and python3 run");
    if output.status.code() == Some(124) {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "python3 failed:\n{program}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Final"))
        .unwrap_or_else(|| panic!("no final balance printed:\n{stdout}"));
    let value = line.rsplit(' ').next().unwrap_or_default();
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("not a balance: {line}")),
    )
}

#[test]
fn every_shown_program_prints_the_engines_final_balance() {
    let settings = [
        Scenario {
            delay_ms: 20,
            ..Scenario::bank().with_tasks(3)
        },
        Scenario {
            initial: 0,
            amount: -5,
            delay_ms: 10,
            ..Scenario::bank().with_tasks(4)
        },
    ];
    for scenario in settings {
        for &strategy in Strategy::ALL {
            let scenario = scenario.clone().with_strategy(strategy);
            let outcome = simulate(&scenario).expect("valid");
            let program = python(&scenario);
            // A deadlocked program gets two seconds to show it hangs; the
            // others take well under one, and may take thirty.
            let deadlocks = outcome.is_deadlock();
            let printed = run_python(&program, if deadlocks { 2 } else { 30 });
            match outcome.ending {
                Some(Ending::Deadlock(_)) => assert_eq!(
                    printed, None,
                    "{strategy}: the engine deadlocks, so CPython must hang:\n{program}"
                ),
                _ => assert_eq!(
                    printed,
                    Some(outcome.final_balance),
                    "{strategy} with {} tasks:\n{program}",
                    scenario.tasks
                ),
            }
        }
    }
}
