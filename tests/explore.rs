//! The schedule explorer against counting without it: every schedule of
//! small runs, enumerated one by one with no merging and no symmetry, must
//! give the explorer's exact counts, for every strategy.

use std::collections::BTreeMap;

use racecourse::sim::explore::{
    ending_of, estimated_states, explore, plan, random_schedule, state_budget, Bounds, Count,
    Ending, Explorer, Plan, TooMany,
};
use racecourse::sim::ordered::OrderedRun;
use racecourse::sim::rng::SeededRng;
use racecourse::sim::schedule::{TaskOrder, MAX_ORDER_TASKS};
use racecourse::sim::{Ending as RunEnding, Scenario, Strategy};

fn from_zero(strategy: Strategy, tasks: u32) -> Scenario {
    Scenario {
        tasks,
        initial: 0,
        amount: 1,
        ..Scenario::article().with_strategy(strategy)
    }
}

/// Every schedule, by depth-first search over orders, replaying each
/// prefix from the start: slow, and obviously right.
fn brute_force(scenario: &Scenario, max_task_steps: u32) -> BTreeMap<Ending, u64> {
    fn walk(
        scenario: &Scenario,
        order: &mut Vec<u32>,
        max_task_steps: u32,
        out: &mut BTreeMap<Ending, u64>,
    ) {
        let run = OrderedRun::replay(scenario, order).expect("replays");
        let ending = match run.ending() {
            Some(RunEnding::Completed) => {
                Some(Ending::Balance(run.world().balance_and_version().0))
            }
            Some(_) => Some(Ending::Deadlock),
            // A task still running after so many steps: cut, as the explorer does.
            None if run.longest_unfinished() >= max_task_steps => Some(Ending::Unfinished),
            None => None,
        };
        if let Some(ending) = ending {
            *out.entry(ending).or_default() += 1;
            return;
        }
        for task in run.ready().collect::<Vec<_>>() {
            order.push(task);
            walk(scenario, order, max_task_steps, out);
            order.pop();
        }
    }
    let mut out = BTreeMap::new();
    walk(scenario, &mut Vec::new(), max_task_steps, &mut out);
    out
}

fn counts(scenario: &Scenario) -> BTreeMap<Ending, u64> {
    let all = explore(scenario).expect("explores");
    all.outcomes
        .iter()
        .map(|(ending, count, _)| (*ending, count.to_string().parse().expect("fits")))
        .collect()
}

#[test]
fn the_issues_figures() {
    let unsafe3 = counts(&from_zero(Strategy::Unsafe, 3));
    assert_eq!(
        unsafe3,
        BTreeMap::from([
            (Ending::Balance(1), 48),
            (Ending::Balance(2), 36),
            (Ending::Balance(3), 6)
        ])
    );
    let opposite = counts(&from_zero(Strategy::OppositeOrder, 2));
    assert_eq!(
        opposite,
        BTreeMap::from([(Ending::Balance(2), 2), (Ending::Deadlock, 4)])
    );
}

#[test]
fn every_fix_is_correct_in_every_schedule() {
    for strategy in [
        Strategy::Lock,
        Strategy::Restructure,
        Strategy::Counter,
        Strategy::SingleWriter,
        Strategy::LockTooNarrow,
        Strategy::ConsistentOrder,
    ] {
        for tasks in 1..=5 {
            let scenario = from_zero(strategy, tasks);
            let all = explore(&scenario).expect("explores");
            assert!(!all.total().is_zero());
            assert_eq!(all.correct(), *all.total(), "{strategy} at {tasks} tasks");
        }
    }
    // Compare-and-retry: every schedule that finishes is correct.
    let all = explore(&from_zero(Strategy::Optimistic, 3)).expect("explores");
    for (ending, _, _) in &all.outcomes {
        assert!(
            matches!(ending, Ending::Balance(3) | Ending::Unfinished),
            "{ending:?}"
        );
    }
}

#[test]
fn merged_counts_equal_counting_every_schedule_for_every_strategy() {
    for &strategy in Strategy::ALL {
        for tasks in 1..=4 {
            let scenario = Scenario {
                amount: 100,
                initial: 1000,
                ..from_zero(strategy, tasks)
            };
            let steps = Bounds::for_scenario(&scenario).max_task_steps;
            assert_eq!(
                counts(&scenario),
                brute_force(&scenario, steps),
                "{strategy} at {tasks} tasks"
            );
        }
    }
}

fn factorial(n: u32) -> Count {
    let mut total = Count::one();
    for k in 2..=n {
        let mut next = Count::zero();
        next.add_times(&total, k);
        total = next;
    }
    total
}

#[test]
fn counts_pass_u64_without_overflow() {
    // Mistake 2 as written: each task is one step (its lock never
    // suspends), so there are n! schedules: 25! is about 2^84.
    let all = explore(&from_zero(Strategy::LockTooNarrow, 25)).expect("explores");
    let expected = factorial(25);
    assert_eq!(*all.total(), expected);
    assert_eq!(all.total().to_string(), "15511210043330985984000000");
    assert_eq!(all.correct(), expected, "every one correct");
    // Unsafe: every task takes 2 steps, so there are (2n)!/2^n schedules.
    let all = explore(&from_zero(Strategy::Unsafe, 9)).expect("explores");
    let expected = factorial(18);
    let mut times = Count::zero();
    times.add_times(all.total(), 1 << 9);
    assert_eq!(times, expected, "18! = total × 2^9");
}

#[test]
fn shortest_and_drawn_schedules_end_where_they_say() {
    let scenario = from_zero(Strategy::Unsafe, 4);
    let all = explore(&scenario).expect("explores");
    let mut rng = SeededRng::new(5);
    for (ending, _, shortest) in &all.outcomes {
        assert_eq!(ending_of(&scenario, shortest), Some(*ending));
        for _ in 0..20 {
            let drawn = all.draw(&mut rng, Some(*ending)).expect("draws");
            assert_eq!(ending_of(&scenario, &drawn), Some(*ending));
        }
    }
    // A link's order replays through the page's parser.
    let text = all.outcomes[0].2.to_string();
    assert_eq!(text.parse::<TaskOrder>().as_ref(), Ok(&all.outcomes[0].2));
}

#[test]
fn uniform_draws_match_the_exact_shares() {
    let scenario = from_zero(Strategy::Unsafe, 3);
    let all = explore(&scenario).expect("explores");
    let mut rng = SeededRng::new(11);
    let draws = 9000;
    let mut correct = 0;
    for _ in 0..draws {
        let (ending, _) = all.draw_ending(&mut rng).expect("draws");
        correct += u32::from(ending == Ending::Balance(3));
    }
    // 6 of 90: 600 expected; five standard deviations is about 120.
    assert!((480..=720).contains(&correct), "{correct}");
    // The random scheduler favours other orders: T1 alone first is likelier.
    let mut random_correct = 0;
    for _ in 0..draws {
        let (ending, _) = random_schedule(&scenario, &mut rng, 100).expect("runs");
        random_correct += u32::from(ending == Ending::Balance(3));
    }
    assert!(random_correct > 900, "{random_correct}");
}

#[test]
fn too_big_is_an_error_not_a_hang() {
    let scenario = from_zero(Strategy::Unsafe, 30);
    let mut explorer = Explorer::new(
        &scenario,
        Bounds {
            max_states: 500,
            max_task_steps: 200,
        },
    )
    .expect("starts");
    assert!(explorer.work(100_000).is_err());
    let huge = Scenario {
        tasks: 36,
        ..scenario
    };
    assert!(Explorer::new(&huge, Bounds::for_scenario(&huge)).is_err());
}

/// The explorer decides before counting: it counts exactly only where the
/// estimate fits the budget. For every strategy and task count, an estimate
/// that fits is never below the real count (so counting finishes within
/// the plan's bounds), and at the first size it samples instead, the real
/// count is over the budget too (so no count that would fit is refused).
#[test]
fn the_plan_counts_exactly_where_counting_fits_and_only_there() {
    for &strategy in Strategy::ALL {
        let mut counted = 0;
        for tasks in 1..=MAX_ORDER_TASKS {
            let scenario = from_zero(strategy, tasks);
            if scenario.total_tasks() > MAX_ORDER_TASKS {
                assert!(matches!(
                    plan(&scenario),
                    Plan::Sample(TooMany::Tasks { .. })
                ));
                break;
            }
            let estimate = estimated_states(strategy, tasks);
            match plan(&scenario) {
                Plan::Count(bounds) => {
                    let all = Explorer::new(&scenario, bounds)
                        .and_then(Explorer::finish)
                        .unwrap_or_else(|e| panic!("{strategy} at {tasks}: {e}"));
                    assert!(all.states as u64 <= estimate, "{strategy} at {tasks}");
                    // A credit of $0 merges more states, never fewer.
                    let free = Scenario {
                        amount: 0,
                        ..scenario.clone()
                    };
                    let free = Explorer::new(&free, bounds).and_then(Explorer::finish);
                    assert!(free.is_ok_and(|f| f.states <= all.states));
                    counted = tasks;
                }
                Plan::Sample(why) => {
                    let budget = state_budget(scenario.total_tasks());
                    assert_eq!(why, TooMany::States { estimate, budget });
                    let mut explorer = Explorer::new(
                        &scenario,
                        Bounds {
                            max_states: budget as usize,
                            ..Bounds::for_scenario(&scenario)
                        },
                    )
                    .expect("starts");
                    let over = std::iter::repeat_with(|| explorer.work(4096))
                        .find(|step| step.as_ref().map_or(true, |p| p.done));
                    assert!(
                        matches!(over, Some(Err(_))),
                        "{strategy} at {tasks}: sampled, but its states fit the budget"
                    );
                    break;
                }
            }
        }
        println!("{strategy}: counted exactly up to {counted} tasks");
        assert!(counted >= 7, "{strategy}: the lesson's sizes are counted");
    }
    // The article's 1000 tasks, and more than an order names: sampled at once.
    let article = Scenario::article();
    assert_eq!(plan(&article), Plan::Sample(TooMany::Tasks { tasks: 1000 }));
}
