//! How long the engine and the schedule explorer take, natively:
//! `cargo bench --bench engine` (`-- explore` for the explorer alone).
//!
//! Prints the median, fastest and slowest of several runs for each case, and
//! the events per run. Reported, not asserted: timings belong in notes, not
//! in tests that flake on a busy machine.

use std::time::{Duration, Instant};

use racecourse::sim::explore::explore;
use racecourse::sim::{simulate, Scenario, Strategy};

fn measure(label: &str, scenario: &Scenario, runs: usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut events = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let outcome = simulate(scenario).expect("valid scenario");
        times.push(start.elapsed());
        events = outcome.trace.len();
        std::hint::black_box(outcome);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<34} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   {events:>8} events",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by label.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let cases = [
        ("100000 tasks, unsafe", Strategy::Unsafe, 100_000),
        ("100000 tasks, lock", Strategy::Lock, 100_000),
        ("100000 tasks, restructure", Strategy::Restructure, 100_000),
        (
            "100000 tasks, opposite-order",
            Strategy::OppositeOrder,
            100_000,
        ),
        ("10000 tasks, unsafe", Strategy::Unsafe, 10_000),
        ("10000 tasks, lock", Strategy::Lock, 10_000),
        ("1000 tasks, unsafe", Strategy::Unsafe, 1_000),
    ];
    for (label, strategy, tasks) in cases {
        if filter.as_deref().is_some_and(|f| !label.contains(f)) {
            continue;
        }
        let scenario = Scenario::article()
            .with_strategy(strategy)
            .with_tasks(tasks);
        measure(label, &scenario, if tasks >= 100_000 { 11 } else { 31 });
    }
    // The schedule explorer: exact counts of every interleaving.
    for strategy in [Strategy::Unsafe, Strategy::Lock, Strategy::OppositeOrder] {
        for tasks in 2..=10 {
            let label = format!("explore {tasks} tasks, {strategy}");
            if filter.as_deref().is_some_and(|f| !label.contains(f)) {
                continue;
            }
            let scenario = Scenario::article()
                .with_strategy(strategy)
                .with_tasks(tasks);
            let mut times = Vec::new();
            let mut states = 0;
            for _ in 0..5 {
                let start = Instant::now();
                let all = explore(&scenario).expect("explores");
                times.push(start.elapsed());
                states = all.states;
            }
            times.sort();
            println!(
                "{label:<34} median {:>8.2} ms   {states:>6} states",
                times[2].as_secs_f64() * 1000.0
            );
        }
    }
}
