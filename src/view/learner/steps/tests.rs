use super::*;
use crate::py::run::orders::every_order;
use crate::py::run::run_stepped;
use crate::py::run::trace::TraceKind;
use crate::sim::{Ending, Strategy};
use crate::view::learner::run_program_in;
use crate::view::program::python;

const CREDIT: &str = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit())\nasyncio.run(main())\n";

/// Main competes with the tasks it made, prints, and a lock queues one.
const MIXED: &str = "import asyncio\nhits = 0\nlock = asyncio.Lock()\nasync def hit(k):\n    global hits\n    async with lock:\n        seen = hits\n        await asyncio.sleep(0)\n        hits = seen + k\n    print('hit', k)\nasync def main():\n    one = asyncio.create_task(hit(1))\n    two = asyncio.create_task(hit(2))\n    await asyncio.sleep(0)\n    print('main woke')\n    await one\n    await two\nasyncio.run(main())\n";

fn stepped(program: &str, picks: &[u32]) -> LearnerRun {
    run_program_stepped(program, &Scenario::article(), None, false, picks)
}

fn steps(run: &LearnerRun) -> &Steps {
    run.steps.as_ref().expect("a scheduled run has steps")
}

/// Every schedule a learner can make by picking offers, to the end.
fn every_hand_schedule(program: &str) -> Vec<(Vec<u32>, LearnerRun)> {
    let mut done = Vec::new();
    let mut open = vec![Vec::new()];
    while let Some(picks) = open.pop() {
        let run = stepped(program, &picks);
        let offers = &steps(&run).offers;
        assert_eq!(steps(&run).refused, None, "{picks:?}");
        if offers.is_empty() {
            done.push((picks, run));
            continue;
        }
        for offer in offers {
            open.push(picks.iter().copied().chain([offer.pick]).collect());
        }
    }
    done
}

/// The schedules made by hand are exactly the interpreter's every order
/// (brute force), and each, replayed as a `picks=` link replays it, runs
/// as it did by hand.
#[test]
fn schedules_made_by_hand_are_every_order_and_replay_alike() {
    let programs = [
        CREDIT.to_owned(),
        MIXED.to_owned(),
        python(
            &Scenario::article()
                .with_strategy(Strategy::OppositeOrder)
                .with_tasks(2),
        ),
        python(
            &Scenario::article()
                .with_strategy(Strategy::Lock)
                .with_tasks(3),
        ),
    ];
    for program in &programs {
        let by_hand = every_hand_schedule(program);
        let mut brute: Vec<Vec<u32>> = Vec::new();
        every_order(program, page_limits(), 100_000, |picks, _| {
            brute.push(picks.iter().map(|&p| p as u32).collect());
        })
        .expect("runs");
        let mut made: Vec<Vec<u32>> = by_hand.iter().map(|(picks, _)| picks.clone()).collect();
        made.sort();
        brute.sort();
        assert_eq!(made, brute, "{program}");
        for (picks, run) in &by_hand {
            let replayed = run_program_in(program, &Scenario::article(), None, false, Some(picks));
            // Compared as the page shows them: every field, printed.
            let shown = |run: &LearnerRun| format!("{:?} {:?}", run.outcome, run.output);
            assert_eq!(shown(run), shown(&replayed), "{picks:?}");
            assert!(
                run.outcome.as_ref().is_some_and(|o| o.ending.is_some()),
                "ended: {picks:?}"
            );
        }
    }
}

/// What an offer says of its step is what the step then does: the next
/// run tells the same task ran, and where nothing else ran it on, the task
/// stands on the line it was to stop on, or has finished as it said.
#[test]
fn each_offer_says_what_its_step_does_and_where_it_stops() {
    let mode = Mode {
        paced: true,
        ..Mode::default()
    };
    let mut checked_lines = 0;
    for program in [CREDIT, MIXED] {
        for (picks, _) in every_hand_schedule(program) {
            for end in 0..picks.len() {
                let before = stepped(program, &picks[..end]);
                let offer = (steps(&before).offers.iter())
                    .find(|o| o.pick == picks[end])
                    .expect("the pick was offered");
                let after = stepped(program, &picks[..=end]);
                let told = steps(&after).last_step.clone().expect("a step was made");
                assert!(told.starts_with(&format!("{} ran", offer.name())), "{told}");
                // The interpreter's own account of the same run.
                let (ran, at) =
                    run_stepped(program, page_limits(), mode, &picks[..=end]).expect("runs");
                let (task, _) = at.last.expect("a pick was made");
                assert_eq!(task, offer.task);
                let steps = at.steps_since_pick(ran.events.len());
                let (_, start, end) = steps[0];
                let own_finished = ran.events[start..end]
                    .iter()
                    .any(|e| e.task == task && e.kind == TraceKind::Finished);
                assert_eq!(own_finished, offer.stops_at.is_none(), "{offer:?}");
                if own_finished {
                    assert!(offer.does.ends_with("finish"), "{offer:?}");
                }
                let ran_again = steps.iter().skip(1).any(|(t, _, _)| *t == task);
                if let (Some((line, code)), Some(_), false) =
                    (&offer.stops_at, &at.ready, ran_again)
                {
                    assert_eq!(at.lines.get(task as usize), Some(line), "{offer:?}");
                    assert_eq!(
                        program.lines().nth(*line as usize - 1).map(str::trim),
                        Some(code.as_str())
                    );
                    if !offer.does.contains("queue for") {
                        assert!(
                            told.contains(&format!("now at line {line}: {code}")),
                            "{told}"
                        );
                    }
                    checked_lines += 1;
                }
            }
        }
    }
    assert!(checked_lines > 20, "{checked_lines}");
}

#[test]
fn the_tasks_are_told_by_name_with_main_among_them_and_asyncios_next_marked() {
    // main made both tasks and awaits a sleep: all three can run.
    let run = stepped(MIXED, &[]);
    let offers = &steps(&run).offers;
    let names: Vec<String> = offers.iter().map(ProgramOffer::name).collect();
    assert_eq!(names, ["main()", "T1", "T2"]);
    // asyncio runs its queue in order: T1 was made first.
    let next: Vec<bool> = offers.iter().map(ProgramOffer::asyncio_next).collect();
    assert_eq!(next, [false, true, false]);
    assert_eq!(
        offers[1].does,
        "take lock, read hits = 0, then await sleep(0)"
    );
    assert_eq!(offers[0].does, "print main woke");
    assert_eq!(offers[0].stops_at, Some((16, "await one".to_owned())));
    // T1 holds the lock: T2 would queue for it.
    let t1 = offers[1].pick;
    let run = stepped(MIXED, &[t1]);
    let t2 = steps(&run)
        .offers
        .iter()
        .find(|o| o.task == 2)
        .expect("T2 can run");
    assert_eq!(t2.does, "queue for lock");
    assert_eq!(t2.stops_at, Some((6, "async with lock:".to_owned())));
    // Queued, it cannot run until T1 lets go.
    let run = stepped(MIXED, &[t1, t2.pick]);
    assert!(steps(&run).offers.iter().all(|o| o.task != 2));
}

#[test]
fn a_lost_update_and_a_deadlock_can_be_made_by_hand() {
    // Both read 0 before either writes: one update is lost.
    let run = stepped(CREDIT, &[0, 0, 0]);
    let outcome = run.outcome.as_ref().expect("it ran");
    assert_eq!((outcome.final_balance, outcome.lost_count()), (1, 1));
    assert_eq!(outcome.ending, Some(Ending::Completed));
    assert!(steps(&run).offers.is_empty());
    assert_eq!(
        steps(&run).last_step.as_deref(),
        Some("T1 ran: set balance = 1; finished. Then T2, the only task that could run, ran: set balance = 1; finished. Then main() finished")
    );
    // Opposite orders: each takes its first lock, then waits for the other's.
    let program = python(
        &Scenario::article()
            .with_strategy(Strategy::OppositeOrder)
            .with_tasks(2),
    );
    let deadlocked = every_hand_schedule(&program)
        .into_iter()
        .filter(|(_, run)| run.outcome.as_ref().is_some_and(|o| o.is_deadlock()))
        .count();
    assert!(deadlocked > 0);
}

#[test]
fn picks_that_cannot_be_played_are_refused_with_the_run_so_far() {
    let run = stepped(CREDIT, &[0, 7]);
    assert_eq!(
        steps(&run).refused.as_deref(),
        Some("pick 2 asks for place 8 in asyncio's queue, but only 2 tasks could run then")
    );
    assert!(steps(&run).offers.is_empty());
    assert_eq!(run.error, None);
    let outcome = run.outcome.as_ref().expect("the run so far");
    assert_eq!((outcome.ending.clone(), outcome.trace.len()), (None, 3));
    let run = stepped(CREDIT, &[0, 0, 0, 1]);
    assert_eq!(
        steps(&run).refused.as_deref(),
        Some("the run had ended before pick 4")
    );
    // A program that cannot be read says why, and offers nothing.
    let run = stepped("def f(:\n", &[]);
    assert!(run.error.is_some() && steps(&run).offers.is_empty());
    // An exception ends the run where it was raised, as without the
    // scheduler; while a task can still run, the run is not over.
    let raising = CREDIT.replace("current + 1", "current / 0");
    let mut picks = vec![0, 0, 0];
    let run = loop {
        let run = stepped(&raising, &picks);
        if steps(&run).offers.is_empty() {
            break run;
        }
        assert_eq!(run.error, None);
        picks.push(0);
    };
    let error = run.error.as_ref().expect("an error");
    assert_eq!(
        (error.line, error.message.as_str()),
        (7, "ZeroDivisionError: division by zero")
    );
}

#[test]
fn more_ready_tasks_than_lanes_are_refused() {
    let program = CREDIT.replace("credit(), credit()", "*[credit() for _ in range(13)]");
    let run = stepped(&program, &[]);
    assert!(steps(&run).offers.is_empty());
    let refused = steps(&run).refused.clone().expect("refused");
    assert!(refused.starts_with("13 tasks could run next"), "{refused}");
    let program = CREDIT.replace("credit(), credit()", "*[credit() for _ in range(12)]");
    assert_eq!(steps(&stepped(&program, &[])).offers.len(), 12);
}

/// A task that queues for a lock says so, though what runs after it (each
/// task alone) takes the lock for it: that is told as the steps that ran.
#[test]
fn a_step_is_told_apart_from_the_steps_that_ran_after_it_alone() {
    let program = "import asyncio\nbalance = 0\nlock = asyncio.Lock()\nasync def credit():\n    global balance\n    async with lock:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit(), credit())\nasyncio.run(main())\n";
    // T1 holds the lock and awaits; T2 queued for it.
    let run = stepped(program, &[0, 0]);
    let t3 = (steps(&run).offers.iter())
        .find(|o| o.task == 3)
        .expect("T3 can run");
    assert_eq!(t3.does, "queue for lock");
    assert_eq!(t3.stops_at, Some((6, "async with lock:".to_owned())));
    let run = stepped(program, &[0, 0, t3.pick]);
    assert_eq!(
        steps(&run).last_step.as_deref(),
        Some("T3 ran: now queued for lock. Then T1, the only task that could run, ran: set balance = 1, released lock; finished. Then T2, the only task that could run, ran: took lock, read balance = 1, set balance = 2, released lock; finished. Then T3, the only task that could run, ran: took lock, read balance = 2, set balance = 3, released lock; finished. Then main() finished")
    );
}

/// The steps since a pick, as the stepper marks them: one after another,
/// each holding only its own task's events, to the end of the trace; and
/// for the lock program, the order asyncio runs them in when each task in
/// turn is the only one that can run.
#[test]
fn the_steps_since_a_pick_are_marked_one_by_one() {
    let program = "import asyncio\nbalance = 0\nlock = asyncio.Lock()\nasync def credit():\n    global balance\n    async with lock:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit(), credit())\nasyncio.run(main())\n";
    let mode = Mode {
        paced: true,
        ..Mode::default()
    };
    // T1 took the lock and awaits, T2 queued; then T3 queues too.
    let (ran, at) = run_stepped(program, page_limits(), mode, &[0, 0, 0]).expect("runs");
    let steps = at.steps_since_pick(ran.events.len());
    let tasks: Vec<u32> = steps.iter().map(|(task, _, _)| *task).collect();
    // T3 queues; T1 writes and hands the lock to T2; T2 reads and awaits,
    // then writes; T3 likewise; main() returns.
    assert_eq!(tasks, [3, 1, 2, 2, 3, 3, 0]);
    let mut next = at.last.expect("a pick").1;
    for (task, start, end) in &steps {
        assert_eq!(*start, next, "steps follow one another");
        assert!(ran.events[*start..*end].iter().all(|e| e.task == *task));
        next = *end;
    }
    assert_eq!(next, ran.events.len());
}
