//! Count exactly, or sample? Decided before counting, from an estimate of
//! how many merged states the count would reach, so a learner never waits
//! through a count that gives up.
//!
//! With delays abstracted away (every I/O a bare yield), the states a
//! program reaches depend only on its strategy and its task count (a
//! credit of $0 merges more, never less). They were measured for every
//! strategy (`tests/explore.rs` checks each estimate against a real count)
//! and follow a formula or a table:
//!
//! | strategies | states at n tasks |
//! |---|---|
//! | lock, counter, consistent order | (3n² + n + 2) / 2 |
//! | restructure | (n + 1)(n + 2) / 2 |
//! | lock too narrow | n + 1 |
//! | single writer | 7 × 2^n − 2n − 5 |
//! | no lock, await elsewhere, lock too narrow (I/O) | 3, 8, 21, 54, …, 213,008 at 14 (about ×2.2 a task) |
//! | compare-and-retry | 3, 8, 23, 78, 330, 1,802, 12,953, 123,982 at 8 |
//! | lock too late | 3, 9, 26, …, 288,694 at 27 (a degree-5 polynomial) |
//! | opposite order | 3, 12, 39, …, 279,138 at 21 |
//!
//! Each state costs a replay of its first schedule, about one step per
//! task, so the work is states × tasks. [`WORK_BUDGET`] is what Chromium
//! counts in well under a second (`tests/e2e/bench.mjs` reports it); beyond
//! it, schedules are drawn at random instead, at once.

use super::Bounds;
use crate::sim::schedule::MAX_ORDER_TASKS;
use crate::sim::{Scenario, Strategy};

/// Estimated states × tasks that exact counting may take. At the edge
/// (no lock at 11 tasks, compare-and-retry at 7) Chromium counts in 0.3 to
/// 0.65 s on a shared core, and the first bars show within about 1.1 s even
/// with the machine loaded five times over; natively a state costs 1-3 µs
/// per task.
pub const WORK_BUDGET: u64 = 250_000;

/// States measured for `tasks` = 1, 2, … (past the budget, as far as
/// counting went). Past a table, each task multiplies by the table's last
/// ratio: every one of them is over the budget there already.
const NO_LOCK: &[u64] = &[
    3, 8, 21, 54, 135, 328, 777, 1_802, 4_107, 9_228, 20_493, 45_070, 98_319, 213_008,
];
const RETRY: &[u64] = &[3, 8, 23, 78, 330, 1_802, 12_953, 123_982];
const LOCK_TOO_LATE: &[u64] = &[
    3, 9, 26, 67, 153, 315, 596, 1_053, 1_759, 2_805, 4_302, 6_383, 9_205, 12_951, 17_832, 24_089,
    31_995, 41_857, 54_018, 68_859, 86_801, 108_307, 133_884, 164_085, 199_511, 240_813, 288_694,
];
const OPPOSITE_ORDER: &[u64] = &[
    3, 12, 39, 128, 294, 676, 1_280, 2_425, 4_077, 6_856, 10_633, 16_492, 24_124, 35_288, 49_374,
    69_081, 93_335, 126_100, 165_627, 217_536, 279_138,
];

fn tabulated(table: &[u64], tasks: u32) -> u64 {
    let n = tasks as usize;
    if n == 0 {
        return 1;
    }
    if let Some(&states) = table.get(n - 1) {
        return states;
    }
    let (last, before) = (table[table.len() - 1], table[table.len() - 2]);
    let mut states = last;
    for _ in table.len()..n {
        states = match states.checked_mul(last) {
            Some(product) => product.div_ceil(before),
            None => return u64::MAX,
        };
    }
    states
}

/// How many merged states counting `strategy` with `tasks` tasks reaches
/// (never fewer, for the sizes counting finishes at).
pub fn estimated_states(strategy: Strategy, tasks: u32) -> u64 {
    let n = u64::from(tasks);
    match strategy {
        Strategy::Lock | Strategy::Counter | Strategy::ConsistentOrder => (3 * n * n + n + 2) / 2,
        Strategy::Restructure => (n + 1) * (n + 2) / 2,
        Strategy::LockTooNarrow => n + 1,
        Strategy::SingleWriter => 1u64
            .checked_shl(tasks)
            .filter(|&power| power < u64::MAX / 8)
            .map_or(u64::MAX, |power| 7 * power - (2 * n + 5)),
        Strategy::Unsafe | Strategy::AwaitElsewhere | Strategy::LockTooNarrowIo => {
            tabulated(NO_LOCK, tasks)
        }
        Strategy::Optimistic => tabulated(RETRY, tasks),
        Strategy::LockTooLate => tabulated(LOCK_TOO_LATE, tasks),
        Strategy::OppositeOrder => tabulated(OPPOSITE_ORDER, tasks),
    }
}

/// What the explorer does with a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Count every schedule exactly, within these bounds (a few more states
    /// than the estimate: if it were ever short, counting still stops soon).
    Count(Bounds),
    /// Draw schedules at random instead.
    Sample(TooMany),
}

/// Why there are no exact counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooMany {
    /// More tasks than an order can name.
    Tasks { tasks: u32 },
    /// Counting would reach about `estimate` states, more than the budget
    /// allows at this task count (`budget`).
    States { estimate: u64, budget: u64 },
}

/// The most states exact counting takes at `total_tasks` tasks.
pub fn state_budget(total_tasks: u32) -> u64 {
    WORK_BUDGET / u64::from(total_tasks.max(1))
}

/// Count or sample `scenario`, decided from its estimate alone.
pub fn plan(scenario: &Scenario) -> Plan {
    let total = scenario.total_tasks();
    if total > MAX_ORDER_TASKS {
        return Plan::Sample(TooMany::Tasks { tasks: total });
    }
    let estimate = estimated_states(scenario.strategy, scenario.tasks);
    let budget = state_budget(total);
    if estimate > budget {
        return Plan::Sample(TooMany::States { estimate, budget });
    }
    let bounds = Bounds::for_scenario(scenario);
    Plan::Count(Bounds {
        max_states: usize::try_from(budget + budget / 4).unwrap_or(bounds.max_states),
        ..bounds
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_grow_with_the_task_count_and_never_overflow() {
        for &strategy in Strategy::ALL {
            let mut before = 0;
            for tasks in 1..=10_000 {
                let states = estimated_states(strategy, tasks);
                assert!(states >= before, "{strategy} at {tasks}");
                before = states;
            }
        }
    }

    #[test]
    fn big_programs_are_sampled_at_once() {
        let article = Scenario::article();
        assert_eq!(plan(&article), Plan::Sample(TooMany::Tasks { tasks: 1000 }));
        for tasks in [14, 20, 35] {
            assert!(matches!(
                plan(&article.clone().with_tasks(tasks)),
                Plan::Sample(TooMany::States { .. })
            ));
        }
        assert!(matches!(
            plan(&article.clone().with_tasks(8)),
            Plan::Count(_)
        ));
        let lock = article.with_strategy(Strategy::Lock);
        assert!(matches!(plan(&lock.with_tasks(35)), Plan::Count(_)));
    }
}
