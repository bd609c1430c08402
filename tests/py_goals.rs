//! "Fix it" exercises, checked end to end: each program as the learner
//! gets it fails its goal, with a counterexample whose schedule, replayed,
//! shows the failure; each worked fix is proven; and CPython's asyncio runs
//! both as the playground does (`tests/py_oracle.py`).

mod common;

use common::programs::{cpython, ending_text};

use racecourse::lab::program::summarize;
use racecourse::py::run::orders::Replay;
use racecourse::py::run::{run, run_chosen, Ending, Limits};
use racecourse::view::exercises::EXERCISES;
use racecourse::view::explored::Question;
use racecourse::view::goal::{Claim, Goal, Verdict};

fn verdict(program: &str, goal: Goal, watch: Option<&str>) -> Verdict {
    let question = Question {
        program: std::rc::Rc::from(program),
        locks_off: false,
        watched: watch.map(str::to_owned),
        goal: Some(goal),
    };
    summarize(&question, || 0.0, |_| {})
        .expect("runs")
        .verdict
        .expect("a goal was asked")
}

#[test]
fn every_exercise_fails_as_given_and_its_fix_is_proven() {
    for exercise in EXERCISES {
        let goal = exercise.goal;
        let given = verdict(exercise.program, goal, exercise.watch);
        let Verdict::Counterexample(why, picks) = &given else {
            panic!("{}: {given:?}", exercise.id);
        };
        // The counterexample, replayed, fails the goal as it says.
        let replay = Replay::new(picks.iter().map(|&p| p as usize).collect()).0;
        let ran = run_chosen(exercise.program, Limits::default(), Box::new(replay)).expect("runs");
        let failed = match goal.claim {
            Claim::Balance(n) => {
                let name = exercise.watch.unwrap_or("balance");
                let value = ran
                    .globals
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone());
                value != Some(n.to_string())
            }
            Claim::NoLostUpdate => !ran.lost().is_empty(),
            Claim::NoDeadlock => ran.ending == Ending::Forever,
            Claim::Correct => true,
        };
        let too_many_awaits = goal
            .most_awaits_in_lock
            .is_some_and(|k| ran.most_awaits_in_lock > k);
        assert!(
            failed || too_many_awaits,
            "{}: {why}, replayed: {:?}",
            exercise.id,
            ran.globals
        );
        let fixed = verdict(exercise.fixed, goal, exercise.watch);
        assert!(
            matches!(fixed, Verdict::Proven(_)),
            "{}: {fixed:?}",
            exercise.id
        );
        eprintln!("{}: {why} / {}", exercise.id, fixed.text());
    }
}

#[test]
fn the_exercises_run_as_cpython_runs_them() {
    let programs: Vec<String> = EXERCISES
        .iter()
        .flat_map(|e| [e.program.to_owned(), e.fixed.to_owned()])
        .collect();
    let reported = cpython(&programs);
    assert_eq!(reported.len(), programs.len());
    for (program, expected) in programs.iter().zip(&reported) {
        let ran = run(program, Limits::default()).expect("runs");
        assert_eq!(ran.output, expected.output, "{program}");
        assert_eq!(ending_text(&ran.ending), expected.ending, "{program}");
    }
}

#[test]
fn a_lock_around_the_io_passes_the_balance_but_not_the_bound_on_awaits() {
    // The third exercise's trap: one lock around everything is right, and
    // makes every credit wait for every other's I/O.
    let too_narrow = EXERCISES
        .iter()
        .find(|e| e.id == "too-narrow")
        .expect("exists");
    let one_big_lock = EXERCISES
        .iter()
        .find(|e| e.id == "unsafe-credit")
        .expect("exists")
        .fixed;
    let goal = too_narrow.goal;
    let got = verdict(one_big_lock, goal, Some("balance"));
    assert!(
        matches!(&got, Verdict::Counterexample(why, _) if why.contains("awaits once while it holds a lock")),
        "{got:?}"
    );
    let without_bound = Goal {
        most_awaits_in_lock: None,
        ..goal
    };
    assert!(matches!(
        verdict(one_big_lock, without_bound, Some("balance")),
        Verdict::Proven(_)
    ));
}

#[test]
fn one_lock_for_both_accounts_ends_the_deadlock_but_not_the_exercise() {
    let exercise = EXERCISES
        .iter()
        .find(|e| e.id == "opposite-order")
        .expect("exists");
    // Both transfers under one lock: no deadlock, and one lock only.
    let one_lock = exercise
        .program
        .replace("async with savings_lock:", "async with checking_lock:")
        .replace("async with checking_lock:\n        await asyncio.sleep(0.1)  # check the funds\n        async with checking_lock:", "async with checking_lock:\n        await asyncio.sleep(0.1)  # check the funds\n        if True:");
    assert_eq!(one_lock.matches("async with").count(), 2, "{one_lock}");
    let got = verdict(&one_lock, exercise.goal, exercise.watch);
    assert!(
        matches!(&got, Verdict::Counterexample(why, picks) if why.contains("takes 1 lock") && picks.is_empty()),
        "{got:?}"
    );
    let without_bound = Goal {
        least_locks: None,
        ..exercise.goal
    };
    assert!(matches!(
        verdict(&one_lock, without_bound, exercise.watch),
        Verdict::Proven(_)
    ));
}

#[test]
fn every_kind_of_goal_is_judged() {
    let article = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit(), credit())\nasyncio.run(main())\n";
    let goal = |text: &str| Goal::parse(text).expect("a goal");
    for (text, status, says) in [
        ("correct", "counterexample", "84 of 90 schedules fail"),
        ("no-lost-update", "counterexample", "an update lost"),
        ("no-deadlock", "proven", "all 90 schedules finish"),
        ("balance:1", "counterexample", "of 90 schedules fail"),
        ("balance:3", "counterexample", "84 of 90 schedules fail"),
    ] {
        let got = verdict(article, goal(text), None);
        assert_eq!(got.status(), status, "{text}: {got:?}");
        assert!(got.text().contains(says), "{text}: {}", got.text());
    }
    // A program with no shared integer cannot be held to a balance.
    let quiet =
        "import asyncio\nasync def main():\n    await asyncio.sleep(0)\nasyncio.run(main())\n";
    assert_eq!(verdict(quiet, goal("balance:3"), None).status(), "unproven");
    assert_eq!(verdict(quiet, goal("no-deadlock"), None).status(), "proven");
    // Schedules that never end cannot prove "no deadlock".
    let spin = "import asyncio\nflag = 0\nasync def wait():\n    while flag == 0:\n        await asyncio.sleep(0)\nasync def main():\n    await asyncio.gather(wait(), wait())\nasyncio.run(main())\n";
    let got = verdict(spin, goal("no-deadlock"), Some("flag"));
    assert_eq!(got.status(), "unproven", "{got:?}");
}
