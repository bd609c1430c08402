//! Times the explorer's phases for a run (`cargo run --release --example
//! explore_timing -- optimistic 10000`): the moments `summary` reports.
use racecourse::lab::explore::summary;
use racecourse::sim::Scenario;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let strategy = args.next().unwrap_or_else(|| "optimistic".into());
    let tasks: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let strategy = strategy.parse().expect("a strategy");
    let scenario = Scenario::bank().with_tasks(tasks).with_strategy(strategy);
    let start = Instant::now();
    let ms = || start.elapsed().as_secs_f64() * 1000.0;
    let mut reports = 0;
    summary(&scenario, ms, |_| {
        reports += 1;
        if reports <= 3 {
            println!("report {reports} at {:.0} ms", ms());
        }
    });
    println!("done at {:.0} ms after {reports} reports", ms());
}
