//! The engine's behaviour: the article's figures, virtual time, lost-write
//! accounting, deadlocks, scheduling policies and bad input.

use racecourse::sim::{
    simulate, simulate_with, Ending, EventKind, Limits, LockName, Replay, Scenario, ScenarioError,
    Schedule, Scheduler, SeededRandom, Strategy,
};

fn run(scenario: Scenario) -> racecourse::sim::Outcome {
    simulate(&scenario).expect("valid scenario")
}

#[test]
fn article_figures_thousand_tasks() {
    let article = Scenario::article();
    let bug = run(article.clone());
    assert_eq!(bug.final_balance, 1001);
    assert_eq!(bug.expected_balance, 2000);
    assert_eq!(bug.lost_count(), 999);
    for strategy in [
        Strategy::Lock,
        Strategy::Restructure,
        Strategy::Counter,
        Strategy::SingleWriter,
    ] {
        let fixed = run(article.clone().with_strategy(strategy));
        assert_eq!(fixed.final_balance, 2000, "{strategy}");
        assert_eq!(fixed.lost_count(), 0, "{strategy}");
        assert_eq!(fixed.ending, Some(Ending::Completed));
    }
}

#[test]
fn article_bank_example() {
    let bank = Scenario::bank();
    assert_eq!(run(bank.clone()).final_balance, 1100);
    assert_eq!(
        run(bank.clone().with_strategy(Strategy::Lock)).final_balance,
        1500
    );
    // The article's log lines come out of the trace.
    let lines: Vec<String> = run(bank)
        .trace
        .iter()
        .filter_map(|e| e.article_line())
        .collect();
    assert_eq!(lines[0], "[T1] Reading balance... (1000)");
    assert!(lines.contains(&"[T5] Wrote balance: 1100".to_owned()));
}

#[test]
fn the_mistakes() {
    let article = Scenario::article();
    let too_late = run(article.clone().with_strategy(Strategy::LockTooLate));
    assert_eq!(too_late.final_balance, 1001);
    assert_eq!(too_late.lost_count(), 999);

    // As the article writes it, Mistake 2 loses nothing: the uncontended lock
    // never suspends, so nothing runs between the read and the write.
    let narrow = run(article.clone().with_strategy(Strategy::LockTooNarrow));
    assert_eq!(narrow.final_balance, 2000);
    assert_eq!(narrow.elapsed_ms, 0);
    let queued = narrow
        .trace
        .windows(2)
        .filter(|pair| {
            matches!(pair[0].kind, EventKind::LockRequested { .. })
                && !matches!(pair[1].kind, EventKind::LockAcquired { .. })
        })
        .count();
    assert_eq!(queued, 0, "every request is granted at once");

    let narrow_io = run(article.clone().with_strategy(Strategy::LockTooNarrowIo));
    assert_eq!(narrow_io.final_balance, 1001);

    let elsewhere = run(article.with_strategy(Strategy::AwaitElsewhere));
    assert_eq!(elsewhere.final_balance, 1001);
}

#[test]
fn lock_serialises_io_and_restructure_overlaps_it() {
    for tasks in [1, 5, 1000] {
        let scenario = Scenario::article().with_tasks(tasks);
        let locked = run(scenario.clone().with_strategy(Strategy::Lock));
        assert_eq!(locked.elapsed_ms, u64::from(tasks) * 100);
        let restructured = run(scenario.clone().with_strategy(Strategy::Restructure));
        assert_eq!(restructured.elapsed_ms, 100);
        let bug = run(scenario);
        assert_eq!(bug.elapsed_ms, 100);
    }
}

#[test]
fn single_writer_is_correct_and_keeps_the_io_parallel() {
    let outcome = run(Scenario::article().with_strategy(Strategy::SingleWriter));
    assert_eq!(outcome.final_balance, 2000);
    assert_eq!(
        outcome.elapsed_ms, 100,
        "the I/O overlaps; only the writer is serial"
    );
    // One extra task, the writer, did every write.
    assert_eq!(outcome.finished_tasks, 1001);
    assert!(outcome.writes.iter().all(|w| w.task == 1000));
}

#[test]
fn opposite_order_deadlocks_and_names_the_cycle() {
    let scenario = Scenario {
        tasks: 2,
        delay_ms: 10,
        ..Scenario::article().with_strategy(Strategy::OppositeOrder)
    };
    let outcome = run(scenario.clone());
    let Some(Ending::Deadlock(deadlock)) = &outcome.ending else {
        panic!("expected a deadlock, got {:?}", outcome.ending);
    };
    assert_eq!(deadlock.stuck, vec![0, 1]);
    assert_eq!(deadlock.cycle.len(), 2);
    assert_eq!(
        deadlock.to_string(),
        "T1 waits for lock_b held by T2, T2 waits for lock_a held by T1"
    );
    assert_eq!(outcome.elapsed_ms, 10);
    assert_eq!(outcome.finished_tasks, 0);
    assert_eq!(outcome.final_balance, 1000);

    let fixed = run(scenario.with_strategy(Strategy::ConsistentOrder));
    assert_eq!(fixed.ending, Some(Ending::Completed));
    assert_eq!(fixed.final_balance, 1002);
}

#[test]
fn deadlock_with_many_tasks_names_the_first_cycle_and_all_stuck_tasks() {
    let outcome = run(Scenario::article().with_strategy(Strategy::OppositeOrder));
    let Some(Ending::Deadlock(deadlock)) = &outcome.ending else {
        panic!("expected a deadlock");
    };
    assert_eq!(deadlock.stuck.len(), 1000);
    assert!(deadlock.cycle.iter().all(|w| w.task < 2 && w.held_by < 2));
    assert!(deadlock.cycle.iter().any(|w| w.lock == LockName::A));
}

#[test]
fn lost_writes_account_for_exactly_the_missing_money() {
    // With jitter, interleavings vary: however they fall, the credits carried
    // by the lost writes are exactly what is missing from the balance.
    for seed in 0..200 {
        for &strategy in Strategy::ALL {
            if matches!(strategy, Strategy::OppositeOrder) {
                continue;
            }
            let outcome = run(Scenario {
                tasks: 12,
                jitter_ms: 60,
                seed,
                starts: Some((0..12).map(|i| (i * seed) % 37).collect()),
                ..Scenario::article().with_strategy(strategy)
            });
            assert_eq!(outcome.ending, Some(Ending::Completed));
            assert_eq!(
                outcome.expected_balance - outcome.final_balance,
                outcome.lost_amount(),
                "{strategy} seed {seed}"
            );
            for lost in &outcome.lost_writes {
                assert!(lost.overwritten_by > lost.write);
                let culprit = &outcome.writes[lost.overwritten_by as usize];
                assert!(
                    culprit.based_on.version <= lost.write,
                    "read before the victim landed"
                );
            }
        }
    }
}

#[test]
fn explains_who_overwrote_whom() {
    let outcome = run(Scenario::bank());
    let explained: Vec<String> = outcome
        .lost_writes
        .iter()
        .map(|l| outcome.explain(l))
        .collect();
    assert_eq!(
        explained,
        (1..5)
            .map(|t| format!(
                "T{} wrote 1100 from its read at t=0 ms, overwriting T{t}'s write of 1100",
                t + 1
            ))
            .collect::<Vec<_>>()
    );
}

/// Who wrote, in order, and whose writes were lost (tasks counted from 0).
fn writers_and_lost(outcome: &racecourse::sim::Outcome) -> (Vec<u32>, Vec<u32>) {
    let writers = outcome.writes.iter().map(|w| w.task).collect();
    let lost = outcome
        .lost_writes
        .iter()
        .map(|l| outcome.writes[l.write as usize].task)
        .collect();
    (writers, lost)
}

#[test]
fn equal_sleeps_fall_due_in_the_order_they_were_set() {
    // The bank example, as python3 runs it: T1 to T5 write in turn, and
    // only the last, T5's, survives.
    let (writers, lost) = writers_and_lost(&run(Scenario::bank()));
    assert_eq!(writers, vec![0, 1, 2, 3, 4]);
    assert_eq!(lost, vec![0, 1, 2, 3]);
    // The 1000 tasks: T1000's write is the one left standing.
    let article = run(Scenario::article());
    let (writers, lost) = writers_and_lost(&article);
    assert_eq!(writers, (0..1000).collect::<Vec<_>>());
    assert_eq!(lost, (0..999).collect::<Vec<_>>());
    // Across instants too: T2 sets a 250 ms sleep at t=0, T1 a 125 ms sleep
    // at t=125. Both fall due at 250; T2's was set first, so T2 writes first.
    let crossed = Scenario {
        tasks: 2,
        delays: Some(vec![125, 250]),
        starts: Some(vec![125, 0]),
        ..Scenario::bank()
    };
    let outcome = run(crossed.clone());
    assert_eq!(outcome.elapsed_ms, 250);
    assert_eq!(writers_and_lost(&outcome).0, vec![1, 0]);
    // Swap who sleeps when, and the order swaps with it.
    let swapped = Scenario {
        delays: Some(vec![250, 125]),
        starts: Some(vec![0, 125]),
        ..crossed
    };
    assert_eq!(writers_and_lost(&run(swapped)).0, vec![0, 1]);
}

#[test]
fn same_seed_same_trace() {
    let scenario = Scenario {
        jitter_ms: 50,
        seed: 1234,
        ..Scenario::article()
    };
    let a = run(scenario.clone());
    let b = run(scenario.clone());
    assert_eq!(a.trace, b.trace);
    let c = run(Scenario {
        seed: 1235,
        ..scenario
    });
    assert_ne!(a.trace, c.trace, "another seed, another run");
}

#[test]
fn a_replayed_prefix_then_continues_in_asyncio_order() {
    // Tasks that start when others write: a random order matters here.
    let scenario = Scenario {
        starts: Some((0..6).map(|i| (i % 2) * 100).collect()),
        ..Scenario::bank().with_tasks(6)
    };
    let random =
        simulate_with(&scenario, &mut SeededRandom::new(3), Limits::default()).expect("valid");
    let prefix: Vec<usize> = random.schedule.positions().take(12).collect();
    let mut schedule = Schedule::default();
    for &position in &prefix {
        schedule.push(position);
    }
    let replayed =
        simulate_with(&scenario, &mut Replay::new(&schedule), Limits::default()).expect("valid");
    let picks: Vec<usize> = replayed.schedule.positions().collect();
    assert_eq!(picks[..12], prefix[..], "the prefix is followed");
    assert!(picks[12..].iter().all(|&p| p == 0), "then asyncio's FIFO");
}

/// The tasks in the order their bodies began.
fn started_order(outcome: &racecourse::sim::Outcome) -> Vec<u32> {
    outcome
        .trace
        .iter()
        .filter(|e| e.kind == EventKind::Started)
        .map(|e| e.task)
        .collect()
}

#[test]
fn a_pick_off_the_front_leaves_the_rest_in_order() {
    // Four tasks ready at once; the schedule "1" runs T2 first. The others
    // must then run in their original order: T1, T3, T4.
    let schedule: Schedule = "1".parse().expect("parses");
    let outcome = simulate_with(
        &Scenario::bank().with_tasks(4),
        &mut Replay::new(&schedule),
        Limits::default(),
    )
    .expect("valid");
    let started = started_order(&outcome);
    assert_eq!(started, vec![1, 0, 2, 3]);
}

/// A scheduler sees which task each ready callback belongs to, and can
/// choose by task: here, always the highest-numbered one.
#[test]
fn a_scheduler_can_choose_by_task() {
    struct HighestFirst;
    impl Scheduler for HighestFirst {
        fn choose(
            &mut self,
            ready: &dyn racecourse::sim::schedule::ReadyQueue,
        ) -> Result<usize, racecourse::sim::schedule::ScheduleError> {
            Ok((0..ready.len()).max_by_key(|&i| ready.task(i)).unwrap_or(0))
        }
    }
    let outcome =
        simulate_with(&Scenario::bank(), &mut HighestFirst, Limits::default()).expect("valid");
    let started = started_order(&outcome);
    assert_eq!(started, vec![4, 3, 2, 1, 0]);
    assert_eq!(
        outcome.final_balance, 1100,
        "still the bug, in another order"
    );
}

#[test]
fn random_schedule_replays_exactly_from_its_printed_form() {
    // Half the tasks start when the other half write: which runs first at
    // t=100 decides what is lost.
    let scenario = Scenario {
        starts: Some((0..8).map(|i| (i % 2) * 100).collect()),
        ..Scenario::bank().with_tasks(8)
    };
    let mut losses = std::collections::BTreeSet::new();
    for seed in 0..30 {
        let random = simulate_with(&scenario, &mut SeededRandom::new(seed), Limits::default())
            .expect("valid");
        losses.insert(random.lost_count());
        let printed = random.schedule.to_string();
        let parsed: Schedule = printed.parse().expect("parses");
        let replayed =
            simulate_with(&scenario, &mut Replay::new(&parsed), Limits::default()).expect("valid");
        assert_eq!(replayed.trace, random.trace, "seed {seed}: {printed}");
        // The same seed picks the same schedule again.
        let again = simulate_with(&scenario, &mut SeededRandom::new(seed), Limits::default())
            .expect("valid");
        assert_eq!(again.schedule, random.schedule);
    }
    assert!(
        losses.len() > 1,
        "random schedules explore different outcomes: {losses:?}"
    );
}

#[test]
fn replay_of_a_schedule_for_another_run_stops_cleanly() {
    let schedule: Schedule = "0 7".parse().expect("parses");
    let outcome = simulate_with(
        &Scenario::bank(),
        &mut Replay::new(&schedule),
        Limits::default(),
    )
    .expect("valid");
    assert!(matches!(outcome.ending, Some(Ending::Diverged(_))));
}

/// The article's 1000 tasks with compare-and-retry (quadratic), under `limits`.
fn optimistic_article_with(limits: Limits) -> racecourse::sim::Outcome {
    let scenario = Scenario::article().with_strategy(Strategy::Optimistic);
    simulate_with(&scenario, &mut racecourse::sim::Fifo, limits).expect("valid")
}

#[test]
fn step_limit_stops_a_quadratic_run() {
    let outcome = optimistic_article_with(Limits {
        max_steps: 10_000,
        ..Limits::default()
    });
    assert!(matches!(
        outcome.ending,
        Some(Ending::Limit { steps: 10_000, .. })
    ));
    // And the memory bound: a run stops once its trace is this long.
    let outcome = optimistic_article_with(Limits {
        max_events: 5_000,
        ..Limits::default()
    });
    let Some(Ending::Limit { events, .. }) = outcome.ending else {
        panic!("expected the event limit, got {:?}", outcome.ending);
    };
    assert!((5_000..5_100).contains(&events), "{events}");
    assert_eq!(outcome.trace.len(), events);
}

#[test]
fn optimistic_retries_until_it_wins() {
    let outcome = run(Scenario::bank().with_strategy(Strategy::Optimistic));
    assert_eq!(outcome.final_balance, 1500);
    assert_eq!(outcome.elapsed_ms, 500, "one winner per round of I/O");
    let retries = outcome
        .trace
        .iter()
        .filter(|e| e.kind == EventKind::Retried)
        .count();
    assert_eq!(retries, 4 + 3 + 2 + 1);
}

#[test]
fn bad_parameters_are_errors_not_panics() {
    let base = Scenario::article();
    let cases: Vec<(Scenario, &str)> = vec![
        (base.clone().with_tasks(0), "tasks"),
        (base.clone().with_tasks(u32::MAX), "tasks"),
        (
            Scenario {
                initial: i64::MAX,
                ..base.clone()
            },
            "initial",
        ),
        (
            Scenario {
                amount: i64::MIN,
                ..base.clone()
            },
            "amount",
        ),
        (
            Scenario {
                delay_ms: u64::MAX,
                ..base.clone()
            },
            "delay",
        ),
        (
            Scenario {
                jitter_ms: u64::MAX,
                ..base.clone()
            },
            "jitter",
        ),
        (
            Scenario {
                delays: Some(vec![1, 2]),
                ..base.clone()
            },
            "delays",
        ),
        (
            Scenario {
                starts: Some(vec![u64::MAX; 1000]),
                ..base.clone()
            },
            "starts",
        ),
    ];
    for (scenario, field) in cases {
        let error: ScenarioError = simulate(&scenario).expect_err(field);
        assert_eq!(error.field(), field);
        assert!(error.to_string().starts_with(field), "{error}");
    }
}

#[test]
fn a_hundred_thousand_tasks_run() {
    let scenario = Scenario::article().with_tasks(100_000);
    let bug = run(scenario.clone());
    assert_eq!(bug.final_balance, 1001);
    let locked = run(scenario.with_strategy(Strategy::Lock));
    assert_eq!(locked.final_balance, 101_000);
    assert_eq!(locked.elapsed_ms, 100_000 * 100);
}

#[test]
fn strategy_names_round_trip() {
    for &strategy in Strategy::ALL {
        assert_eq!(strategy.slug().parse::<Strategy>(), Ok(strategy));
    }
    assert!("mutex".parse::<Strategy>().is_err());
}
