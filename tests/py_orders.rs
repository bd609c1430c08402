//! Every order of a learner's program, by brute force: the shown Python of
//! each strategy, interpreted and run once in every order its tasks can
//! take (every sleep may end at once, so a sleeping task is always ready),
//! ends as the engine's schedule explorer counts for the strategy's own
//! Rust: the same outcomes, the same number of orders each.

use std::collections::BTreeMap;

use racecourse::py::run::engine::balance_var;
use racecourse::py::run::orders::{every_order, Replay};
use racecourse::py::run::trace::Shown;
use racecourse::py::run::{run_chosen, Ending, Limits, ProgramRun};
use racecourse::sim::explore::{explore, Ending as Explored};
use racecourse::sim::{Scenario, Strategy};
use racecourse::view::program::python;

fn interpreted(program: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    let runs = every_order(program, Limits::default(), 200_000, |_, ran| {
        let key = match &ran.ending {
            Ending::Forever => "deadlock".to_string(),
            Ending::Completed => {
                let name = balance_var(ran)
                    .map(|v| ran.vars[v as usize].name.clone())
                    .unwrap_or_default();
                match ran.last_written(&name) {
                    Some(Shown::Int(value)) => value.to_string(),
                    other => format!("{other:?}"),
                }
            }
            other => format!("{other:?}"),
        };
        *counts.entry(key).or_insert(0) += 1;
    })
    .expect("the shown program parses");
    assert!(runs < 200_000, "too many orders to walk");
    counts
}

fn explored(scenario: &Scenario) -> BTreeMap<String, u64> {
    let exploration = explore(scenario).expect("small enough to count");
    exploration
        .outcomes
        .iter()
        .map(|(ending, count, _)| {
            let key = match ending {
                Explored::Balance(value) => value.to_string(),
                Explored::Deadlock => "deadlock".to_string(),
                Explored::Unfinished => "unfinished".to_string(),
            };
            (key, count.to_string().replace(',', "").parse().unwrap_or(0))
        })
        .collect()
}

#[test]
fn every_order_of_the_shown_python_ends_as_the_engine_explorer_counts() {
    for &strategy in Strategy::ALL {
        if strategy == Strategy::Optimistic {
            continue; // its retries never end in some orders: the explorer bounds them
        }
        for tasks in [2, 3] {
            let scenario = Scenario {
                initial: 0,
                amount: 1,
                ..Scenario::bank().with_tasks(tasks).with_strategy(strategy)
            };
            let program = python(&scenario);
            assert_eq!(
                interpreted(&program),
                explored(&scenario),
                "{strategy} with {tasks} tasks:\n{program}"
            );
        }
    }
}

#[test]
fn three_unsafe_credits_run_in_90_orders_and_6_are_right() {
    let scenario = Scenario {
        initial: 0,
        amount: 1,
        ..Scenario::bank().with_tasks(3)
    };
    let counts = interpreted(&python(&scenario));
    assert_eq!(counts.values().sum::<u64>(), 90);
    assert_eq!(counts.get("3"), Some(&6));
    assert_eq!(counts.get("2"), Some(&36));
    assert_eq!(counts.get("1"), Some(&48));
}

#[test]
fn a_schedule_replays_the_same_run() {
    let scenario = Scenario {
        initial: 0,
        amount: 1,
        ..Scenario::bank().with_tasks(3)
    };
    let program = python(&scenario);
    let mut seen = Vec::new();
    every_order(&program, Limits::default(), 20, |schedule, ran| {
        seen.push((schedule.to_vec(), ran.output.clone(), ran.events.len()));
    })
    .expect("parses");
    for (schedule, output, events) in seen {
        let (replay, _) = Replay::new(schedule);
        let again = run_chosen(&program, Limits::default(), Box::new(replay)).expect("parses");
        assert_eq!((again.output, again.events.len()), (output, events));
    }
}

/// Everything a run did, to compare two runs of one schedule.
fn summary(ran: &ProgramRun) -> String {
    format!(
        "output {:?}\nending {:?}\nglobals {:?}\nwarnings {:?}\ntasks {:?}\nevents {:?}\nelapsed {}",
        ran.output, ran.ending, ran.globals, ran.warnings, ran.tasks, ran.events, ran.elapsed
    )
}

#[test]
fn every_schedule_replays_the_same_run() {
    // Every order of every strategy's shown Python, replayed from its
    // printed schedule: the same choices among the same ready tasks, and
    // the same run, trace included.
    let mut compared = 0;
    for &strategy in Strategy::ALL {
        let scenario = Scenario {
            initial: 0,
            amount: 1,
            ..Scenario::bank().with_tasks(3).with_strategy(strategy)
        };
        let program = python(&scenario);
        every_order(&program, Limits::default(), 400, |schedule, ran| {
            let (replay, made) = Replay::new(schedule.to_vec());
            let replayed =
                run_chosen(&program, Limits::default(), Box::new(replay)).expect("parses");
            let picks: Vec<usize> = made.borrow().iter().map(|c| c.pick).collect();
            assert_eq!(picks, schedule, "{strategy}: the choices\n{program}");
            assert_eq!(
                summary(&replayed),
                summary(ran),
                "{strategy}, schedule {schedule:?}\n{program}"
            );
            compared += 1;
        })
        .expect("parses");
    }
    assert!(compared > 1000, "{compared} runs compared");
}
